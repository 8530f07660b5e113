"""The readable view of one case (``zeige``): Stammdaten, then the four phases in order.

Returns Rich renderables built from ``Text`` objects, never from markup strings, so that a
customer's note containing ``[red]`` or ``[/]`` is shown as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fall import (
    PHASEN,
    WER_TEXT,
    Abschluss,
    Fall,
    Potenzialanalyse,
    Vereinbarung,
    Wechsel,
    Wiedervorlage,
    erreichte_phase,
)
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.steuerzeichen import sicher
from vier_phasen_cli.domain.vereinbarung import NAMEN as VEREINBARUNGSARTEN


def ja_nein(wert: bool | None) -> str:
    return "–" if wert is None else ("ja" if wert else "nein")


def _offen_oder(erledigt: date | None, wort: str = "erledigt") -> Text:
    if erledigt is None:
        return Text("offen", style="yellow")
    return Text(f"{wort} {deutsch(erledigt)}", style="green")


def _termin(wort: str, datum: date | None) -> str:
    return f"  {wort} {deutsch(datum)} " if datum else "  ohne Datum "


WERT_MINDESTENS = 12
"""Columns a value needs next to its label; on a narrower terminal each label stands above
its value (Rich would give the value no room at all and drop it)."""


class _Felder:
    """Labels and their values: side by side where they fit, else each value below its label,
    indented."""

    def __init__(self, zeilen: Iterable[tuple[str, str | Text | None]]) -> None:
        self.zeilen = [
            (name, wert if isinstance(wert, Text) else Text(str(wert)))
            for name, wert in zeilen
            if wert is not None and wert != ""
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        breit = max((cell_len(name) for name, _ in self.zeilen), default=0)
        if breit + 2 + WERT_MINDESTENS <= options.max_width:
            tabelle = Table.grid(padding=(0, 2))
            tabelle.add_column(style="bold", no_wrap=True)
            tabelle.add_column(overflow="fold")
            for name, wert in self.zeilen:
                tabelle.add_row(name, wert)
            yield tabelle
            return
        for name, wert in self.zeilen:
            yield Text(name, style="bold", overflow="fold")
            yield Padding(wert, (0, 0, 0, 2))


def _felder(zeilen: Iterable[tuple[str, str | Text | None]]) -> _Felder:
    return _Felder(zeilen)


def _liste(titel: str, eintraege: Sequence[Text], leer: str = "keine") -> RenderableType:
    """A heading and bullet points whose wrapped lines stay indented."""
    kopf = Text(titel, style="bold")
    if not eintraege:
        return Group(kopf, Text(f"  {leer}", style="dim"))
    punkte = Table.grid(padding=(0, 1))
    punkte.add_column(width=3, justify="right")
    punkte.add_column(overflow="fold")
    for eintrag in eintraege:
        punkte.add_row("•", eintrag)
    return Group(kopf, punkte)


class _Kasten:
    """A framed section with its title in the top border; a title too long for it (a long
    name on a narrow terminal) becomes the section's first line instead of being cut."""

    def __init__(self, titel: str, inhalt: Sequence[RenderableType]) -> None:
        self.titel = Text(titel, style="bold cyan", overflow="fold")
        self.inhalt = inhalt

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # The border takes a corner, a line and a space before the title, one after it and
        # a line and the corner after that.
        if self.titel.cell_len + 6 <= options.max_width:
            yield Panel(Group(*self.inhalt), title=self.titel, title_align="left")
        else:
            yield Panel(Group(self.titel, *self.inhalt))


def _panel(titel: str, *inhalt: RenderableType) -> _Kasten:
    return _Kasten(titel, inhalt)


def sicher_gezeigt(fall: Fall) -> Fall:
    """A copy of ``fall`` whose texts show control characters as escapes (``\\x1b``).

    Views build Rich ``Text`` from the case's texts; Rich would silently drop some control
    characters and pass others on, so the texts are made safe before the view sees them."""
    return type(fall).model_validate(_sicher_tief(fall.model_dump()))


def _sicher_tief(wert: Any) -> Any:
    if isinstance(wert, str):
        return sicher(wert)
    if isinstance(wert, dict):
        return {k: _sicher_tief(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_sicher_tief(v) for v in wert]
    return wert


def fallansicht(fall: Fall, kataloge: Kataloge) -> RenderableType:
    """All sections of ``fall``, phases in the Integrationskonzept's order."""
    fall = sicher_gezeigt(fall)
    teile: list[RenderableType] = [
        _stammdaten(fall),
        _phase1(fall, kataloge),
        _phase2(fall, kataloge),
        _phase3(fall, kataloge),
        _phase4(fall),
        _gespraeche(fall, kataloge),
    ]
    nh = fall.nachhaltigkeit
    if (
        fall.abschluss is not None
        or fall.abschluss_historie
        or (nh and (nh.beschaeftigung_ab or nh.nachbetreuung_geprueft))
    ):
        teile.append(_abschluss(fall, kataloge))
    return Group(*teile)


def _stammdaten(fall: Fall) -> RenderableType:
    phase = erreichte_phase(fall)
    zeilen: list[tuple[str, str | Text | None]] = [
        ("Rechtskreis", fall.rechtskreis),
        ("Fachkraft", fall.fachkraft),
        ("Vertretung", _vertretung(fall)),
        ("Status", Text(fall.status, style="green" if fall.status == "aktiv" else "dim")),
        ("Geburtsdatum", deutsch(fall.kunde.geburtsdatum, "")),
        ("Arbeitslos seit", deutsch(fall.arbeitslos_seit, "")),
        ("Rehabilitand/in", ja_nein(fall.reha)),
        ("Ausbildungsvermittlung", ja_nein(fall.ausbildungsvermittlung)),
    ]
    if fall.rechtskreis == "SGB II":
        zeilen.append(("Aufstockend", ja_nein(fall.aufstocker)))
    if fall.reha_bedarf_geprueft:
        zeilen.append(("Reha-Bedarf geprüft", deutsch(fall.reha_bedarf_geprueft)))
    bg = fall.bedarfsgemeinschaft
    if bg is not None:
        zeilen.append(
            (
                "Bedarfsgemeinschaft",
                f"{bg.mitglieder or '?'} Mitglieder · gemeinsame Gespräche "
                f"{ja_nein(bg.gemeinsame_gespraeche)} · Einwilligung aller "
                f"{ja_nein(bg.einwilligung_aller)}",
            )
        )
    zeilen.append(("Folgegespräch", deutsch(fall.termine.folgegespraech if fall.termine else None)))
    zeilen.append(("Erreichte Phase", PHASEN[phase]))
    titel = f"Fall {fall.id} · {fall.kunde.name}"
    teile: list[RenderableType] = [_felder(zeilen)]
    if fall.wiedervorlagen:
        teile.append(_liste("Wiedervorlagen", [_wiedervorlage(w) for w in fall.wiedervorlagen]))
    if fall.wechsel:
        teile.append(_liste("Änderungen der Stammdaten", [_wechsel(w) for w in fall.wechsel]))
    return _panel(titel, *teile)


def _vertretung(fall: Fall) -> str | None:
    v = fall.vertretung
    if v is None:
        return None
    return f"{v.fachkraft} vom {deutsch(v.ab)} bis {deutsch(v.bis)}"


def _wiedervorlage(w: Wiedervorlage) -> Text:
    zeile = Text(f"{deutsch(w.am)}: ").append(w.text).append("  ")
    return zeile.append_text(_offen_oder(w.erledigt))


def _wechsel_wert(wert: Any) -> str:
    if isinstance(wert, bool):
        return ja_nein(wert)
    return "–" if wert is None else str(wert)


def _wechsel(w: Wechsel) -> Text:
    zeile = Text(f"{deutsch(w.datum)}: {w.feld} {_wechsel_wert(w.von)} → {_wechsel_wert(w.nach)}")
    if w.notiz:
        zeile.append(f" ({w.notiz})", style="dim")
    return zeile


def _phase1(fall: Fall, kataloge: Kataloge) -> RenderableType:
    titel = "Phase 1 · Potenzialanalyse (3.1)"
    pa = fall.potenzialanalyse
    prognose = _prognose_zeilen(fall, kataloge)
    if pa is None:
        return _panel(titel, Text("noch nicht durchgeführt", style="dim"), _felder(prognose))
    zeilen: list[tuple[str, str | Text | None]] = [("Datum", deutsch(pa.datum))]
    if pa.ausnahme is not None:
        a = pa.ausnahme
        eintrag = kataloge["ausnahmen"].get(a.grund)
        buchstabe = f" ({eintrag['buchstabe']})" if eintrag and eintrag["buchstabe"] else ""
        zeilen += [
            ("Ausnahme (Anlage 1)", f"{kataloge['ausnahmen'].bezeichnung(a.grund)}{buchstabe}"),
            ("  bis", deutsch(a.bis, "")),
            ("  Maßnahmeende", deutsch(a.massnahme_ende, "")),
            ("  Notiz", a.notiz),
        ]
    zeilen += [
        ("Zielberuf", pa.zielberuf or Text("offen", style="yellow")),
        ("Annäherung", pa.annaeherung),
        ("Stellengesuch", ja_nein(pa.stellengesuch)),
        ("BBiE eingeschaltet", ja_nein(pa.bbie)),
    ]
    return _panel(
        titel,
        _felder(zeilen),
        _staerken(pa, kataloge),
        _bedarfe(pa, kataloge),
        _felder(prognose),
    )


def _prognose_zeilen(fall: Fall, kataloge: Kataloge) -> list[tuple[str, str | Text | None]]:
    zeilen: list[tuple[str, str | Text | None]] = []
    if fall.integrationsprognose:
        bez = kataloge["integrationsprognosen"].bezeichnung(fall.integrationsprognose)
        zeilen.append(("Integrationsprognose (Abschnitt 4)", bez))
    if fall.unterstuetzungsbedarf:
        bez = kataloge["unterstuetzungsbedarfe"].bezeichnung(fall.unterstuetzungsbedarf)
        zeilen.append(("Unterstützungsbedarf (Abschnitt 5)", bez))
    return zeilen


def _staerken(pa: Potenzialanalyse, kataloge: Kataloge) -> RenderableType:
    eintraege = [
        Text(f"{kataloge['staerken'].bezeichnung(s.art)}: ", style="bold").append(s.text)
        for s in pa.staerken
    ]
    return _liste("Stärken (3.1.2)", eintraege)


def _bedarfe(pa: Potenzialanalyse, kataloge: Kataloge) -> RenderableType:
    eintraege = []
    for b in pa.handlungsbedarfe:
        eintrag = kataloge["handlungsbedarfe"].get(b.code)
        gruppe = kataloge.schluesselgruppe(eintrag["schluesselgruppe"]) if eintrag else "?"
        zeile = Text(kataloge["handlungsbedarfe"].bezeichnung(b.code), style="bold")
        zeile.append(f" ({gruppe}) ", style="dim").append_text(_offen_oder(b.erledigt))
        if b.notiz:
            zeile.append(" – ").append(b.notiz)
        eintraege.append(zeile)
    return _liste("Handlungsbedarfe (3.1.2)", eintraege)


def _phase2(fall: Fall, kataloge: Kataloge) -> RenderableType:
    titel = "Phase 2 · Ziel (3.2)"
    ziel = fall.ziel
    if ziel is None:
        return _panel(titel, Text("noch nicht festgelegt", style="dim"))
    zwischenziele = []
    for z in ziel.zwischenziele:
        zeile = Text(z.text).append(_termin("bis", z.bis), style="dim")
        zwischenziele.append(zeile.append_text(_offen_oder(z.erreicht, "erreicht")))
    zeilen: list[tuple[str, str | Text | None]] = [
        (
            "Zieloption (Anlage 2)",
            kataloge["zieloptionen"].bezeichnung(ziel.option) if ziel.option else None,
        ),
        ("Beschreibung", ziel.beschreibung),
    ]
    return _panel(titel, _felder(zeilen), _liste("Zwischenziele", zwischenziele))


def _phase3(fall: Fall, kataloge: Kataloge) -> RenderableType:
    titel = "Phase 3 · Strategien (3.3)"
    strategien: list[Text] = []
    for st in fall.strategien:
        zeile = Text(kataloge["handlungsstrategien"].bezeichnung(st.code), style="bold")
        if st.handlungsbedarf:
            bedarf = kataloge["handlungsbedarfe"].bezeichnung(st.handlungsbedarf)
            zeile.append(f"  für: {bedarf}", style="dim")
        if st.beendet:
            zeile.append(f"  beendet am {deutsch(st.beendet)}", style="yellow")
            if st.beendigungsgrund:
                zeile.append(f" ({st.beendigungsgrund})", style="yellow")
        for a in st.aktivitaeten:
            zeile.append(f"\n– {WER_TEXT[a.wer]}: ").append(a.was)
            zeile.append(_termin("bis", a.bis), style="dim").append_text(_offen_oder(a.erledigt))
        strategien.append(zeile)
    if not fall.strategien and not fall.produkte:
        return _panel(titel, Text("noch keine Strategie vereinbart", style="dim"))
    produkte: list[Text] = []
    for p in fall.produkte:
        zeile = Text(p.bezeichnung, style="bold")
        if p.strategie:
            zeile.append(
                f"  für: {kataloge['handlungsstrategien'].bezeichnung(p.strategie)}", style="dim"
            )
        zeile.append(f"\n{deutsch(p.beginn)} bis {deutsch(p.ende)}")
        if p.austritt:
            zeile.append(f", Austritt {deutsch(p.austritt)}" + (" (Abbruch)" if p.abbruch else ""))
        if p.bei_arbeitgeber:
            zeile.append(" · bei einem Arbeitgeber")
        lf = p.leitfragen
        bejaht = lf is not None and all(
            (lf.passgenau, lf.erfolgswahrscheinlichkeit, lf.foerdervoraussetzungen)
        )
        zeile.append(" · Leitfragen ").append_text(
            Text("alle bejaht", style="green")
            if bejaht
            else Text("nicht alle bejaht", style="yellow")
        )
        if p.begruendung:
            zeile.append("\nBegründung: ").append(p.begruendung)
        produkte.append(zeile)
    teile: list[RenderableType] = [
        _liste("Handlungsstrategien (3.3.1)", strategien),
        _liste("Produkteinsatz (3.3.2)", produkte),
    ]
    return _panel(titel, *teile)


def _phase4(fall: Fall) -> RenderableType:
    titel = "Phase 4 · Umsetzen und Nachhalten (3.4)"
    v = fall.vereinbarung
    if v is None:
        return _panel(titel, Text("noch keine Vereinbarung", style="dim"), *_historie(fall))
    return _panel(titel, *_vereinbarung(v), *_historie(fall))


def _vereinbarung(v: Vereinbarung) -> list[RenderableType]:
    zeilen: list[tuple[str, str | Text | None]] = [
        ("Art", VEREINBARUNGSARTEN[v.art]),
        ("Datum", deutsch(v.datum)),
        ("Zuletzt überprüft", deutsch(v.ueberprueft, "")),
        ("Ausgehändigt und erläutert", ja_nein(v.ausgehaendigt)),
        ("Integrationskurs / Deutschförderung", v.integrationskurs),
        ("Vermittlungsrichtung", v.vermittlungsrichtung),
        ("Rehabilitation", v.reha),
    ]
    if v.schlichtung is not None:
        zeilen.append(
            (
                "Schlichtung (§ 15a SGB II)",
                (
                    f"beantragt {deutsch(v.schlichtung.beantragt)}"
                    if v.schlichtung.beantragt
                    else "nicht verlangt"
                )
                + (f" – {v.schlichtung.ergebnis}" if v.schlichtung.ergebnis else ""),
            )
        )
    eigen = []
    for e in v.eigenbemuehungen:
        zeile = Text(e.text).append(_termin("Frist", e.frist), style="dim")
        eigen.append(zeile.append_text(_offen_oder(e.erledigt)))
    return [
        _felder(zeilen),
        _liste("Leistungen", [Text(t) for t in v.leistungen]),
        _liste("Eigenbemühungen", eigen),
        _liste("Andere Leistungsträger", [Text(t) for t in v.andere_traeger]),
    ]


def _historie(fall: Fall) -> list[RenderableType]:
    if not fall.vereinbarung_historie:
        return []
    frueher = ", ".join(
        f"{VEREINBARUNGSARTEN[v.art]} vom {deutsch(v.datum)}" for v in fall.vereinbarung_historie
    )
    return [Text(f"Frühere Fassungen: {frueher}", style="dim")]


def _gespraeche(fall: Fall, kataloge: Kataloge) -> RenderableType:
    """Every conversation with its Beratungsvermerk, oldest first."""
    titel = "Gespräche und Beratungsvermerke (Abschnitt 3)"
    if not fall.gespraeche:
        return _panel(titel, Text("noch keine Gespräche dokumentiert", style="dim"))
    teile: list[RenderableType] = []
    for g in sorted(fall.gespraeche, key=lambda g: g.datum):
        kopf = Text(deutsch(g.datum), style="bold")
        kopf.append(f" · {kataloge['gespraechsarten'].bezeichnung(g.art)}", style="bold")
        if g.form:
            kopf.append(f" · {kataloge['gespraechsformen'].bezeichnung(g.form)}")
        akt = g.aktivitaeten
        zeilen: list[tuple[str, str | Text | None]] = [
            ("Anliegen", g.anliegen),
            ("Maßnahme", g.produkt),
            (
                "Prognose",
                kataloge["integrationsprognosen"].bezeichnung(g.prognose) if g.prognose else None,
            ),
            ("Abgleich", akt.abgleich if akt else None),
            ("Überprüfung", akt.ueberpruefung if akt else None),
            ("Bewerbungen", akt.bewerbungen if akt else None),
            ("Nächste Schritte", akt.naechste_schritte if akt else None),
            ("Vermerk", g.vermerk or Text("kein Vermerk", style="yellow")),
        ]
        if teile:
            teile.append(Text(""))
        teile += [kopf, Padding(_felder(zeilen), (0, 0, 0, 2))]
    return _panel(titel, *teile)


def _abschluss(fall: Fall, kataloge: Kataloge) -> RenderableType:
    zeilen: list[tuple[str, str | Text | None]] = []
    if fall.nachhaltigkeit is not None:
        zeilen += [
            ("Beschäftigung ab", deutsch(fall.nachhaltigkeit.beschaeftigung_ab, "")),
            ("Nachbetreuung geprüft", deutsch(fall.nachhaltigkeit.nachbetreuung_geprueft, "")),
        ]
    if fall.abschluss is not None:
        zeilen += [
            ("Abgeschlossen am", deutsch(fall.abschluss.datum)),
            ("Grund", kataloge["abschlussgruende"].bezeichnung(fall.abschluss.grund)),
            ("Notiz", fall.abschluss.notiz),
            ("Reha-Träger beendet", deutsch(fall.abschluss.reha_traeger_beendet, "")),
        ]
    inhalt: list[RenderableType] = [_felder(zeilen)]
    if fall.abschluss_historie:
        inhalt.append(_liste("Frühere Abschlüsse", [
            _frueherer_abschluss(a, kataloge) for a in fall.abschluss_historie
        ]))  # fmt: skip
    return _panel("Nachhaltigkeit und Abschluss (3.4.4)", *inhalt)


def _frueherer_abschluss(a: Abschluss, kataloge: Kataloge) -> Text:
    text = Text(f"{deutsch(a.datum)}: {kataloge['abschlussgruende'].bezeichnung(a.grund)}")
    if a.notiz:
        text.append(f" – {a.notiz}")
    if a.wiederaufgenommen:
        text.append(f"; wieder aufgenommen am {deutsch(a.wiederaufgenommen)}")
    if a.wiederaufnahme_notiz:
        text.append(f" – {a.wiederaufnahme_notiz}")
    return text
