"""The Folgegespräch (3.4.3): the case at a glance, then the four activities with real edits,
the prognosis review, the next date and the Beratungsvermerk (SPEC §6).

Answers are whole sections of the case (changed copies of the current ones) plus
``gespraech``; only sections that actually changed are handed to the merge, so the others stay
byte for byte as they were.
"""

from __future__ import annotations

import copy
from typing import Any

from vier_phasen_cli.domain.eintraege import WIEDERHOLUNG_TEXT, naechste_frist
from vier_phasen_cli.domain.fall import Fall, laufende_strategien
from vier_phasen_cli.domain.festgehalten import festgehalten
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.vereinbarung import KOOPERATIONSPLAN
from vier_phasen_cli.storage.yamldatei import klar
from vier_phasen_cli.wizard.anwenden import ersetzt
from vier_phasen_cli.wizard.bausteine import (
    Antworten,
    Lage,
    frage_aktivitaeten,
    frage_bedarfe,
    frage_eigenbemuehungen,
    frage_produkte,
    frage_prognose,
    frage_schlichtung,
    frage_texte,
    pruefe_neue_produkte,
    strategie_wahlen,
    termin_und_vermerk,
)
from vier_phasen_cli.wizard.erstgespraech import potenzialanalyse, vereinbarung
from vier_phasen_cli.wizard.erstgespraech import ziel as frage_ziel
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl
from vier_phasen_cli.wizard.verschmelzen import fortgeschrieben, schreibe_fort

ABSCHNITTE = (
    "potenzialanalyse",
    "ziel",
    "strategien",
    "produkte",
    "vereinbarung",
    "integrationsprognose",
    "unterstuetzungsbedarf",
)


def auf_einen_blick(fall: Fall, kataloge: Kataloge, lage: Lage) -> Any:
    """The panel shown first: Ziel, Strategien, Eigenbemühungen with deadlines, what is due."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from vier_phasen_cli.domain.fristen import Fallkopf, bericht, fristen, wann
    from vier_phasen_cli.render.fallansicht import sicher_gezeigt

    fall = sicher_gezeigt(fall)
    zeilen: list[Any] = []
    if fall.ziel and fall.ziel.option:
        zeilen.append(
            Text("Ziel: ", style="bold").append(
                kataloge["zieloptionen"].bezeichnung(fall.ziel.option)
            )
        )
        if fall.ziel.beschreibung:
            zeilen.append(Text("      ").append(fall.ziel.beschreibung))
    for s in laufende_strategien(fall):
        zeilen.append(
            Text("Strategie: ", style="bold").append(
                kataloge["handlungsstrategien"].bezeichnung(s.code)
            )
        )
    for e in fall.vereinbarung.eigenbemuehungen if fall.vereinbarung else []:
        stand = (
            f"erledigt {e.erledigt:%d.%m.%Y}"
            if e.erledigt
            else (f"bis {e.frist:%d.%m.%Y}" if e.frist else "ohne Frist")
        )
        if e.wiederholung:
            stand += f", {WIEDERHOLUNG_TEXT[e.wiederholung]}"
        zeilen.append(
            Text("Eigenbemühung: ", style="bold").append(e.text).append(f"  ({stand})", style="dim")
        )
    faellig = bericht([(Fallkopf.von(fall), fristen(fall, kataloge))], lage.datum, 14)
    for z in faellig:
        stil = "red" if z.status == "ueberfaellig" else "yellow"
        zeilen.append(Text(f"Fällig {wann(z.tage)}: ", style=f"bold {stil}").append(z.frist.text))
    if not faellig:
        zeilen.append(
            Text("Nichts überfällig oder in den nächsten 14 Tagen fällig.", style="green")
        )
    return Panel(Group(*zeilen), title=f"Fall {fall.id} · {fall.kunde.name}", title_align="left")


def _abgleich(b: Befrager, lage: Lage, neu: Antworten) -> None:
    """1) Abgleich: what of the agreement and the activities has been done."""
    gegeben = b.gegeben("vereinbarung")
    bisher = neu.get("vereinbarung")
    if (
        gegeben is not None
        and isinstance(bisher, dict)
        and fortgeschrieben("vereinbarung", gegeben)
    ):
        neu["vereinbarung"] = schreibe_fort("vereinbarung", bisher, gegeben)
        if ersetzt(bisher, neu["vereinbarung"]):  # an obligation changed: concluded anew
            neu["vereinbarung"]["datum"] = lage.datum
    elif gegeben is not None:  # given anew (SPEC §5); the art stays unless named
        neu["vereinbarung"] = dict(gegeben)
        if isinstance(bisher, dict) and not gegeben.get("art"):
            neu["vereinbarung"]["art"] = bisher.get("art")
    v = neu.get("vereinbarung")
    if v is not None and b.gegeben("vereinbarung") is None:
        for i, e in enumerate(v.get("eigenbemuehungen") or []):
            if e.get("erledigt") is None and b.ja_nein(
                f"folge.eigenbemuehung.{i}", f"Erledigt: {e['text']}?", vorgabe=False
            ):
                e["erledigt"] = lage.datum
                if e.get("wiederholung") in WIEDERHOLUNG_TEXT and e.get("frist"):
                    folgt = naechste_frist(e["frist"], e["wiederholung"])
                    b.melde(
                        f"  Wiederkehrend ({WIEDERHOLUNG_TEXT[e['wiederholung']]}): die nächste "
                        f"ist zum {folgt:%d.%m.%Y} fällig."
                    )
    if b.gegeben("strategien") is None:
        for i, s in enumerate(neu.get("strategien") or []):
            if s.get("beendet"):
                continue
            for j, a in enumerate(s.get("aktivitaeten") or []):
                if a.get("erledigt") is None and b.ja_nein(
                    f"folge.aktivitaet.{i}.{j}", f"Erledigt: {a['was']}?", vorgabe=False
                ):
                    a["erledigt"] = lage.datum


def _ueberpruefung(b: Befrager, k: Kataloge, lage: Lage, neu: Antworten) -> bool:
    """2) Überprüfung of Potenzialanalyse, Ziel and strategies, with edits; True when an
    owed Potenzialanalyse was done in it (its prognosis is then this contact's)."""
    gegeben = [a for a in ("potenzialanalyse", "ziel", "strategien", "produkte") if b.gegeben(a)]
    if gegeben:  # sections from an answers file: merged by identity when saved (SPEC §16)
        for abschnitt in gegeben:
            antwort, bisher = b.gegeben(abschnitt), neu.get(abschnitt)
            if isinstance(bisher, dict) and fortgeschrieben(abschnitt, antwort):
                neu[abschnitt] = schreibe_fort(abschnitt, bisher, antwort)
            else:
                neu[abschnitt] = copy.deepcopy(antwort)
        pruefe_neue_produkte(b, k, lage, neu.get("produkte"))
        _pruefe_beendete(b, lage, b.gegeben("strategien"))
        return False
    nachgeholt = _potenzialanalyse_nachholen(b, k, lage, neu)
    pa = neu.get("potenzialanalyse")
    if pa is None or pa.get("ausnahme"):
        return nachgeholt  # nothing to review yet: phase 1 is still owed
    if nachgeholt:  # its needs are new: on to Ziel and strategies for them
        hinzu = list(pa.get("handlungsbedarfe") or [])
    else:
        hinzu = _pruefe_potenzialanalyse(b, k, lage, pa)
    if not (neu.get("ziel") or {}).get("option"):
        phase2: Antworten = {}
        frage_ziel(b, k, lage, phase2)  # the Erstgespräch's phase 2
        neu["ziel"] = phase2["ziel"]
    else:
        _zieloption(b, k, neu)
        for i, z in enumerate(neu["ziel"].get("zwischenziele") or []):
            if z.get("erreicht") is None and b.ja_nein(
                f"folge.zwischenziel.{i}", f"Zwischenziel erreicht: {z['text']}?", vorgabe=False
            ):
                z["erreicht"] = lage.datum
    _pruefe_strategien(b, k, lage, neu, hinzu)
    _produkte(b, k, lage, neu)
    return nachgeholt


def _pruefe_potenzialanalyse(
    b: Befrager, k: Kataloge, lage: Lage, pa: dict[str, Any]
) -> list[dict[str, Any]]:
    """Needs resolved or new, new Stärken, a Zielberuf still open; the new needs."""
    bedarfe = pa.setdefault("handlungsbedarfe", [])
    for i, x in enumerate(bedarfe):
        if x.get("erledigt") is None:
            name = k["handlungsbedarfe"].bezeichnung(x["code"])
            if b.ja_nein(
                f"folge.bedarf.{i}", f"Handlungsbedarf „{name}“ inzwischen behoben?", vorgabe=False
            ):
                x["erledigt"] = lage.datum
    hinzu = frage_bedarfe(
        b,
        k,
        "folge.neue_bedarfe",
        "Neue Handlungsbedarfe (optional)",
        ohne={x["code"] for x in bedarfe},
    )
    bedarfe.extend(hinzu)
    pa.setdefault("staerken", []).extend(_neue_staerken(b, k))
    if not pa.get("zielberuf"):
        zielberuf = b.text(
            "folge.zielberuf", "Zielberuf jetzt festlegen (leer: weiter offen)", pflicht=False
        )
        if zielberuf:
            pa["zielberuf"] = zielberuf
    return hinzu


def _pruefe_strategien(
    b: Befrager, k: Kataloge, lage: Lage, neu: Antworten, hinzu: list[dict[str, Any]]
) -> None:
    """End strategies, add ones for the new needs and need-free ones, new activities."""
    strategien = neu.setdefault("strategien", [])
    _beende_strategien(b, k, lage, strategien)
    for x in hinzu:
        name = k["handlungsbedarfe"].bezeichnung(x["code"])
        wahlen = strategie_wahlen(k, lage, x["code"])
        for code in b.mehrfach(
            f"folge.strategien_fuer.{x['code']}",
            f"Strategien für „{name}“",
            wahlen,
            mindestens=min(1, len(wahlen)),
        ):
            _nimm_auf(strategien, code, x["code"])
    laufend = {s["code"] for s in strategien if not s.get("beendet")}
    ohne = [w for w in strategie_wahlen(k, lage, None) if w.wert not in laufend]
    for code in b.mehrfach(
        "folge.strategien_ohne",
        "Weitere Strategien ohne speziellen Handlungsbedarf (optional)",
        ohne,
    ):
        _nimm_auf(strategien, code, None)
    for i, s in enumerate(strategien):
        if s.get("beendet"):
            continue
        name = k["handlungsstrategien"].bezeichnung(s["code"])
        s.setdefault("aktivitaeten", []).extend(
            frage_aktivitaeten(b, f"folge.aktivitaeten.{i}", name, lage.datum)
        )


def _pruefe_beendete(b: Befrager, lage: Lage, gegeben: Any) -> None:
    """Only a strategy the case has can end: a mistyped code must not add an ended one."""
    vorhanden = {s.code for s in lage.fall.strategien} if lage.fall else set()
    for i, s in enumerate(gegeben or []):
        if isinstance(s, dict) and s.get("beendet") and s.get("code") not in vorhanden:
            b.problem(
                f"strategien.{i + 1}.code",
                "Diese Strategie hat der Fall nicht; beenden lässt sich nur eine vorhandene",
            )


def _potenzialanalyse_nachholen(b: Befrager, k: Kataloge, lage: Lage, neu: Antworten) -> bool:
    """An owed Potenzialanalyse (none yet, or an Anlage 1 Ausnahme): offered first, asked with
    the Erstgespräch's phase 1 (SPEC §10). True when it was done now (it is this review)."""
    pa = neu.get("potenzialanalyse")
    ausnahme = (pa or {}).get("ausnahme")
    if pa is not None and pa.get("datum") is not None and ausnahme is None:
        return False
    grund = "ist noch nicht durchgeführt"
    if ausnahme:
        eintrag = k["ausnahmen"].get(ausnahme.get("grund"))
        name = eintrag.bezeichnung if eintrag else ausnahme.get("grund")
        grund = f"ist nach Anlage 1 ausgesetzt ({name})"
    if not b.ja_nein(
        "folge.potenzialanalyse_nachholen",
        f"Die Potenzialanalyse {grund}. Jetzt durchführen?",
        vorgabe=ausnahme is None,
        ohne_terminal=False,  # a script gives the Potenzialanalyse as a section
    ):
        return False
    phase1: Antworten = {}
    potenzialanalyse(b, k, lage, phase1)
    for schluessel, wert in phase1.items():
        neu[schluessel] = wert  # sections outside ABSCHNITTE are picked up by fuehre
    return True


def _neue_staerken(b: Befrager, k: Kataloge) -> list[dict[str, Any]]:
    """Stärken that showed since the Potenzialanalyse (3.1.2), optional."""
    arten = [Wahl(e.bezeichnung, e.code) for e in k["staerken"]]

    def staerke(i: int) -> dict[str, Any] | None:
        art = b.wahl(
            f"folge.staerken.{i}.art",
            "Neue Stärke? (Art)",
            [Wahl("Keine (weiter)", None), *arten],
            pflicht=False,
        )
        if art is None:
            return None
        return {"art": art, "text": b.text(f"folge.staerken.{i}.text", "Stärke: was genau?")}

    return b.liste("folge.staerken", staerke)


def _zieloption(b: Befrager, k: Kataloge, neu: Antworten) -> None:
    """The Zieloption stays or changes (3.4.3); a changed one keeps the old Ziel in
    ``ziel_historie`` (written when the case is saved)."""
    ziel = neu.get("ziel")
    if not ziel or not ziel.get("option"):
        return
    wahlen = [Wahl(e.bezeichnung, e.code) for e in k["zieloptionen"]]
    option = b.wahl(
        "folge.zieloption", "Zieloption (Anlage 2)", wahlen, vorgabe=ziel["option"], suche=True
    )
    if option != ziel["option"]:
        ziel["option"] = option
        ziel["beschreibung"] = b.text(
            "folge.zielbeschreibung", "Das neue Ziel in Worten", pflicht=False
        )


def _produkte(b: Befrager, k: Kataloge, lage: Lage, neu: Antworten) -> None:
    """Running Produkte: Austritt, Abbruch, MAG-Übernahme; then a new Produkteinsatz with the
    three Leitfragen (3.3.2, 3.3.3)."""
    produkte = neu.setdefault("produkte", [])
    for i, p in enumerate(produkte):
        if p.get("austritt"):
            continue
        stand = b.wahl(
            f"folge.produkt.{i}",
            f"Maßnahme „{p['bezeichnung']}“",
            [
                Wahl("läuft weiter", "laeuft"),
                Wahl("beendet (Austritt)", "beendet"),
                Wahl("abgebrochen", "abgebrochen"),
            ],
            vorgabe="laeuft",
        )
        if stand == "laeuft":
            continue
        # the exit has happened: not after today; a planned end still ahead is no default
        ende = p.get("ende")
        p["austritt"] = b.datum(
            f"folge.produkt.{i}.austritt",
            "Austritt am",
            vorgabe=ende if stand == "beendet" and ende and ende <= lage.datum else lage.datum,
            nicht_nach=lage.datum,
        )
        p["abbruch"] = stand == "abgebrochen"
        if p.get("bei_arbeitgeber"):
            p["uebernommen"] = b.ja_nein(
                f"folge.produkt.{i}.uebernommen",
                "Vom Arbeitgeber übernommen (MAG)?",
                vorgabe=False,
            )
    codes = [s["code"] for s in neu.get("strategien") or [] if not s.get("beendet")]
    produkte.extend(frage_produkte(b, k, lage, codes))


def _beende_strategien(b: Befrager, k: Kataloge, lage: Lage, strategien: list[Any]) -> None:
    """Strategies deselected end: ``beendet`` (and an optional reason); they stay on record
    with their activities (SPEC §10)."""
    from vier_phasen_cli.wizard.terminal import Wahl

    laufend = [(i, s) for i, s in enumerate(strategien) if not s.get("beendet")]
    if not laufend:
        return
    namen = {i: k["handlungsstrategien"].bezeichnung(s["code"]) for i, s in laufend}
    behalten = b.mehrfach(
        "folge.strategien_behalten",
        "Welche Strategien laufen weiter? (abwählen beendet eine Strategie; sie bleibt mit "
        "ihren Aktivitäten erfasst)",
        [Wahl(namen[i], i) for i, _ in laufend],
        vorgabe=[i for i, _ in laufend],
    )
    for i, s in laufend:
        if i in behalten:
            continue
        s["beendet"] = lage.datum
        grund = b.text(
            f"folge.beendigungsgrund.{i}", f"Warum endet „{namen[i]}“? (optional)", pflicht=False
        )
        if grund:
            s["beendigungsgrund"] = grund


def _nimm_auf(strategien: list[Any], code: str, bedarf: str | None) -> None:
    """Add a strategy; one of that code that had ended is taken up again instead."""
    for s in strategien:
        if s.get("code") == code and s.get("beendet"):
            s.pop("beendet", None)
            s.pop("beendigungsgrund", None)
            return
    strategien.append({"code": code, "handlungsbedarf": bedarf, "aktivitaeten": []})


def _vereinbarung_nachholen(b: Befrager, k: Kataloge, lage: Lage, neu: Antworten) -> None:
    """No agreement yet (missing, or deferred under 3.4.1 Fn. 5): offered here, asked with the
    Erstgespräch's phase 4 (SPEC §10)."""
    pa = neu.get("potenzialanalyse") or {}
    if pa.get("datum") is None or pa.get("ausnahme") or not neu.get("strategien"):
        return  # phases 1–3 come first
    if not b.ja_nein(
        "folge.vereinbarung_nachholen",
        "Es gibt noch keine Vereinbarung. Jetzt abschließen?",
        vorgabe=True,
        ohne_terminal=False,  # a script gives the agreement as a section
    ):
        return
    phase4: Antworten = {"strategien": neu.get("strategien")}
    vereinbarung(b, k, lage, phase4)
    if phase4.get("vereinbarung") is not None:
        neu["vereinbarung"] = phase4["vereinbarung"]


def _naechste_schritte(b: Befrager, k: Kataloge, lage: Lage, neu: Antworten) -> None:
    """4) Nächste Schritte: new Eigenbemühungen and Leistungen update the agreement."""
    v = neu.get("vereinbarung")
    if v is None and b.gegeben("vereinbarung") is None:
        _vereinbarung_nachholen(b, k, lage, neu)
        return
    if v is None or b.gegeben("vereinbarung") is not None:
        return
    v.setdefault("eigenbemuehungen", []).extend(
        frage_eigenbemuehungen(b, "folge.eigenbemuehungen", lage, 0)
    )
    v.setdefault("leistungen", []).extend(
        frage_texte(b, "folge.leistungen", "Neue Leistung (leer: keine weitere)")
    )
    if v.get("art") == KOOPERATIONSPLAN:
        frage_schlichtung(b, k, lage, v)
    v["ueberprueft"] = lage.datum  # the Abgleich is the agreement's joint review (3.4.1)


def fuehre(
    fall: Fall,
    b: Befrager,
    k: Kataloge,
    lage: Lage,
    erg: Antworten,
    nur: set[str] | None,
    anliegen: str = "Folgegespräch",
) -> None:
    """Run the Folgegespräch on ``fall``; ``erg`` gets the changed sections and ``gespraech``."""
    original = {
        a: klar(
            getattr(fall, a).model_dump(exclude_unset=True)
            if hasattr(getattr(fall, a), "model_dump")
            else _liste(getattr(fall, a))
        )
        for a in ABSCHNITTE
    }
    neu: Antworten = copy.deepcopy({a: v for a, v in original.items() if v is not None})
    neu.update({a: v for a, v in erg.items() if a in ABSCHNITTE})
    if nur is None:
        b.melde(auf_einen_blick(fall, k, lage))
    aktivitaeten: dict[str, Any] = {}
    nachgeholt = False

    def frage(code: str, titel: str) -> None:
        aktivitaeten[code] = b.text(f"gespraech.aktivitaeten.{code}", f"{titel}: Ergebnis")

    if nur is None or "aktivitaeten" in nur:
        b.ueberschrift("1) Abgleich mit der Vereinbarung")
        _abgleich(b, lage, neu)
        frage("abgleich", "1) Abgleich mit dem Stand der Umsetzung")
        b.ueberschrift("2) Überprüfung von Potenzialanalyse, Ziel und Strategien")
        nachgeholt = _ueberpruefung(b, k, lage, neu)
        frage("ueberpruefung", "2) Überprüfung Potenzialanalyse, Ziel und Strategieauswahl")
        b.ueberschrift("3) Bewerbungsaktivitäten")
        frage("bewerbungen", "3) Besprechung von Bewerbungsaktivitäten")
        b.ueberschrift("4) Nächste Schritte")
        _naechste_schritte(b, k, lage, neu)
        frage("naechste_schritte", "4) Vereinbarte nächste Schritte")
        erg.setdefault("gespraech", {})["aktivitaeten"] = aktivitaeten
    if (nur is None or "prognose" in nur) and not nachgeholt:
        b.ueberschrift("Integrationsprognose (bei jedem Kontakt zu überprüfen, Abschnitt 4)")
        frage_prognose(b, k, lage, neu, bisher=fall.integrationsprognose)
    for abschnitt in ABSCHNITTE:
        if abschnitt in neu and neu[abschnitt] != original.get(abschnitt):
            erg[abschnitt] = neu[abschnitt]
        else:
            erg.pop(abschnitt, None)
    for abschnitt in set(neu) - set(ABSCHNITTE):  # what an owed phase 1 adds (e.g. termine)
        erg.setdefault(abschnitt, neu[abschnitt])
    if nur is None or "gespraech" in nur:
        b.ueberschrift("Termin und Beratungsvermerk")
        termin_und_vermerk(b, k, lage, erg, anliegen, geplant_anbieten=True)
        namen = festgehalten(original, neu, lambda katalog, code: k[katalog].bezeichnung(code))
        _festhalten(erg.get("gespraech"), namen)


_FESTGEHALTEN = "\n\nFestgehalten:\n"


def _festhalten(gespraech: Any, zeilen: list[str]) -> None:
    """Add what the conversation changed to its Beratungsvermerk (once, also when the
    Vermerk is revised)."""
    if not isinstance(gespraech, dict) or not isinstance(gespraech.get("vermerk"), str):
        return
    vermerk = gespraech["vermerk"].split(_FESTGEHALTEN)[0]
    gespraech["vermerk"] = vermerk + (_FESTGEHALTEN + "\n".join(zeilen) if zeilen else "")


def _liste(wert: Any) -> Any:
    if isinstance(wert, list):
        return [w.model_dump(exclude_unset=True) if hasattr(w, "model_dump") else w for w in wert]
    return wert


PHASEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "aktivitaeten",
        "Die vier Aktivitäten",
        ("potenzialanalyse", "ziel", "strategien", "vereinbarung"),
    ),
    ("prognose", "Integrationsprognose", ("integrationsprognose", "unterstuetzungsbedarf")),
    ("gespraech", "Termin und Beratungsvermerk", ("termine", "gespraech")),
)
