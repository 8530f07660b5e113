"""``bearbeite``: the case file in the caseworker's own editor, saved only when it is sound
(SPEC §10 and §16; visudo is the model).

1. Under the case's lock (a conversation running on it refuses the start), the case file's
   bytes are copied to ``.vier-phasen/bearbeiten/<ID>.yaml`` (see ``storage/bearbeitungen``),
   or a copy left over from an earlier run is continued (terminal only).
2. The editor runs on the copy *without* the lock: an edit can take long, and the lock
   would block every colleague's conversation on the case meanwhile. The save below is
   protected by the changed-on-disk check instead.
3. The edited bytes are read and checked: a file that does not parse or that the tool could
   not load (DA002, DA003, KA001) is never saved; error-level findings of the rules need a
   confirmation on a terminal and are refused without one.
4. The save takes the lock again and replaces the case file atomically with exactly the
   bytes written (no re-dump), but only while it is still the version that was copied;
   otherwise the copy stays as a draft and is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Befund, Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.kontakt import KONTAKT_TAGE
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.bearbeitungen import (
    Kopie,
    kopie_pfad,
    lade_kopie,
    lege_kopie_an,
    merke_stand,
    verwirf_kopie,
)
from vier_phasen_cli.storage.faelle import (
    GeaendertFehler,
    als_fehler,
    ersetze_wenn_unveraendert,
    fingerabdruck,
    pruefe_dokument,
)
from vier_phasen_cli.storage.pruefung import ausgewaehlt, befunde_im_dokument
from vier_phasen_cli.storage.rohdaten import lies_bytes
from vier_phasen_cli.storage.sperre import Entsperren
from vier_phasen_cli.wizard.terminal import Terminal, Wahl

Editor = Callable[[Path], int]
"""Runs the editor on a file and returns its exit status."""

Ausgang = Literal["gespeichert", "unveraendert", "verworfen", "entwurf"]


@dataclass(frozen=True)
class Bearbeitet:
    """How a run ended (an error ends it with an exception instead)."""

    ausgang: Ausgang
    pfad: Path
    """The case file."""
    entwurf: Path | None = None
    """The copy kept as a draft (``ausgang == "entwurf"``)."""
    befunde: tuple[Befund, ...] = ()
    """The saved file's findings."""


@dataclass
class Pruefung:
    """What stands between the edited bytes and the case file."""

    sperrend: VierPhasenFehler | None = None
    """Why the bytes can never be saved (does not parse, DA002, DA003, KA001)."""
    befunde: list[Befund] = field(default_factory=list)

    @property
    def fehler(self) -> list[Befund]:
        return [b for b in self.befunde if b.schwere == "fehler"]


def bearbeite(
    ablage: Ablage,
    kataloge: Kataloge,
    fall_id: str,
    *,
    editor: Editor,
    terminal: Terminal | None,
    stichtag: date,
    auswahl: Auswahl,
    entsperren: Entsperren | None = None,
) -> Bearbeitet:
    """Let the caseworker edit case ``fall_id``'s file; save it if it is sound
    (``entsperren``: ``--entsperren`` was given, see ``storage/sperre``)."""
    pfad = ablage.fall_pfad(fall_id)
    if not ablage.faelle.is_dir():
        ablage.fall_dateien()  # raises the explanation of a missing cases/ folder
    if not pfad.is_file():
        raise VierPhasenFehler(
            f"Fall „{fall_id}“ gibt es nicht",
            datei=pfad,
            hinweis="Alle Fälle zeigt „vier-phasen liste“; einen neuen legt „vier-phasen neu“ an.",
        )
    ordner = ablage.eigener_ordner() / "bearbeiten"
    with ablage.sperre(fall_id, entsperren):  # no conversation is running on the case now
        kopie = _beginne(terminal, ordner, fall_id, pfad)
    if kopie is None:
        return Bearbeitet("entwurf", pfad, kopie_pfad(ordner, fall_id))
    stand = kopie.stand
    assert stand is not None  # _beginne settles which version the copy replaces
    try:
        while True:
            try:
                status = editor(kopie.pfad)
            except VierPhasenFehler:  # no editor to start: an untouched copy is not kept
                if fingerabdruck(_lies_kopie(kopie, fall_id)) == stand:
                    verwirf_kopie(ordner, fall_id)
                raise
            neu = _lies_kopie(kopie, fall_id)
            if fingerabdruck(neu) == stand:
                verwirf_kopie(ordner, fall_id)
                if status != 0:
                    raise _editorfehler(status, fall_id, None)
                return Bearbeitet("unveraendert", pfad)
            if status != 0:
                raise _editorfehler(status, fall_id, kopie.pfad)
            pruefung = pruefe_bearbeitung(
                kopie.pfad, neu, kataloge, stichtag, auswahl, ablage.einstellungen.kontakt_tage
            )
            if terminal is None:
                if pruefung.sperrend is not None or pruefung.fehler:
                    raise _nicht_gespeichert(pruefung, kopie.pfad, fall_id)
            else:
                wahl = _frage(terminal, pruefung)
                if wahl == "nochmal":
                    continue
                if wahl == "verwerfen":
                    verwirf_kopie(ordner, fall_id)
                    return Bearbeitet("verworfen", pfad)
                if wahl == "entwurf":
                    return Bearbeitet("entwurf", pfad, kopie.pfad)
            _speichere(ablage, fall_id, stand, neu, kopie.pfad, entsperren)
            verwirf_kopie(ordner, fall_id)
            return Bearbeitet("gespeichert", pfad, befunde=tuple(pruefung.befunde))
    except (KeyboardInterrupt, EOFError):
        if terminal is not None and kopie.pfad.is_file():
            terminal.zeige(f"\nDie Bearbeitung bleibt als Entwurf erhalten: {_zeige(kopie.pfad)}")
        raise


def _beginne(terminal: Terminal | None, ordner: Path, fall_id: str, pfad: Path) -> Kopie | None:
    """The copy to edit: a fresh one, or the earlier run's (terminal only); None when the
    caseworker stops at the question about the earlier one."""
    roh = lies_bytes(pfad)  # a broken case file may be copied: mending it is what this is for
    stand = fingerabdruck(roh)
    alt = lade_kopie(ordner, fall_id)
    if alt is not None:
        if terminal is None:
            raise VierPhasenFehler(
                f"Für Fall „{fall_id}“ gibt es schon eine angefangene Bearbeitung",
                datei=alt.pfad,
                hinweis=f"Im Terminal fortsetzen oder verwerfen: vier-phasen bearbeite {fall_id} "
                "(oder die genannte Datei löschen).",
            )
        wahl = _frage_fortsetzen(terminal, alt, stand, fall_id)
        if wahl == "abbrechen":
            return None
        if wahl == "fortsetzen":
            if alt.stand != stand:
                merke_stand(ordner, fall_id, stand)  # the caseworker chose to replace it
            return Kopie(alt.pfad, stand)
        verwirf_kopie(ordner, fall_id)
    return lege_kopie_an(ordner, fall_id, roh, stand)


def _frage_fortsetzen(terminal: Terminal, alt: Kopie, stand: str, fall_id: str) -> str:
    geaendert_am = alt.geaendert_am
    vom = f" (zuletzt geändert am {geaendert_am:%d.%m.%Y um %H:%M})" if geaendert_am else ""
    terminal.zeige(
        f"Für Fall {fall_id} gibt es eine angefangene Bearbeitung{vom}: {_zeige(alt.pfad)}"
    )
    if alt.stand == stand:
        wahlen = [
            Wahl("Fortsetzen", "fortsetzen"),
            Wahl("Verwerfen und die Falldatei neu bearbeiten", "neu"),
            Wahl("Abbrechen (die angefangene Bearbeitung bleibt)", "abbrechen"),
        ]
        return str(terminal.auswahl("Wie weiter?", wahlen, vorgabe="fortsetzen"))
    terminal.zeige(
        "Achtung: Die Falldatei wurde seit Beginn dieser Bearbeitung geändert. Wer fortsetzt "
        "und speichert, ersetzt diese Änderungen durch die angefangene Bearbeitung."
    )
    wahlen = [
        Wahl("Abbrechen (die angefangene Bearbeitung bleibt)", "abbrechen"),
        Wahl("Fortsetzen und beim Speichern die geänderte Falldatei ersetzen", "fortsetzen"),
        Wahl("Verwerfen und die geänderte Falldatei neu bearbeiten", "neu"),
    ]
    return str(terminal.auswahl("Wie weiter?", wahlen, vorgabe="abbrechen"))


def _lies_kopie(kopie: Kopie, fall_id: str) -> bytes:
    try:
        return lies_bytes(kopie.pfad)
    except DatenFehler as exc:
        if "zu groß" in exc.meldung:
            raise
        raise VierPhasenFehler(
            "Die bearbeitete Kopie ist nach dem Editor nicht mehr lesbar; nichts wurde gespeichert",
            datei=kopie.pfad,
            hinweis=f"Neu beginnen: vier-phasen bearbeite {fall_id}",
        ) from None


def pruefe_bearbeitung(
    kopie: Path,
    roh: bytes,
    kataloge: Kataloge,
    stichtag: date,
    auswahl: Auswahl,
    kontakt_tage: int = KONTAKT_TAGE,
) -> Pruefung:
    """Check edited bytes as a case file: what makes them unusable, and the findings (with
    the workspace's rule selection and severities, as ``pruefen`` shows them)."""
    try:
        dokument = yamldatei.lade(kopie, roh)
    except DatenFehler as exc:
        return Pruefung(exc)
    fall, probleme = pruefe_dokument(dokument, kataloge)
    if probleme or fall is None:
        return Pruefung(als_fehler(kopie, probleme))
    kontext = Pruefkontext(kataloge, stichtag, kontakt_tage)
    befunde = befunde_im_dokument(dokument, kopie.name, REGELWERK, kontext)
    return Pruefung(None, sorted(ausgewaehlt(befunde, auswahl), key=Befund.sortierschluessel))


def _frage(terminal: Terminal, pruefung: Pruefung) -> str:
    """Show the check's outcome; what to do: ``speichern``, ``nochmal``, ``verwerfen`` or
    ``entwurf``. A sound edit without error-level findings is saved without a question."""
    from rich.console import Group
    from rich.text import Text

    from vier_phasen_cli.render.befunde import FARBE

    nochmal = Wahl("Nochmals bearbeiten", "nochmal")
    verwerfen = Wahl("Verwerfen (die Falldatei bleibt, wie sie ist)", "verwerfen")
    entwurf = Wahl("Abbrechen und die Bearbeitung als Entwurf behalten", "entwurf")
    if pruefung.sperrend is not None:
        zeilen = [Text("So kann die Datei nicht gespeichert werden:", style="bold red")]
        for f in (pruefung.sperrend, *pruefung.sperrend.weitere):
            ort = f"Zeile {f.zeile}: " if f.zeile else ""
            zeilen.append(Text(f"  {ort}{f.meldung}"))
            if f.hinweis:
                zeilen.append(Text(f"    {f.hinweis}", style="dim"))
        terminal.zeige(Group(*zeilen))
        return str(terminal.auswahl("Wie weiter?", [nochmal, verwerfen, entwurf]))
    if pruefung.befunde:
        zeilen = [Text("Befunde der bearbeiteten Datei:", style="bold")]
        for b in pruefung.befunde:
            zeilen.append(
                Text(f"  Zeile {b.zeile}: ")
                .append(f"{b.code} {b.schwere}", style=FARBE[b.schwere])
                .append(f": {b.meldung}")
            )
        terminal.zeige(Group(*zeilen))
    anzahl = len(pruefung.fehler)
    if not anzahl:
        return "speichern"
    wahlen = [nochmal, Wahl("Trotzdem speichern", "speichern"), verwerfen, entwurf]
    frage = f"Die Datei hat {anzahl} Fehler (siehe oben). Trotzdem speichern?"
    return str(terminal.auswahl(frage, wahlen, vorgabe="nochmal"))


def _speichere(
    ablage: Ablage,
    fall_id: str,
    stand: str,
    neu: bytes,
    kopie: Path,
    entsperren: Entsperren | None,
) -> None:
    """Replace the case file by ``neu``, under the lock, if it is still version ``stand``."""
    pfad = ablage.fall_pfad(fall_id)
    try:
        with ablage.sperre(fall_id, entsperren):
            ersetze_wenn_unveraendert(pfad, stand, neu, ablage.rechte)
    except GeaendertFehler:
        raise VierPhasenFehler(
            "Die Falldatei wurde während der Bearbeitung geändert und wird nicht überschrieben",
            datei=pfad,
            hinweis=_entwurf_hinweis(kopie, fall_id),
        ) from None
    except VierPhasenFehler as exc:  # the lock is held, or the write failed
        exc.hinweis = _dazu(exc.hinweis, _entwurf_hinweis(kopie, fall_id))
        raise


def _entwurf_hinweis(kopie: Path, fall_id: str) -> str:
    return (
        f"Die Bearbeitung ist als Entwurf erhalten: {_zeige(kopie)} – "
        f"„vier-phasen bearbeite {fall_id}“ setzt sie im Terminal fort."
    )


def _dazu(hinweis: str | None, noch: str) -> str:
    return f"{hinweis}\n{noch}" if hinweis else noch


def _nicht_gespeichert(pruefung: Pruefung, kopie: Path, fall_id: str) -> VierPhasenFehler:
    """Without a terminal: why the edit was not saved, every problem or error-level finding
    on its line of the copy, and where the copy is."""
    if pruefung.sperrend is not None:
        fehler = pruefung.sperrend
        fehler.meldung = f"Nicht gespeichert: {fehler.meldung}"
    else:
        erster, *rest = [
            VierPhasenFehler(f"{b.code} {b.meldung}", datei=kopie, zeile=b.zeile)
            for b in pruefung.fehler
        ]
        fehler = VierPhasenFehler(
            f"Nicht gespeichert, die Datei hat Fehler: {erster.meldung}",
            datei=kopie,
            zeile=erster.zeile,
            weitere=rest,
        )
    fehler.hinweis = _dazu(fehler.hinweis, _entwurf_hinweis(kopie, fall_id))
    return fehler


def _editorfehler(status: int, fall_id: str, kopie: Path | None) -> VierPhasenFehler:
    wie = "abgebrochen" if status < 0 else f"mit Status {status} beendet"  # < 0: a signal
    return VierPhasenFehler(
        f"Der Editor wurde {wie}; nichts wurde gespeichert",
        hinweis=_entwurf_hinweis(kopie, fall_id) if kopie is not None else None,
    )


def _zeige(pfad: Path) -> str:
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad

    return anzeige_pfad(pfad)
