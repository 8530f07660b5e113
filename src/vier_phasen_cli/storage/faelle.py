"""Case files: load losslessly, validate with line numbers, save atomically and carefully.

A case is loaded as a round-trip document (for edits) plus its validated model (for reading).
Saving dumps the same document, so comments, order and unknown keys survive, and refuses to
overwrite a file that changed on disk since it was loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.probleme import Pfad, Problem, pfad_text, probleme_aus_validierung
from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import schreibprotokoll
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.atomar import ordnersperre, schreibe_atomar, schreibgrund
from vier_phasen_cli.storage.rechte import PRIVAT, Rechte
from vier_phasen_cli.storage.rohdaten import lies_bytes, link_fehler

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall
    from vier_phasen_cli.storage.yamldatei import YamlDokument
    from vier_phasen_cli.storage.zeilen import Zeilenkarte

# The round-trip reader (ruamel.yaml, storage/yamldatei.py) is imported where a case is
# loaded for an edit or written: a command that only shows a case does without it; the case
# model (pydantic) where a case is validated: a wizard asks its first question without it.


@dataclass(frozen=True)
class Dateiproblem:
    """A problem that makes a case file unusable, with the rule code ``pruefen`` reports."""

    code: str  # DA002 type/missing, DA003 id ≠ file name, KA001 unknown catalog code
    zeile: int
    meldung: str
    hinweis: str | None = None


@dataclass
class Falldatei:
    dokument: YamlDokument
    fall: Fall

    @property
    def pfad(self) -> Path:
        return self.dokument.pfad


ZeileVon = Callable[[Pfad], int]


def pruefe_dokument(
    dokument: YamlDokument, kataloge: Kataloge
) -> tuple[Fall | None, list[Dateiproblem]]:
    """Validate a parsed case file; the model if it is usable, and every problem found."""
    from vier_phasen_cli.storage import yamldatei

    zeilen = yamldatei.Dokumentzeilen(dokument.daten)
    return pruefe_daten(dokument.daten, dokument.pfad, kataloge, zeilen.zeile_von)


def pruefe_daten(
    daten: Any, pfad: Path, kataloge: Kataloge, zeile_von: ZeileVon
) -> tuple[Fall | None, list[Dateiproblem]]:
    """Validate the data of case file ``pfad`` (read by either loader); ``zeile_von`` places
    a problem's path on its line."""
    from pydantic import ValidationError

    from vier_phasen_cli.domain.codes import unbekannte_codes
    from vier_phasen_cli.domain.fall import Fall

    if not isinstance(daten, Mapping):
        meldung = "Oberste Ebene muss ein Abschnitt mit Schlüsseln sein (format, id, kunde, …)"
        return None, [Dateiproblem("DA002", 1, meldung)]
    try:
        fall = Fall.model_validate(daten)
    except ValidationError as exc:
        ungueltig = probleme_aus_validierung(exc)
        return None, [_dateiproblem("DA002", zeile_von, p) for p in ungueltig]
    probleme: list[Dateiproblem] = []
    if fall.id != pfad.stem:
        probleme.append(
            Dateiproblem(
                "DA003",
                zeile_von(("id",)),
                f"ID „{fall.id}“ passt nicht zum Dateinamen {sicher_einzeilig(pfad.name)}",
                "Die ID und der Dateiname (ohne .yaml) müssen gleich sein.",
            )
        )
    probleme.extend(_dateiproblem("KA001", zeile_von, p) for p in unbekannte_codes(fall, kataloge))
    return fall, probleme


def _dateiproblem(code: str, zeile_von: ZeileVon, problem: Problem) -> Dateiproblem:
    ort = pfad_text(problem.pfad)
    return Dateiproblem(
        code,
        zeile_von(problem.pfad),
        f"{ort}: {problem.meldung}" if ort else problem.meldung,
        problem.hinweis,
    )


def als_fehler(pfad: Path, probleme: list[Dateiproblem]) -> DatenFehler:
    """All problems of one file as one error: the first, the others listed below it."""
    erster, *rest = probleme
    return DatenFehler(
        erster.meldung,
        datei=pfad,
        zeile=erster.zeile,
        hinweis=erster.hinweis,
        weitere=[VierPhasenFehler(p.meldung, pfad, p.zeile, p.hinweis) for p in rest],
    )


def lade_fall(pfad: Path, kataloge: Kataloge) -> Falldatei:
    """Load and validate one case file; any problem is a DatenFehler with file and line."""
    from vier_phasen_cli.storage import yamldatei

    dokument = yamldatei.lade(pfad)
    fall, probleme = pruefe_dokument(dokument, kataloge)
    if probleme or fall is None:
        raise als_fehler(pfad, probleme)
    return Falldatei(dokument, fall)


def lade_fall_nach_id(ablage: Ablage, fall_id: str, kataloge: Kataloge) -> Falldatei:
    pfad = ablage.fall_pfad(fall_id)
    if not pfad.is_file():
        raise VierPhasenFehler(
            f"Fall „{fall_id}“ gibt es nicht",
            datei=pfad,
            hinweis="Alle Fälle zeigt „vier-phasen liste“; einen neuen legt „vier-phasen neu“ an.",
        )
    return lade_fall(pfad, kataloge)


@dataclass(frozen=True)
class GelesenerFall:
    """A case read only to be shown: its file's bytes and data, where each value stands in
    the file, and its validated model."""

    pfad: Path
    rohdaten: bytes
    daten: Any
    zeilen: Zeilenkarte
    fall: Fall


def lies_fall_nach_id(
    ablage: Ablage, fall_id: str, kataloge: Kataloge, *, weitere_angaben: bool = False
) -> GelesenerFall:
    """The case ``fall_id`` for commands that only show it (``zeige``, ``dokument``): the
    same case and the same refusals as :func:`lade_fall_nach_id`, without the round-trip
    document. With ``weitere_angaben`` (a document lists keys the format does not know with
    their values), a file with such keys is read round trip, as before.

    The file is parsed by the reports' fast reader (rapidyaml, proven equal to the round-trip
    reader in values and verdicts: tests/test_schnellleser_differenz.py). A file it hands
    over, and a file with any problem, is loaded by :func:`lade_fall_nach_id` instead, so that
    every message is the round-trip reader's, word for word.
    """
    from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
    from vier_phasen_cli.storage.rapidleser import lade_rapid
    from vier_phasen_cli.storage.rohdaten import MAX_BYTES
    from vier_phasen_cli.storage.schlicht import Sonderfall
    from vier_phasen_cli.storage.yamltext import als_text

    pfad = ablage.fall_pfad(fall_id)
    try:
        roh = lies_bytes(pfad)
        if len(roh) <= MAX_BYTES:
            text, _, _ = als_text(pfad, roh)
            daten, zeilen = lade_rapid(text)
            fall, probleme = pruefe_daten(daten, pfad, kataloge, zeilen.zeile_von)
            if (
                fall is not None
                and not probleme
                and not (weitere_angaben and unbekannte_schluessel(daten))
            ):
                return GelesenerFall(pfad, roh, daten, zeilen, fall)
    except (Sonderfall, VierPhasenFehler, OSError, ValueError, RecursionError):
        pass
    from vier_phasen_cli.storage.yamldatei import Dokumentzeilen

    falldatei = lade_fall_nach_id(ablage, fall_id, kataloge)
    dokument = falldatei.dokument
    return GelesenerFall(
        dokument.pfad, dokument.rohdaten, dokument.daten, Dokumentzeilen(dokument.daten),
        falldatei.fall,
    )  # fmt: skip


def lade_alle(ablage: Ablage, kataloge: Kataloge) -> tuple[list[Falldatei], list[DatenFehler]]:
    """Every case of the workspace; broken files are collected, not raised."""
    faelle: list[Falldatei] = []
    fehler: list[DatenFehler] = []
    for pfad in ablage.fall_dateien():
        try:
            faelle.append(lade_fall(pfad, kataloge))
        except DatenFehler as exc:
            fehler.append(exc)
    return faelle, fehler


def speichere(falldatei: Falldatei, kataloge: Kataloge, *, rechte: Rechte = PRIVAT) -> Falldatei:
    """Validate the edited document and write it atomically; return the reloaded state.

    Refused when the file changed on disk since it was loaded (someone else saved it) or
    when the edit made it invalid: the file on disk then stays exactly as it was.
    """
    from vier_phasen_cli.storage import yamldatei

    dokument = falldatei.dokument
    fall, probleme = pruefe_dokument(dokument, kataloge)
    if probleme or fall is None:  # a programming error in an edit, never user data
        raise als_fehler(dokument.pfad, probleme)
    inhalt = yamldatei.dump(dokument)
    ersetze_wenn_unveraendert(dokument.pfad, fingerabdruck(dokument.rohdaten), inhalt, rechte)
    neu = yamldatei.YamlDokument(dokument.pfad, inhalt, dokument.daten, dokument.schreibweise)
    return Falldatei(neu, fall)


class GeaendertFehler(VierPhasenFehler):
    """The case file changed on disk since it was read: it is not overwritten."""


def fingerabdruck(roh: bytes) -> str:
    """SHA-256 of a file's bytes: which version of a case file a change was made on."""
    return hashlib.sha256(roh).hexdigest()


def ersetze_wenn_unveraendert(
    pfad: Path, stand: str, inhalt: bytes, rechte: Rechte = PRIVAT
) -> None:
    """Write ``inhalt`` to the existing case file ``pfad`` atomically (with the modes of
    ``rechte``, the workspace's), but only while its bytes are still the version ``stand``
    (their ``fingerabdruck``); GeaendertFehler else.

    Every save of a case comes here: the wizards' (a dumped document) and ``bearbeite``'s
    (the bytes the caseworker wrote)."""
    with ordnersperre(pfad.parent):  # no other save between the check and the write
        try:
            aktuell = lies_bytes(pfad)
        except DatenFehler:
            if pfad.exists() or pfad.is_symlink():
                raise  # a link, a folder, no permission: said as such
            aktuell = None
        if aktuell is None or fingerabdruck(aktuell) != stand:
            raise GeaendertFehler(
                "Die Datei wurde seit dem Laden verändert und wird nicht überschrieben",
                datei=pfad,
                hinweis="Bitte den Vorgang wiederholen; er beginnt dann mit dem neuen Stand.",
            )
        if inhalt != aktuell:
            _schreibe(pfad, inhalt, neu=False, rechte=rechte)


def lege_an(
    pfad: Path, dokument_daten: Any, kataloge: Kataloge, *, rechte: Rechte = PRIVAT
) -> Falldatei:
    """Write a new case file; an existing file with that name is never replaced."""
    from vier_phasen_cli.storage import yamldatei

    dokument = yamldatei.YamlDokument(pfad, b"", dokument_daten, yamldatei.Schreibweise())
    fall, probleme = pruefe_dokument(dokument, kataloge)
    if probleme or fall is None:
        raise als_fehler(pfad, probleme)
    inhalt = yamldatei.dump(dokument)
    _schreibe(pfad, inhalt, neu=True, rechte=rechte)
    neu = yamldatei.YamlDokument(pfad, inhalt, dokument_daten, dokument.schreibweise)
    return Falldatei(neu, fall)


def _schreibe(pfad: Path, inhalt: bytes, *, neu: bool, rechte: Rechte) -> None:
    """The one place a case file is written; git mode commits what it noted. A symbolic
    link is never written through nor replaced (it may point at someone else's case)."""
    if pfad.is_symlink():
        raise link_fehler(pfad)
    try:
        schreibe_atomar(pfad, inhalt, neu=neu, rechte=rechte)
        schreibprotokoll.vermerke(pfad)
    except FileExistsError:
        raise VierPhasenFehler(
            f"Fall „{pfad.stem}“ gibt es schon",
            datei=pfad,
            hinweis=f"Den Fall zeigt „vier-phasen zeige {pfad.stem}“.",
        ) from None
    except PermissionError:
        raise VierPhasenFehler(
            "Keine Schreibberechtigung im Ordner der Falldatei; nichts wurde geändert",
            datei=pfad.parent,
            hinweis="Bitte die Berechtigungen des Ordners prüfen (Eigentümer braucht rwx).",
        ) from None
    except OSError as exc:
        grund = schreibgrund(exc)
        raise VierPhasenFehler(
            f"Speichern fehlgeschlagen ({grund}); die bisherige Datei ist unverändert",
            datei=pfad,
            hinweis="Bitte Platz schaffen bzw. den Datenträger prüfen und den Vorgang wiederholen.",
        ) from None
