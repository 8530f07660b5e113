"""What every wizard run does around its questions: the lock, the draft, the end.

1. Lock the case (one wizard per case), load it, offer to resume a draft; a resumed run keeps
   the draft's conversation date unless ``--datum`` names another one.
2. Ask the phases (answers from the answers file count as typed; a resumed draft's answers are
   replayed). Every typed answer is in the draft the moment it is given (see ``mitschrift``),
   so an interruption at any prompt loses nothing.
3. Without a terminal: all missing or invalid answers in one error (exit 2).
4. On a terminal: the summary, the case's findings, and the choice to save, revise a phase,
   or stop and keep the draft. Saving refuses to overwrite a file changed on disk meanwhile.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage import schreibprotokoll
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.entwuerfe import (
    Entwurf,
    lade_entwurf,
    speichere_entwurf,
    verwirf_entwurf,
)
from vier_phasen_cli.storage.faelle import Falldatei, lade_fall, lege_an, pruefe_dokument, speichere
from vier_phasen_cli.storage.pruefung import befunde_im_dokument
from vier_phasen_cli.storage.sperre import Entsperren
from vier_phasen_cli.wizard.bausteine import Lage, Verzicht
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.mitschrift import Mitschrift
from vier_phasen_cli.wizard.terminal import Terminal, Wahl

if TYPE_CHECKING:  # the first question comes before the case model and the round-trip reader
    from ruamel.yaml.comments import CommentedMap

    from vier_phasen_cli.domain.fall import Fall
    from vier_phasen_cli.storage import yamldatei

Phasenlauf = Callable[[Befrager, Kataloge, Lage, dict[str, Any], "set[str] | None"], None]
Aenderung = Callable[["CommentedMap", dict[str, Any], date], None]

ABSCHLUSS = "abschluss"
"""The question after the summary; only a choice to revise a phase is kept in the draft."""


@dataclass(frozen=True)
class Assistent:
    name: str
    """``erstgespraech`` or ``folgegespraech`` (also the draft's name)."""
    titel: str
    gespraechsart: str
    phasen: tuple[tuple[str, str, tuple[str, ...]], ...]
    fuehre: Phasenlauf
    neu_erlaubt: bool
    anwenden: Aenderung | None = None
    """How the answers change the case document (None: the wizards' merge, SPEC §5)."""
    voraussetzung: Callable[[Fall, date], None] | None = None
    """Checks the loaded case and the change's date before any question (raises
    VierPhasenFehler to refuse)."""
    auch_abgeschlossen: bool = False
    """Runs on a closed case (``wiederaufnahme``, ``bearbeite``); every other write command
    refuses one (SPEC §16)."""
    kurz: bool = False
    """A change command (SPEC §10): saved at once when the terminal asked nothing; otherwise
    its summary lists the changes rather than the whole case."""
    geschehen: tuple[str, str] | None = None
    """A change that records what has happened (``("Ein Abschluss", hint)``): its date may
    not lie after today."""


def pruefe_geschehen(assistent: Assistent, tag: date, heute: date) -> None:
    """Refuse a change dated after today when it records what has happened."""
    if assistent.geschehen is not None and tag > heute:
        was, hinweis = assistent.geschehen
        raise VierPhasenFehler(f"{was} am {tag:%d.%m.%Y} liegt in der Zukunft", hinweis=hinweis)


@dataclass(frozen=True)
class Gespeichert:
    """A saved wizard run: the case file and the conversation's date."""

    pfad: Path
    datum: date
    geaendert: bool = True
    """False: the answers changed nothing (a change command then writes nothing)."""


def _vorgaben(antworten: dict[str, Any], abschnitte: dict[str, Any]) -> dict[str, Any]:
    """The answers file wins over an earlier version's draft, section by section."""
    zusammen = copy.deepcopy(abschnitte)
    zusammen.update(antworten)
    return zusammen


def starte(
    assistent: Assistent,
    ablage: Ablage,
    kataloge: Kataloge,
    fall_id: str,
    *,
    datum: date | None,
    antworten: dict[str, Any],
    terminal: Terminal | None,
    produkt: str | None = None,
    heute: date | None = None,
    entsperren: Entsperren | None = None,
    jetzt: datetime | None = None,
) -> Gespeichert | None:
    """Run the wizard on case ``fall_id``; what was saved, or None when stopped with a draft.

    ``datum`` is the conversation's date as given (``--datum``); without it a resumed draft's
    date counts, else ``heute``. ``entsperren``: ``--entsperren`` was given (see
    ``storage/sperre``). ``jetzt`` (the start of this run) is kept in a new draft, so the
    resume question can say when it was begun."""
    pfad = ablage.fall_pfad(fall_id)
    if not ablage.faelle.is_dir():
        ablage.fall_dateien()  # raises the explanation of a missing cases/ folder
    entwuerfe = ablage.eigener_ordner() / "entwuerfe"
    with ablage.sperre(fall_id, entsperren):
        falldatei = lade_fall(pfad, kataloge) if pfad.exists() else None
        if falldatei is None and not assistent.neu_erlaubt:
            raise VierPhasenFehler(
                f"Fall „{fall_id}“ gibt es nicht",
                datei=pfad,
                hinweis=f"Ein neuer Fall beginnt mit „vier-phasen erstgespraech {fall_id}“.",
            )
        stand = hashlib.sha256(falldatei.dokument.rohdaten).hexdigest() if falldatei else None
        if falldatei is not None:
            _darf_aendern(assistent, falldatei, fall_id, datum or heute)
        entwurf = _fortsetzen(terminal, entwuerfe, fall_id, assistent, stand)
        tag = _gespraechsdatum(datum, heute, entwurf, terminal, assistent.kurz)
        if not assistent.kurz:
            bisher = falldatei.fall if falldatei and assistent.name != "erstgespraech" else None
            grund = unplausibel(bisher, tag, heute or tag)
            if grund is not None and not _trotzdem(terminal, grund, assistent, fall_id):
                verwirf_entwurf(entwuerfe, fall_id, assistent.name)
                return None
        lage = _lage(falldatei, ablage, fall_id, tag)
        ergebnis: dict[str, Any] = {}
        mitschrift = Mitschrift.fortsetzen(entwurf.eingaben if entwurf else ())
        abschnitte = entwurf.abschnitte if entwurf else {}
        # Replayed answers keep referring to the file they were given on.
        gegeben_auf = entwurf.fall if entwurf is not None and entwurf.eingaben else stand
        begonnen = entwurf.begonnen if entwurf is not None else jetzt
        kopf = Entwurf(tag, (), abschnitte, gegeben_auf, begonnen)
        sicherung = _Sicherung(entwuerfe, fall_id, assistent.name, kopf, terminal)
        sicherung.gespeichert = entwurf is not None  # a resumed draft is on disk already
        if terminal is not None:
            mitschrift.beim_eintrag = sicherung
        b = Befrager(_vorgaben(antworten, abschnitte), terminal, tag, mitschrift=mitschrift)
        fortsetzen = f"vier-phasen {assistent.name} {fall_id}"
        unveraendert = False
        try:
            try:
                assistent.fuehre(b, kataloge, lage, ergebnis, None)
            except Verzicht as verzicht:
                verwirf_entwurf(entwuerfe, fall_id, assistent.name)
                if terminal is not None:
                    terminal.zeige(str(verzicht))
                return None
            b.steuerzeichen_pruefen(ergebnis)
            if b.fehlend or b.ungueltig:
                raise _unvollstaendig(assistent, b)
            while True:
                dokument = _zusammenfuehren(
                    falldatei, fall_id, pfad, ergebnis, assistent, tag, produkt
                )
                unveraendert = (
                    assistent.kurz
                    and falldatei is not None
                    and dokument.daten == falldatei.dokument.daten
                )
                if terminal is None or unveraendert or (assistent.kurz and not mitschrift.alle()):
                    break
                vorher = falldatei.dokument.daten if falldatei else None
                wahl = _abschluss(terminal, b, dokument, kataloge, tag, assistent, lage.neu, vorher)
                if wahl == "speichern":
                    break
                if wahl == "entwurf":
                    sicherung(mitschrift)
                    terminal.zeige(f"Entwurf gespeichert; „{fortsetzen}“ setzt ihn fort.")
                    return None
                _ueberarbeite(assistent, wahl, b, kataloge, lage, ergebnis)
        except (KeyboardInterrupt, EOFError):
            if terminal is not None and sicherung.gespeichert:
                terminal.zeige(
                    f"\nEntwurf gespeichert; „{fortsetzen}“ setzt ihn fort. "
                    "Die Falldatei ist unverändert."
                )
            raise
        if unveraendert:  # nothing to save, nothing to resume
            verwirf_entwurf(entwuerfe, fall_id, assistent.name)
            return Gespeichert(pfad, tag, geaendert=False)
        # A save refused (file changed on disk meanwhile) keeps the draft as it is.
        schreibprotokoll.datiere(tag)  # the date of git mode's commit message
        if falldatei is None:
            lege_an(pfad, dokument.daten, kataloge, rechte=ablage.rechte)
        else:
            falldatei.dokument.daten = dokument.daten
            speichere(falldatei, kataloge, rechte=ablage.rechte)
        verwirf_entwurf(entwuerfe, fall_id, assistent.name)
        return Gespeichert(pfad, tag)


VORAUS_HOECHSTENS = 365
"""A conversation dated more than a year ahead is almost always a typo (2072 for 2027)."""


def unplausibel(fall: Fall | None, tag: date, heute: date) -> str | None:
    """Why a conversation on ``tag`` is implausible (German), or None: before the case's
    Erstgespräch (``fall``: None for an Erstgespräch itself), or over a year ahead."""
    erste = [g.datum for g in fall.gespraeche if g.art == "erstgespraech"] if fall else []
    if erste and tag < min(erste):
        return f"Das Gespräch am {tag:%d.%m.%Y} läge vor dem Erstgespräch am {min(erste):%d.%m.%Y}"
    if (tag - heute).days > VORAUS_HOECHSTENS:
        return f"Das Gespräch am {tag:%d.%m.%Y} liegt mehr als ein Jahr in der Zukunft"
    return None


def _trotzdem(terminal: Terminal | None, grund: str, assistent: Assistent, fall_id: str) -> bool:
    """A terminal asks whether the date is meant (default no); a script is refused."""
    if terminal is None:
        raise VierPhasenFehler(
            f"{grund}; nichts wurde gespeichert",
            hinweis=f"Bitte --datum prüfen: vier-phasen {assistent.name} {fall_id} --datum …",
        )
    if terminal.ja_nein(f"{grund}. Ist das Datum richtig?", vorgabe=False):
        return True
    terminal.zeige(f"Nichts geändert. Ein anderes Datum: vier-phasen {assistent.name} --datum …")
    return False


def _darf_aendern(
    assistent: Assistent, falldatei: Falldatei, fall_id: str, datum: date | None
) -> None:
    """Refuse a closed case (unless the command is for one) and check the command's own
    precondition, before anything is asked."""
    fall = falldatei.fall
    if fall.status == "abgeschlossen" and not assistent.auch_abgeschlossen:
        seit = f" seit {fall.abschluss.datum:%d.%m.%Y}" if fall.abschluss else ""
        raise VierPhasenFehler(
            f"Fall „{fall_id}“ ist abgeschlossen{seit}; {assistent.titel} ist nicht möglich",
            datei=falldatei.pfad,
            hinweis=f"Wieder öffnen: vier-phasen wiederaufnahme {fall_id}",
        )
    if assistent.voraussetzung is not None and datum is not None:
        try:
            assistent.voraussetzung(fall, datum)
        except VierPhasenFehler as exc:
            exc.datei = exc.datei or falldatei.pfad
            raise


class _Sicherung:
    """Writes the draft after every typed answer. A draft that cannot be written is reported
    once and the conversation goes on (breaking it off would lose more)."""

    def __init__(
        self,
        ordner: Path,
        fall_id: str,
        assistent: str,
        kopf: Entwurf,
        terminal: Terminal | None,
    ) -> None:
        self.ordner, self.fall_id, self.assistent = ordner, fall_id, assistent
        self.kopf, self.terminal = kopf, terminal
        self.gespeichert = False
        self._gemeldet = False

    def __call__(self, mitschrift: Mitschrift) -> None:
        entwurf = dataclasses.replace(self.kopf, eingaben=tuple(mitschrift.alle()))
        try:
            speichere_entwurf(self.ordner, self.fall_id, self.assistent, entwurf)
        except OSError as exc:
            self.gespeichert = False
            if self.terminal is not None and not self._gemeldet:
                self._gemeldet = True
                self.terminal.zeige(
                    f"Warnung: Der Entwurf lässt sich nicht speichern ({exc.strerror}); "
                    "bei einem Abbruch gingen die Antworten verloren."
                )
            return
        self.gespeichert = True


def _fortsetzen(
    terminal: Terminal | None, ordner: Path, fall_id: str, assistent: Assistent, stand: str | None
) -> Entwurf | None:
    """The draft to resume, if there is one and the caseworker wants it (terminal only).

    ``stand`` is the case file's SHA-256: answers given on another version of the file may
    refer to other entries (they are asked by position), which the caseworker is told."""
    entwurf = lade_entwurf(ordner, fall_id, assistent.name)
    if entwurf is None or terminal is None:
        return None  # without a terminal only the answers file counts
    # The wizards' titles take the genitive -s; a change command is named, not declined.
    was = f"eines {assistent.titel}s" if not assistent.kurz else f"(„{assistent.titel}“)"
    if terminal.ja_nein(
        f"Für Fall {fall_id} gibt es einen Entwurf {was}{entwurf_angaben(entwurf, assistent.kurz)}."
        " Fortsetzen? (Nein verwirft ihn)",
        vorgabe=True,
    ):
        if entwurf.fall is not None and entwurf.fall != stand:
            terminal.zeige(
                "Achtung: Die Falldatei wurde seit dem Entwurf geändert. Die Antworten des "
                "Entwurfs beziehen sich auf den früheren Stand – bitte die Zusammenfassung vor "
                "dem Speichern genau prüfen."
            )
        return entwurf
    verwirf_entwurf(ordner, fall_id, assistent.name)
    terminal.zeige("Entwurf verworfen.")
    return None


def entwurf_angaben(entwurf: Entwurf, aenderung: bool = False) -> str:
    """When the draft was begun and which day its conversation (or change) is dated, as the
    resume question says it: ", begonnen am 23.11.2026 um 14:05, für das Gespräch am
    01.10.2026 (5 Antworten)"."""
    teile = ""
    if entwurf.begonnen is not None:
        teile += f", begonnen am {entwurf.begonnen:%d.%m.%Y} um {entwurf.begonnen:%H:%M}"
    if entwurf.datum is not None:
        was = "die Änderung zum" if aenderung else "das Gespräch am"
        teile += f", für {was} {entwurf.datum:%d.%m.%Y}"
    n = len(entwurf.eingaben)
    return teile + (f" ({n} {'Antwort' if n == 1 else 'Antworten'})" if n else "")


def _gespraechsdatum(
    datum: date | None,
    heute: date | None,
    entwurf: Entwurf | None,
    terminal: Terminal | None,
    aenderung: bool = False,
) -> date:
    """The conversation's date: ``--datum``, else the resumed draft's, else today."""
    was = "Änderung" if aenderung else "Gespräch"
    artikel = "die" if aenderung else "das"
    vom_entwurf = entwurf.datum if entwurf else None
    if vom_entwurf is None or vom_entwurf == datum:
        tag = datum or heute
        if tag is None:
            raise ValueError("starte() needs datum or heute")
        return tag
    if terminal is not None:
        if datum is None:
            terminal.zeige(
                f"{artikel.capitalize()} {was} bleibt auf den {vom_entwurf:%d.%m.%Y} datiert, "
                "den Tag des "
                "Entwurfs (ein anderer Tag: --datum)."
            )
        else:
            terminal.zeige(
                f"Der Entwurf ist vom {vom_entwurf:%d.%m.%Y}; {artikel} {was} wird wie mit "
                f"--datum angegeben auf den {datum:%d.%m.%Y} datiert. Datumsangaben vor diesem "
                "Tag werden neu erfragt."
            )
    return datum or vom_entwurf


def _lage(falldatei: Falldatei | None, ablage: Ablage, fall_id: str, datum: date) -> Lage:
    lage = Lage(fall_id=fall_id, datum=datum, fachkraft_vorgabe=ablage.einstellungen.fachkraft)
    lage.neu = falldatei is None
    if falldatei is not None:
        f = lage.fall = falldatei.fall
        lage.rechtskreis, lage.reha = f.rechtskreis, f.reha
        lage.ausbildungsvermittlung, lage.aufstocker = f.ausbildungsvermittlung, f.aufstocker
        lage.arbeitslos_seit = f.arbeitslos_seit
    return lage


def _unvollstaendig(assistent: Assistent, b: Befrager) -> VierPhasenFehler:
    zeilen = [f"  fehlt: {f}" for f in b.fehlend] + [f"  ungültig: {u}" for u in b.ungueltig]
    if assistent.kurz:  # a change command: its options say what it needs
        hinweis = (
            "Ohne Terminal wird nicht nachgefragt; die Angaben als Optionen oder mit "
            f"--antworten geben: vier-phasen {assistent.name} --help"
        )
    else:
        hinweis = (
            "Ohne Terminal wird nicht nachgefragt. Aufbau der Antwortdatei: "
            f"vier-phasen {assistent.name} --schema"
        )
    return VierPhasenFehler(
        f"{assistent.titel}: Antworten fehlen oder passen nicht ({len(zeilen)})\n"
        + "\n".join(zeilen),
        hinweis=hinweis,
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
    from vier_phasen_cli.storage import yamldatei
    from vier_phasen_cli.wizard.anwenden import anwenden, neuer_fall
    from vier_phasen_cli.wizard.eintragspflege import pflege

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
    if assistent.anwenden is not None:
        assistent.anwenden(daten, copy.deepcopy(ergebnis), datum)
    else:
        anwenden(daten, ergebnis, art=assistent.gespraechsart, datum=datum, produkt=produkt)
    pflege(falldatei.dokument.daten if falldatei else None, daten)
    return yamldatei.YamlDokument(pfad, roh, daten, schreibweise)


def _abschluss(
    terminal: Terminal,
    b: Befrager,
    dokument: yamldatei.YamlDokument,
    kataloge: Kataloge,
    datum: date,
    assistent: Assistent,
    neu: bool,
    vorher: Any = None,
) -> str:
    """Summary, findings, and what to do: save, revise a phase (its name) or keep a draft.

    A choice to revise is kept in the draft (a resumed run revises again, with the answers
    given then); saving and stopping are not (a resumed run shows the summary again)."""
    phasen = [name for name, _, _ in assistent.phasen if neu or name != "stammdaten"]
    return str(
        b.mitschrift.eingabe(
            ABSCHLUSS,
            lambda: _frage_abschluss(
                terminal, dokument, kataloge, datum, assistent, phasen, vorher
            ),
            lambda wahl: wahl in phasen,
            merken=lambda wahl: wahl in phasen,
        )
    )


def _frage_abschluss(
    terminal: Terminal,
    dokument: yamldatei.YamlDokument,
    kataloge: Kataloge,
    datum: date,
    assistent: Assistent,
    phasen: list[str],
    vorher: Any = None,
) -> str:
    from rich.console import Group
    from rich.text import Text

    from vier_phasen_cli.render.aenderungen import aenderungsansicht
    from vier_phasen_cli.render.befunde import FARBE
    from vier_phasen_cli.render.fallansicht import fallansicht

    fall, probleme = pruefe_dokument(dokument, kataloge)
    if fall is None:  # an answer the model rejects: show it, the caseworker revises
        for p in probleme:
            terminal.zeige(Text(f"Fehler: {p.meldung}", style="red"))
    else:
        if assistent.kurz:
            terminal.zeige(
                aenderungsansicht(
                    vorher,
                    dokument.daten,
                    lambda katalog, code: kataloge[katalog].bezeichnung(code),
                )
            )
        else:
            terminal.zeige(fallansicht(fall, kataloge))
        kontext = Pruefkontext(kataloge, datum)
        befunde = list(befunde_im_dokument(dokument, dokument.pfad.name, REGELWERK, kontext))
        bekannt = 0
        if assistent.kurz and vorher is not None and befunde:
            # A small change repeats no finding the case had before it: only new ones.
            frueher = dataclasses.replace(dokument, daten=vorher)
            schon = {
                (b.code, b.meldung)
                for b in befunde_im_dokument(frueher, dokument.pfad.name, REGELWERK, kontext)
            }
            neue = [b for b in befunde if (b.code, b.meldung) not in schon]
            bekannt, befunde = len(befunde) - len(neue), neue
        if bekannt and not befunde:
            terminal.zeige(
                Text(
                    f"Keine neuen Befunde ({bekannt} bekannte: "
                    f"vier-phasen pruefen {dokument.pfad.stem}).",
                    style="green",
                )
            )
        elif befunde:
            from rich.table import Table

            # A long finding continues under its message (hanging indent), not at column 0.
            liste = Table.grid()
            liste.add_column(no_wrap=True)
            liste.add_column()
            for b in befunde:
                code = Text("  ").append(f"{b.code} {b.schwere}", style=FARBE[b.schwere])
                liste.add_row(code.append(": "), Text(b.meldung))
            kopf = Text("Was das Integrationskonzept noch verlangt:", style="bold")
            terminal.zeige(Group(kopf, liste))
        else:
            terminal.zeige(Text("Keine Befunde: alles Geforderte ist erfasst.", style="green"))
    wahlen = [Wahl("Speichern", "speichern")] if fall is not None else []
    wahlen += [
        Wahl(f"Überarbeiten: {titel}", name)
        for name, titel, _ in assistent.phasen
        if name in phasen
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
) -> None:
    """Ask one phase again, with the earlier answers as suggestions."""
    schluessel = next(s for name, _, s in assistent.phasen if name == phase)
    alt = {k: ergebnis.pop(k) for k in schluessel if k in ergebnis}
    b.vorgaben = {k: v for k, v in b.vorgaben.items() if k not in schluessel}
    b.vorschlaege = alt
    assistent.fuehre(b, kataloge, lage, ergebnis, {phase})
    b.vorschlaege = {}
