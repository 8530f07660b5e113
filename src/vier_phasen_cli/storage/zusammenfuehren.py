"""The git merge driver of case files (SPEC §11): three files in, the merged file out.

Git calls ``vier-phasen git merge-driver %O %A %B %P`` with the common version, ours (the
file to overwrite with the result), theirs and the case's path. The data merge is
:mod:`vier_phasen_cli.domain.dreiwege`; here the files are read, the result is written into
ours' round-trip document with as few edits as possible (so comments, quoting and key order
of ours survive), and conflicts become git's conflict markers around just the lines that
differ. The design and its invariants: docs/zusammenfuehren.md.
"""

from __future__ import annotations

import copy
import difflib
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vier_phasen_cli.domain import dreiwege
from vier_phasen_cli.domain.probleme import pfad_text
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.rohdaten import MAX_BYTES, lies_bytes
from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell

GIT_ZEIT = 60
"""Seconds a git call may take before it is given up."""

MAX_WERTE = 10_000
"""Values (keys, entries, texts …) a version may hold to be merged by data; a real case holds
a few hundred. Above it the versions are merged line by line, in well under a second."""

GANZES = "das ganze Dokument"
"""The conflicting place when a version is one list or value, not a mapping of fields."""

MARKEN = ("<<<<<<< ours", "=======", ">>>>>>> theirs")


@dataclass(frozen=True)
class Ergebnis:
    """What the driver writes into ours, and what it has to say about it."""

    inhalt: bytes
    konflikte: tuple[str, ...] = ()
    """The conflicting fields (paths as ``ziel.option``)."""
    textuell: str | None = None
    """Why the files were merged line by line (a version is no readable YAML), else None."""
    zeilenkonflikte: bool = False
    """The line-by-line merge left conflict markers."""
    von_hand: str | None = None
    """Why nothing could be merged (a version is no text file): ours is left as it was."""

    @property
    def sauber(self) -> bool:
        return not self.konflikte and not self.zeilenkonflikte and self.von_hand is None


def fuehre_zusammen(basis: Path, unsere: Path, ihre: Path) -> Ergebnis:
    """Merge the three versions of a case file (git's %O, %A, %B)."""
    try:
        roh_b, roh_o, roh_t = (lies_bytes(p) for p in (basis, unsere, ihre))
    except DatenFehler as exc:
        if exc.datei is None or not _zu_gross(exc.datei):
            raise  # missing or unreadable: git gave us no files to merge
        return _textuell(basis, unsere, ihre, exc)
    # A side without changes: the other side, byte for byte.
    if roh_o == roh_t or roh_b == roh_t:
        return Ergebnis(roh_o)
    if roh_b == roh_o:
        return Ergebnis(roh_t)
    try:
        b = werte(basis, roh_b) if roh_b.strip() else dreiwege.FEHLT
        for pfad, daten in ((basis, b), (unsere, werte(unsere, roh_o)), (ihre, werte(ihre, roh_t))):
            _pruefe_umfang(pfad, daten)
        unser_dokument = yamldatei.lade(unsere, roh_o)
        ihr_dokument = yamldatei.lade(ihre, roh_t)
    except DatenFehler as exc:
        return _textuell(basis, unsere, ihre, exc)
    o = schlicht(unser_dokument.daten)
    merge = dreiwege.zusammenfuehren(b, o, schlicht(ihr_dokument.daten))
    if not merge.konflikte and dreiwege.gleich(merge.daten, o):
        return Ergebnis(roh_o)
    fassung = _angeglichen(unser_dokument, merge.daten, ihr_dokument.daten)
    if not merge.konflikte:
        return Ergebnis(fassung)
    # the other resolution needs ours' document as it was: read it again
    ihre_fassung = _angeglichen(
        yamldatei.lade(unsere, roh_o), merge.ihre_fassung, ihr_dokument.daten
    )
    if ihre_fassung == fassung:  # the two values are written alike: nothing to choose
        return Ergebnis(fassung)
    konflikte = tuple(
        dict.fromkeys(pfad_text(k.pfad) if k.pfad else GANZES for k in merge.konflikte)
    )
    return Ergebnis(markiere(fassung, ihre_fassung), konflikte)


def _pruefe_umfang(pfad: Path, daten: Any) -> None:
    """Refuse (DatenFehler) a version with more than ``MAX_WERTE`` values: the merge by data
    would take long, and git waits for its driver without a time limit."""
    offen, anzahl = [daten], 0
    while offen:
        wert = offen.pop()
        anzahl += 1
        if anzahl > MAX_WERTE:
            raise DatenFehler(
                f"mehr als {MAX_WERTE:,} Werte".replace(",", ".")
                + ", zu viele, um sie Feld für Feld zusammenzuführen",
                datei=pfad,
            )
        if isinstance(wert, dict):
            offen.extend(wert.values())
        elif isinstance(wert, list):
            offen.extend(wert)


def _zu_gross(pfad: Path) -> bool:
    try:
        return pfad.stat().st_size > MAX_BYTES
    except OSError:
        return False


def werte(pfad: Path, roh: bytes) -> Any:
    """A file's values as plain data, where nothing else counts (the common version, the
    diff converter): read by the fast reader, by the round-trip reader what the fast one
    leaves to it (as for reports)."""
    text, _, _ = yamldatei.als_text(pfad, roh)
    if len(roh) <= MAX_BYTES:
        try:
            return lade_schnell(text)[0]
        except Sonderfall:
            pass
    return schlicht(yamldatei.lade(pfad, roh).daten)


def schlicht(wert: Any) -> Any:
    """Round-trip data as plain Python values: ruamel's quoted or block strings are ``str``,
    its styled numbers ``int``/``float`` – the values, not how they are written."""
    if isinstance(wert, dict):
        return {str(k): schlicht(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [schlicht(v) for v in wert]
    if isinstance(wert, bool) or wert is None or type(wert) is date:
        return wert
    for art in (str, int, float):
        if isinstance(wert, art):
            return art(wert)
    return wert


def _angeglichen(dokument: yamldatei.YamlDokument, ziel: Any, quelle: Any) -> bytes:
    """Ours' document edited until it holds ``ziel``: what did not change keeps its comments,
    quoting and place; what comes from theirs (``quelle``) is written as theirs wrote it."""
    dokument.daten = angleiche(dokument.daten, ziel, (), quelle)
    return yamldatei.dump(dokument)


def angleiche(alt: Any, ziel: Any, schema: dreiwege.Schema, quelle: Any = None) -> Any:
    """``alt`` (round-trip data) changed in place to hold the plain data ``ziel``; returns the
    node to use (``alt`` itself unless it is replaced). Lists that merge by identity keep each
    entry's node by that identity, so a ticked item keeps its comments. A new value is taken
    from ``quelle`` (the other side's round-trip node at that place) when it holds it."""
    if dreiwege.gleich(schlicht(alt), ziel):
        return alt
    if isinstance(alt, CommentedMap) and isinstance(ziel, dict):
        for k in [k for k in alt if str(k) not in ziel]:
            del alt[k]
        folgt: dict[Any, Any] = {}  # a new key goes right after the key before it in ziel
        vorher: Any = None
        reihenfolge = list(alt)
        for k, v in ziel.items():
            von = quelle.get(k) if isinstance(quelle, CommentedMap) else None
            if k in alt:
                neu = angleiche(alt[k], v, (*schema, k), von)
                if neu is not alt[k]:
                    alt[k] = neu
            else:
                alt[k] = _neu(v, von)  # at the end for now: ruamel's insert is linear
                folgt[vorher] = k
            vorher = k
        if folgt:
            _ordne(alt, reihenfolge, folgt)
        return alt
    regel = dreiwege.listenregel(schema)
    if isinstance(alt, CommentedSeq) and isinstance(ziel, list) and regel is not None:
        _gleiche_liste_an(alt, ziel, regel, schema, quelle)
        return alt
    return _neu(ziel, quelle)


def _ordne(karte: CommentedMap, reihenfolge: list[Any], folgt: dict[Any, Any]) -> None:
    """Put each new key of ``karte`` right after the key it follows (``folgt``, None: the
    first), the keys it had before in their ``reihenfolge``: in linear time."""
    ziel: list[Any] = []

    def mit_neuen(k: Any) -> None:
        while k in folgt:
            k = folgt[k]
            ziel.append(k)

    mit_neuen(None)
    for k in reihenfolge:
        ziel.append(k)
        mit_neuen(k)
    for k in ziel:
        karte.move_to_end(k)


def _neu(wert: Any, quelle: Any) -> Any:
    """A node for the plain ``wert``: a copy of ``quelle`` if it holds just that value."""
    if quelle is not None and dreiwege.gleich(schlicht(quelle), wert):
        return _kopie(quelle)
    return yamldatei.rt(wert)


def _kopie(knoten: Any) -> Any:
    """A deep copy of a round-trip node with its comments, in linear time (ruamel's own
    ``deepcopy`` of a sequence copies the sequence's comments once per entry: quadratic)."""
    neu: CommentedMap | CommentedSeq
    if isinstance(knoten, CommentedSeq):
        neu = CommentedSeq(_kopie(e) for e in knoten)
    elif isinstance(knoten, CommentedMap):
        neu = CommentedMap()
        for k, v in knoten.items():
            neu[k] = _kopie(v)
    else:
        return copy.deepcopy(knoten)
    knoten.copy_attributes(neu, memo={})
    return neu


def _gleiche_liste_an(
    alt: CommentedSeq,
    ziel: list[Any],
    regel: dreiwege.Listenregel,
    schema: dreiwege.Schema,
    quelle: Any,
) -> None:
    ziel_ids = dreiwege.identitaeten(ziel, regel)
    bleibt = set(ziel_ids)
    alt_ids = dreiwege.identitaeten(schlicht(alt), regel)
    von: dict[dreiwege.Identitaet, Any] = {}
    if isinstance(quelle, CommentedSeq):
        von = dict(zip(dreiwege.identitaeten(schlicht(quelle), regel), quelle, strict=True))
    for i in reversed(range(len(alt))):
        if alt_ids[i] not in bleibt:
            del alt[i]
            del alt_ids[i]
    for i, (kennung, wert) in enumerate(zip(ziel_ids, ziel, strict=True)):
        if i < len(alt_ids) and alt_ids[i] == kennung:
            alt[i] = angleiche(alt[i], wert, schema, von.get(kennung))
        elif kennung in alt_ids[i:]:  # moved here
            j = alt_ids.index(kennung, i)
            knoten = alt[j]
            del alt[j]
            del alt_ids[j]
            alt.insert(i, angleiche(knoten, wert, schema, von.get(kennung)))
            alt_ids.insert(i, kennung)
        else:
            alt.insert(i, _neu(wert, von.get(kennung)))
            alt_ids.insert(i, kennung)


def markiere(unsere: bytes, ihre: bytes) -> bytes:
    """One text from two versions that differ only where conflicts are: each differing run
    of lines between git's conflict markers, ours first."""
    a = unsere.decode("utf-8").splitlines(keepends=True)
    b = ihre.decode("utf-8").splitlines(keepends=True)
    ende = "\r\n" if a and a[0].endswith("\r\n") else "\n"
    zeilen: list[str] = []
    for art, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if art == "equal":
            zeilen.extend(a[i1:i2])
            continue
        zeilen.append(MARKEN[0] + ende)
        zeilen.extend(a[i1:i2])
        zeilen.append(MARKEN[1] + ende)
        zeilen.extend(b[j1:j2])
        zeilen.append(MARKEN[2] + ende)
    return "".join(zeilen).encode("utf-8")


def _textuell(basis: Path, unsere: Path, ihre: Path, grund: DatenFehler) -> Ergebnis:
    """Git's own line-by-line merge (``git merge-file``), for versions that are no YAML."""
    befehl = ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        lauf = subprocess.run(
            [*befehl, str(unsere), str(basis), str(ihre)],
            capture_output=True,
            timeout=GIT_ZEIT,
            check=False,
        )
    except FileNotFoundError:
        raise VierPhasenFehler(
            "Das Programm git wurde nicht gefunden",
            hinweis="Bitte git installieren (es führt die Dateien sonst zusammen).",
        ) from None
    except subprocess.TimeoutExpired:
        raise VierPhasenFehler(
            f"git merge-file hat nach {GIT_ZEIT} Sekunden nicht geantwortet"
        ) from None
    namen = {basis: "gemeinsame", unsere: "eigene", ihre: "hereinkommende"}
    if lauf.returncode < 0 or lauf.returncode > 127:
        binaer = [name for pfad, name in namen.items() if _hat_nullbyte(pfad)]
        if not binaer:
            raise VierPhasenFehler(f"git merge-file ist fehlgeschlagen (Status {lauf.returncode})")
        # git refuses binary files; as git does for them, ours stays and it is a conflict
        return Ergebnis(
            unsere.read_bytes(), von_hand=f"die {binaer[0]} Fassung ist keine Textdatei"
        )
    ort = f"Zeile {grund.zeile}: " if grund.zeile else ""
    fassung = namen.get(grund.datei or basis, "eine")
    grund_text = f"die {fassung} Fassung: {ort}{grund.meldung}"
    return Ergebnis(lauf.stdout, textuell=grund_text, zeilenkonflikte=lauf.returncode > 0)


def _hat_nullbyte(pfad: Path) -> bool:
    """Whether a file holds a NUL byte (git takes it for binary), read in pieces."""
    try:
        with pfad.open("rb") as f:
            while stueck := f.read(1 << 20):
                if b"\0" in stueck:
                    return True
    except OSError:
        return False
    return False
