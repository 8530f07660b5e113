"""``uebergabe``: a Fachkraft's active cases go to a colleague, for good or as a Vertretung
(SPEC §10, §16).

Without ``bis`` the case's ``fachkraft`` changes and the change is logged in ``wechsel``; with
``bis`` the case gets ``vertretung: {fachkraft, ab, bis}`` and keeps its Fachkraft (reports
find it under the stand-in's name while the Vertretung lasts; nothing is written when it ends).

All or none: every case is locked (in ID order, so two handovers cannot lock each other out),
loaded and checked before the first one is written; one case that is not an active case of
``von`` refuses the whole handover. Then each is saved like every change (atomically, refused
if the file changed on disk since it was loaded).
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.datum import DatumsFehler, deutsch, lies_datum
from vier_phasen_cli.domain.fristen import Fallkopf, fachkraft_schluessel
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.steuerzeichen import (
    STEUERZEICHEN_MELDUNG,
    hat_steuerzeichen,
    sicher_einzeilig,
)
from vier_phasen_cli.domain.uebergabe import vertretung_gueltig
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.faelle import (
    Falldatei,
    ersetze_wenn_unveraendert,
    fingerabdruck,
    lade_fall,
    speichere,
)
from vier_phasen_cli.storage.rechte import Rechte
from vier_phasen_cli.storage.sperre import Entsperren
from vier_phasen_cli.wizard.anwenden import rt, setze_abschnitt
from vier_phasen_cli.wizard.terminal import Terminal, Wahl
from vier_phasen_cli.wizard.wechsel import wechsel_eintragen

_OHNE_TERMINAL = "Ohne Terminal wird nicht nachgefragt."


def _faelle(anzahl: int, *, dativ: bool = False) -> str:
    """``1 aktiver Fall`` / ``3 aktive Fälle`` (``dativ``: ``in 3 aktiven Fällen``)."""
    if anzahl == 1:
        return "1 aktivem Fall" if dativ else "1 aktiver Fall"
    return f"{anzahl} aktiven Fällen" if dativ else f"{anzahl} aktive Fälle"


@dataclass(frozen=True)
class Auftrag:
    """What ``uebergabe`` was asked to do (the options as given)."""

    von: str | None
    an: str | None
    ids: tuple[str, ...]
    datum: date
    """The day of the handover; with ``bis`` the Vertretung's first day."""
    bis: date | None = None


@dataclass(frozen=True)
class Uebergeben:
    """A handover as saved: the cases (by ID) as they are on disk now."""

    von: str
    an: str
    datum: date
    bis: date | None
    faelle: list[Falldatei]
    ersetzt: tuple[str, ...] = ()
    """Vertretungen this handover ended or replaced, one German line each."""


def uebergib(
    ablage: Ablage,
    kataloge: Kataloge,
    auftrag: Auftrag,
    terminal: Terminal | None,
    heute: date,
    entsperren: Entsperren | None = None,
) -> Uebergeben | None:
    """Hand the cases over; what was saved, or None when the caseworker said no."""
    if auftrag.bis is not None:
        grund = vertretung_gueltig(auftrag.datum, auftrag.bis)
        if grund is not None:
            raise VierPhasenFehler(grund, hinweis="--datum ist der erste Tag, --bis der letzte.")
    if terminal is not None and auftrag.bis is None and None in (auftrag.von, auftrag.an):
        auftrag = dataclasses.replace(auftrag, bis=_frage_art(terminal, auftrag.datum, heute))
    von, an = _namen(ablage, kataloge, auftrag, terminal, heute)
    ids = sorted(set(auftrag.ids)) or _faelle_von(ablage, kataloge, von, heute)
    with contextlib.ExitStack() as sperren:
        for fall_id in ids:
            ablage.fall_pfad(fall_id)  # an invalid ID is refused before any lock
        for fall_id in ids:
            sperren.enter_context(ablage.sperre(fall_id, entsperren))
        geladen = _lade_und_pruefe(ablage, kataloge, ids, von)
        geaendert = [_geaendert(f, auftrag, an) for f in geladen]
        if terminal is not None and not _bestaetigt(terminal, geladen, von, an, auftrag):
            terminal.zeige("Abgebrochen; es wurde nichts geändert.")
            return None
        _unveraendert(geladen)
        gespeichert = _speichere_alle(geladen, geaendert, kataloge, ablage.rechte)
    ersetzt = tuple(z for f in geladen if (z := _bisherige_vertretung(f, auftrag)))
    return Uebergeben(von, an, auftrag.datum, auftrag.bis, gespeichert, ersetzt)


def _bisherige_vertretung(falldatei: Falldatei, auftrag: Auftrag) -> str | None:
    """What happens to the case's Vertretung: replaced by the new one, or ended by the
    handover for good (the new Fachkraft arranges her own)."""
    v = falldatei.fall.vertretung
    if v is None:
        return None
    was = "ersetzt" if auftrag.bis is not None else "beendet"
    return (
        f"{falldatei.fall.id}: die bisherige Vertretung durch {sicher_einzeilig(v.fachkraft)} "
        f"(bis {deutsch(v.bis)}) ist {was}"
    )


def _frage_art(terminal: Terminal, ab: date, heute: date) -> date | None:
    """On a terminal without --bis: a Vertretung (asked first: the safe choice) or for good."""
    art = terminal.auswahl(
        "Was wird eingetragen?",
        [
            Wahl("Eine Vertretung bis zu einem Tag (--bis); die Fachkraft bleibt", "vertretung"),
            Wahl("Eine dauerhafte Übergabe (die Fachkraft wechselt)", "dauerhaft"),
        ],
    )
    if art == "dauerhaft":
        return None

    def lies(eingabe: str) -> date | str:
        try:
            bis = lies_datum(eingabe, heute)
        except DatumsFehler as exc:
            return str(exc)
        return vertretung_gueltig(ab, bis) or bis

    eingabe = terminal.text(
        "Vertretung bis (TT.MM.JJJJ, +14)",
        pruefen=lambda e: not isinstance(lies(e), str) or str(lies(e)),
    )
    ergebnis = lies(eingabe)
    assert isinstance(ergebnis, date)
    return ergebnis


def _speichere_alle(
    geladen: list[Falldatei], geaendert: list[Falldatei], kataloge: Kataloge, rechte: Rechte
) -> list[Falldatei]:
    """Save every case, or none: when a save is refused part-way (a file changed by someone
    who ignores the locks, a full disk), the cases already written get their loaded version
    back – each only if it is still exactly what this handover wrote."""
    gespeichert: list[Falldatei] = []
    try:
        for f in geaendert:
            gespeichert.append(speichere(f, kataloge, rechte=rechte))
    except VierPhasenFehler as exc:
        geblieben = []
        for alt, neu in zip(geladen, gespeichert, strict=False):
            try:
                ersetze_wenn_unveraendert(
                    alt.pfad, fingerabdruck(neu.dokument.rohdaten), alt.dokument.rohdaten, rechte
                )
            except VierPhasenFehler:
                geblieben.append(alt.pfad.name)
        zurueck = (
            "; die schon geschriebenen Fälle sind zurückgenommen, es wurde nichts übergeben"
            if not geblieben
            else f"; nicht zurückzunehmen (inzwischen erneut geändert): {', '.join(geblieben)}"
        )
        raise VierPhasenFehler(
            exc.meldung + zurueck, datei=exc.datei, zeile=exc.zeile, hinweis=exc.hinweis
        ) from None
    return gespeichert


# --- who hands over to whom ----------------------------------------------------------------


def _namen(
    ablage: Ablage, kataloge: Kataloge, auftrag: Auftrag, terminal: Terminal | None, heute: date
) -> tuple[str, str]:
    """``--von`` and ``--an``, asked on a terminal when missing; both checked alike."""
    fehlend = [
        f"  fehlt: {option} ({frage})"
        for option, frage, wert in (
            ("--von", "bisherige Fachkraft", auftrag.von),
            ("--an", "übernehmende Fachkraft bzw. Vertretung", auftrag.an),
        )
        if wert is None
    ]
    if fehlend and terminal is None:
        raise VierPhasenFehler(
            f"Übergabe: Angaben fehlen ({len(fehlend)})\n" + "\n".join(fehlend),
            hinweis=f"{_OHNE_TERMINAL} Beispiel: vier-phasen uebergabe --von "
            '"M. Schmidt" --an "A. Wagner"',
        )
    for option, wert in (("--von", auftrag.von), ("--an", auftrag.an)):
        if wert is not None and (grund := namensfehler(wert)) is not None:
            raise VierPhasenFehler(f"Ungültiger Wert für {option}: {grund}")
    von, an = auftrag.von, auftrag.an
    if terminal is not None and (von is None or an is None):
        bekannt = fachkraefte(ablage, kataloge, heute)
        if von is None:
            von = _frage_von(terminal, bekannt)
        if an is None:
            an = _frage_an(terminal, bekannt, von, vertretung=auftrag.bis is not None)
    assert von is not None and an is not None
    von, an = von.strip(), an.strip()
    if fachkraft_schluessel(von) == fachkraft_schluessel(an):
        raise VierPhasenFehler(
            "--von und --an nennen dieselbe Fachkraft; es gibt nichts zu übergeben"
        )
    return von, an


def namensfehler(name: str) -> str | None:
    """Why ``name`` cannot be a Fachkraft's name (German), or None: the one check for names
    given as options and typed at the prompt."""
    if not name.strip():
        return "Bitte einen Namen angeben."
    if hat_steuerzeichen(name):
        return f"Der Name {STEUERZEICHEN_MELDUNG}."
    return None


def _aktive(
    ablage: Ablage, kataloge: Kataloge, heute: date
) -> tuple[list[Fallkopf], list[DatenFehler]]:
    """The heads of the workspace's active cases (from the reports' cache), and the files
    that cannot be read."""
    from vier_phasen_cli.storage.lesen import lesbare, lies_alle

    faelle, fehler = lesbare(lies_alle(ablage, kataloge, heute, zeilen=False, fristen=False))
    koepfe = [e.kopf for e in faelle if e.kopf is not None and e.kopf.status == "aktiv"]
    return koepfe, fehler


def fachkraefte(ablage: Ablage, kataloge: Kataloge, heute: date) -> Counter[str]:
    """The Fachkräfte of the workspace's active cases, with how many each has."""
    return Counter(k.fachkraft for k in _aktive(ablage, kataloge, heute)[0])


def _frage_von(terminal: Terminal, bekannt: Counter[str]) -> str:
    if not bekannt:
        raise VierPhasenFehler(
            "In der Ablage gibt es keine aktiven Fälle; es gibt nichts zu übergeben"
        )
    wahlen = [
        Wahl(f"{sicher_einzeilig(name)} ({_faelle(anzahl)})", name)
        for name, anzahl in sorted(bekannt.items(), key=lambda p: p[0].casefold())
    ]
    return str(terminal.auswahl("Wessen Fälle werden übergeben? (--von)", wahlen))


_ANDERE = object()


def _frage_an(terminal: Terminal, bekannt: Counter[str], von: str, *, vertretung: bool) -> str:
    frage = "Wer vertritt? (--an)" if vertretung else "An wen gehen die Fälle? (--an)"
    andere = [
        Wahl(sicher_einzeilig(name), name)
        for name in sorted(bekannt, key=str.casefold)
        if fachkraft_schluessel(name) != fachkraft_schluessel(von)
    ]
    wahl = terminal.auswahl(frage, [*andere, Wahl("Andere Fachkraft eingeben …", _ANDERE)])
    if wahl is not _ANDERE:
        grund = namensfehler(str(wahl))
        if grund is None:
            return str(wahl)
        # a hand-edited name in some case file: not spread to others (SPEC §15)
        terminal.zeige(f"{grund} Bitte den Namen eintippen.")

    def pruefen(eingabe: str) -> bool | str:
        grund = namensfehler(eingabe)
        if grund is None and fachkraft_schluessel(eingabe) == fachkraft_schluessel(von):
            grund = "Das ist die bisherige Fachkraft."
        return grund or True

    return terminal.text("Name der Fachkraft (wie in den Falldateien)", pruefen=pruefen)


# --- which cases ---------------------------------------------------------------------------


def _faelle_von(ablage: Ablage, kataloge: Kataloge, von: str, heute: date) -> list[str]:
    """The IDs of ``von``'s active cases (from the reports' cache). A file that cannot be
    read could be one of them: then nothing is handed over (it would stay behind unseen)."""
    koepfe, fehler = _aktive(ablage, kataloge, heute)
    if fehler:
        raise VierPhasenFehler(
            f"Übergabe nicht möglich: {len(fehler)} "
            f"{'Falldatei ist' if len(fehler) == 1 else 'Falldateien sind'} nicht lesbar; "
            f"darunter könnten Fälle von „{von}“ sein. Es wurde nichts geändert.",
            hinweis="Bitte die Dateien reparieren (vier-phasen pruefen) oder die Fälle mit "
            "ihren IDs nennen.",
            weitere=list(fehler),
        )
    schluessel = fachkraft_schluessel(von)
    ids = sorted(k.id for k in koepfe if fachkraft_schluessel(k.fachkraft) == schluessel)
    if not ids:
        andere = sorted({k.fachkraft for k in koepfe}, key=str.casefold)
        raise VierPhasenFehler(
            f"„{von}“ hat keine aktiven Fälle; es gibt nichts zu übergeben",
            hinweis=(
                "Fachkräfte mit aktiven Fällen: " + ", ".join(andere) + "."
                if andere
                else "In der Ablage gibt es keine aktiven Fälle."
            ),
        )
    return ids


def _lade_und_pruefe(
    ablage: Ablage, kataloge: Kataloge, ids: list[str], von: str
) -> list[Falldatei]:
    """Every case, loaded under its lock; every one that cannot be handed over is named in
    one error (nothing has been written yet)."""
    schluessel = fachkraft_schluessel(von)
    geladen: list[Falldatei] = []
    probleme: list[VierPhasenFehler] = []
    for fall_id in ids:
        pfad = ablage.fall_pfad(fall_id)
        if not pfad.is_file():
            probleme.append(VierPhasenFehler(f"Fall „{fall_id}“ gibt es nicht", datei=pfad))
            continue
        try:
            falldatei = lade_fall(pfad, kataloge)
        except VierPhasenFehler as exc:
            probleme.append(exc)
            continue
        fall = falldatei.fall
        if fall.status != "aktiv":
            seit = f" seit {deutsch(fall.abschluss.datum)}" if fall.abschluss else ""
            probleme.append(
                VierPhasenFehler(f"Fall „{fall_id}“ ist abgeschlossen{seit}", datei=pfad)
            )
        elif fachkraft_schluessel(fall.fachkraft) != schluessel:
            probleme.append(
                VierPhasenFehler(
                    f"Fall „{fall_id}“ ist kein Fall von „{von}“ (Fachkraft: {fall.fachkraft})",
                    datei=pfad,
                )
            )
        else:
            geladen.append(falldatei)
    if probleme:
        raise VierPhasenFehler(
            f"Übergabe abgelehnt: {len(probleme)} von {len(ids)} "
            f"{'Fall passt' if len(probleme) == 1 else 'Fällen passen'} nicht; "
            "es wurde nichts geändert",
            hinweis=f"Übergeben werden nur aktive Fälle von {von}. Alle zeigt: "
            f'vier-phasen liste --fachkraft "{von}" --status aktiv',
            weitere=probleme,
        )
    return geladen


# --- the change ----------------------------------------------------------------------------


def _geaendert(falldatei: Falldatei, auftrag: Auftrag, an: str) -> Falldatei:
    """The case document with the handover applied (the file is not touched)."""
    alt = falldatei.dokument
    daten: CommentedMap = copy.deepcopy(alt.daten)
    aendere(daten, an, auftrag.datum, auftrag.bis)
    dokument = yamldatei.YamlDokument(alt.pfad, alt.rohdaten, daten, alt.schreibweise)
    return Falldatei(dokument, falldatei.fall)


def aendere(dok: CommentedMap, an: str, datum: date, bis: date | None) -> None:
    """Hand the case document over to ``an`` from ``datum``: for good (``bis`` None: the
    Fachkraft changes, logged in ``wechsel``) or as a Vertretung until ``bis``."""
    if bis is not None:
        setze_abschnitt(dok, "vertretung", rt({"fachkraft": an, "ab": datum, "bis": bis}))
        return
    if "vertretung" in dok:  # it stood in for the old Fachkraft
        del dok["vertretung"]
    von = str(dok["fachkraft"])
    dok["fachkraft"] = an
    wechsel_eintragen(dok, datum, "fachkraft", von, an)


def _unveraendert(geladen: list[Falldatei]) -> None:
    """Refuse before the first write when any file changed since it was loaded (``speichere``
    checks each file again; this keeps a late change from leaving a handover half done)."""
    for f in geladen:
        try:
            gleich = f.pfad.read_bytes() == f.dokument.rohdaten
        except OSError:
            gleich = False
        if not gleich:
            raise VierPhasenFehler(
                "Die Datei wurde seit dem Laden verändert; es wurde nichts übergeben",
                datei=f.pfad,
                hinweis="Bitte die Übergabe wiederholen; sie beginnt dann mit dem neuen Stand.",
            )


def _bestaetigt(
    terminal: Terminal, geladen: list[Falldatei], von: str, an: str, auftrag: Auftrag
) -> bool:
    """Show what will change and ask before anything is written."""
    anzahl = len(geladen)
    if auftrag.bis is None:
        text = (
            f"{_faelle(anzahl)} von {von} {'geht' if anzahl == 1 else 'gehen'} ab "
            f"{deutsch(auftrag.datum)} dauerhaft an {an} über (für eine Vertretung: --bis)."
        )
        frage = "Übergeben?"
    else:
        text = (
            f"{an} vertritt {von} vom {deutsch(auftrag.datum)} bis {deutsch(auftrag.bis)} "
            f"in {_faelle(anzahl, dativ=True)}; die Fachkraft bleibt {von}."
        )
        frage = "Vertretung eintragen?"
    zeilen = [text, *(f"  {f.fall.id}  {f.fall.kunde.name}" for f in geladen)]
    zeilen += [f"  {z}" for f in geladen if (z := _bisherige_vertretung(f, auftrag))]
    terminal.zeige("\n".join(zeilen))
    return terminal.ja_nein(frage, vorgabe=True)
