"""What every wizard run does around its questions: the lock, the draft, the end.

1. Lock the case (one wizard per case), load it, offer to resume a draft.
2. Ask the phases (answers from the answers file or draft count as typed; a draft is kept
   after every phase and when the run is interrupted).
3. Without a terminal: all missing or invalid answers in one error (exit 2).
4. On a terminal: the summary, the case's findings, and the choice to save, revise a phase,
   or stop and keep the draft. Saving refuses to overwrite a file changed on disk meanwhile.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.entwuerfe import lade_entwurf, speichere_entwurf, verwirf_entwurf
from vier_phasen_cli.storage.faelle import Falldatei, lade_fall, lege_an, pruefe_dokument, speichere
from vier_phasen_cli.storage.pruefung import befunde_im_dokument
from vier_phasen_cli.storage.sperre import gesperrt
from vier_phasen_cli.wizard.anwenden import anwenden, neuer_fall
from vier_phasen_cli.wizard.erstgespraech import Lage
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Terminal, Wahl

Phasenlauf = Callable[
    [Befrager, Kataloge, Lage, dict[str, Any], "set[str] | None", Callable[[str], None]], None
]


@dataclass(frozen=True)
class Assistent:
    name: str
    """``erstgespraech`` or ``folgegespraech`` (also the draft's name)."""
    titel: str
    gespraechsart: str
    phasen: tuple[tuple[str, str, tuple[str, ...]], ...]
    fuehre: Phasenlauf
    neu_erlaubt: bool


def _vorgaben(antworten: dict[str, Any], entwurf: dict[str, Any] | None) -> dict[str, Any]:
    """The answers file wins over a resumed draft, section by section."""
    if not entwurf:
        return dict(antworten)
    zusammen = copy.deepcopy(entwurf)
    zusammen.update(antworten)
    return zusammen


def starte(
    assistent: Assistent,
    ablage: Ablage,
    kataloge: Kataloge,
    fall_id: str,
    *,
    datum: date,
    antworten: dict[str, Any],
    terminal: Terminal | None,
    produkt: str | None = None,
) -> Path | None:
    """Run the wizard on case ``fall_id``; the saved file, or None when stopped with a draft."""
    pfad = ablage.fall_pfad(fall_id)
    if not ablage.faelle.is_dir():
        ablage.fall_dateien()  # raises the explanation of a missing cases/ folder
    entwuerfe = ablage.intern / "entwuerfe"
    with gesperrt(ablage.intern / "sperren", fall_id):
        falldatei = lade_fall(pfad, kataloge) if pfad.exists() else None
        if falldatei is None and not assistent.neu_erlaubt:
            raise VierPhasenFehler(
                f"Fall „{fall_id}“ gibt es nicht",
                datei=pfad,
                hinweis=f"Ein neuer Fall beginnt mit „vier-phasen erstgespraech {fall_id}“.",
            )
        entwurf = lade_entwurf(entwuerfe, fall_id, assistent.name)
        if entwurf is not None and terminal is not None:
            if not terminal.ja_nein(
                f"Für Fall {fall_id} gibt es einen Entwurf eines {assistent.titel}s. Fortsetzen? "
                "(Nein verwirft ihn)",
                vorgabe=True,
            ):
                verwirf_entwurf(entwuerfe, fall_id, assistent.name)
                entwurf = None
        elif entwurf is not None:
            entwurf = None  # without a terminal only the answers file counts
        lage = _lage(falldatei, ablage, fall_id, datum)
        ergebnis: dict[str, Any] = {}
        b = Befrager(_vorgaben(antworten, entwurf), terminal, datum)

        def entwurf_sichern(_: str = "") -> None:
            if terminal is not None and ergebnis:
                speichere_entwurf(entwuerfe, fall_id, assistent.name, _sicher(ergebnis))

        try:
            assistent.fuehre(b, kataloge, lage, ergebnis, None, entwurf_sichern)
            b.steuerzeichen_pruefen(ergebnis)
            if b.fehlend or b.ungueltig:
                raise _unvollstaendig(assistent, b)
            while True:
                dokument = _zusammenfuehren(
                    falldatei, fall_id, pfad, ergebnis, assistent, datum, produkt
                )
                if terminal is None:
                    break
                wahl = _abschluss(terminal, dokument, kataloge, datum, assistent, lage.neu)
                if wahl == "speichern":
                    break
                if wahl == "entwurf":
                    entwurf_sichern()
                    fortsetzen = f"vier-phasen {assistent.name} {fall_id}"
                    terminal.zeige(f"Entwurf gespeichert; „{fortsetzen}“ setzt ihn fort.")
                    return None
                _ueberarbeite(assistent, wahl, b, kataloge, lage, ergebnis, entwurf_sichern)
        except (KeyboardInterrupt, EOFError):
            entwurf_sichern()
            if terminal is not None and ergebnis:
                fortsetzen = f"vier-phasen {assistent.name} {fall_id}"
                terminal.zeige(
                    f"\nEntwurf gespeichert; „{fortsetzen}“ setzt ihn fort. "
                    "Die Falldatei ist unverändert."
                )
            raise
        except VierPhasenFehler:
            entwurf_sichern()
            raise
        except Exception:
            entwurf_sichern()  # a crash keeps what was typed
            raise
        try:
            if falldatei is None:
                lege_an(pfad, dokument.daten, kataloge)
            else:
                falldatei.dokument.daten = dokument.daten
                speichere(falldatei, kataloge)
        except VierPhasenFehler:
            entwurf_sichern()
            raise
        verwirf_entwurf(entwuerfe, fall_id, assistent.name)
        return pfad


def _sicher(ergebnis: dict[str, Any]) -> dict[str, Any]:
    """The answers as a draft: plain data only."""
    from vier_phasen_cli.storage.yamldatei import klar

    return klar(ergebnis)  # type: ignore[no-any-return]


def _lage(falldatei: Falldatei | None, ablage: Ablage, fall_id: str, datum: date) -> Lage:
    lage = Lage(fall_id=fall_id, datum=datum, fachkraft_vorgabe=ablage.einstellungen.fachkraft)
    lage.neu = falldatei is None
    if falldatei is not None:
        f = falldatei.fall
        lage.rechtskreis, lage.reha = f.rechtskreis, f.reha
        lage.ausbildungsvermittlung, lage.aufstocker = f.ausbildungsvermittlung, f.aufstocker
        lage.arbeitslos_seit = f.arbeitslos_seit
    return lage


def _unvollstaendig(assistent: Assistent, b: Befrager) -> VierPhasenFehler:
    zeilen = [f"  fehlt: {f}" for f in b.fehlend] + [f"  ungültig: {u}" for u in b.ungueltig]
    return VierPhasenFehler(
        f"{assistent.titel}: Antworten fehlen oder passen nicht ({len(zeilen)})\n"
        + "\n".join(zeilen),
        hinweis=f"Ohne Terminal wird nicht nachgefragt. Aufbau der Antwortdatei: "
        f"vier-phasen {assistent.name} --schema",
    )


def _zusammenfuehren(
    falldatei: Falldatei | None,
    fall_id: str,
    pfad: Path,
    ergebnis: dict[str, Any],
    assistent: Assistent,
    datum: date,
    produkt: str | None,
) -> yamldatei.YamlDokument:
    """The case document as it will be saved (the file on disk is not touched)."""
    if falldatei is None:
        daten = neuer_fall(fall_id)
        daten.yaml_set_start_comment(
            f"Fall {fall_id}, angelegt am {datum:%d.%m.%Y} mit vier-phasen"
        )
        schreibweise = yamldatei.Schreibweise()
        roh = b""
    else:
        daten = copy.deepcopy(falldatei.dokument.daten)
        schreibweise = falldatei.dokument.schreibweise
        roh = falldatei.dokument.rohdaten
    anwenden(daten, ergebnis, art=assistent.gespraechsart, datum=datum, produkt=produkt)
    return yamldatei.YamlDokument(pfad, roh, daten, schreibweise)


def _abschluss(
    terminal: Terminal,
    dokument: yamldatei.YamlDokument,
    kataloge: Kataloge,
    datum: date,
    assistent: Assistent,
    neu: bool,
) -> str:
    """Summary, findings, and what to do: save, revise a phase (its name) or keep a draft."""
    from rich.console import Group
    from rich.text import Text

    from vier_phasen_cli.render.befunde import FARBE
    from vier_phasen_cli.render.fallansicht import fallansicht

    fall, probleme = pruefe_dokument(dokument, kataloge)
    if fall is None:  # an answer the model rejects: show it, the caseworker revises
        for p in probleme:
            terminal.zeige(Text(f"Fehler: {p.meldung}", style="red"))
    else:
        terminal.zeige(fallansicht(fall, kataloge))
        befunde = list(
            befunde_im_dokument(
                dokument, dokument.pfad.name, REGELWERK, Pruefkontext(kataloge, datum)
            )
        )
        if befunde:
            zeilen = [Text("Was das Integrationskonzept noch verlangt:", style="bold")]
            for b in befunde:
                zeilen.append(
                    Text("  ")
                    .append(f"{b.code} {b.schwere}", style=FARBE[b.schwere])
                    .append(f": {b.meldung}")
                )
            terminal.zeige(Group(*zeilen))
        else:
            terminal.zeige(Text("Keine Befunde: alles Geforderte ist erfasst.", style="green"))
    wahlen = [Wahl("Speichern", "speichern")] if fall is not None else []
    wahlen += [
        Wahl(f"Überarbeiten: {titel}", name)
        for name, titel, _ in assistent.phasen
        if neu or name != "stammdaten"
    ]
    wahlen.append(Wahl("Abbrechen und Entwurf behalten", "entwurf"))
    return str(terminal.auswahl("Wie weiter?", wahlen, vorgabe=wahlen[0].wert))


def _ueberarbeite(
    assistent: Assistent,
    phase: str,
    b: Befrager,
    kataloge: Kataloge,
    lage: Lage,
    ergebnis: dict[str, Any],
    entwurf_sichern: Callable[[str], None],
) -> None:
    """Ask one phase again, with the earlier answers as suggestions."""
    schluessel = next(s for name, _, s in assistent.phasen if name == phase)
    alt = {k: ergebnis.pop(k) for k in schluessel if k in ergebnis}
    b.vorgaben = {k: v for k, v in b.vorgaben.items() if k not in schluessel}
    b.vorschlaege = alt
    assistent.fuehre(b, kataloge, lage, ergebnis, {phase}, entwurf_sichern)
    b.vorschlaege = {}
