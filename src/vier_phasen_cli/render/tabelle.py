"""Plain-text tables for reports with many rows (``faellig``, ``liste``): fast, safe, whole.

Widths are computed once over all rows; only the columns marked ``umbrechen`` wrap, at word
boundaries (a word longer than its column is folded, never cut off); rows are produced as
lines one at a time. When the text column would be narrower than its minimum (a standard
80-column terminal), it leaves the row and follows it as an indented line of its own, so no
width ever loses a word. Every cell passes through ``sicher`` (tab and newline become
spaces): no control character from case data reaches the terminal. Pure: the width and
whether to colour are parameters.

Rich is kept for small views (``zeige``, ``katalog``): laying out 20,000 rows with it cost
about 0.5 ms a row (issue 19).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN, sicher
from vier_phasen_cli.domain.zusammenhalt import geschuetzt as _geschuetzt

ABSTAND = "  "
"""Between two columns."""
EINZUG = "    "
"""Before a text that follows its row on a line of its own."""

FARBEN = {"rot": "31", "gelb": "33", "blass": "2", "fett": "1", "cyan": "36", "fett-rot": "1;31"}
"""ANSI SGR codes of the few styles reports use."""


@dataclass(frozen=True)
class Spalte:
    titel: str
    umbrechen: bool = False
    """Long cells wrap onto further lines; other columns are as wide as their widest cell."""
    mindestens: int = 8
    """A wrapping column is not made narrower than this (unless ``unterzeile``)."""
    unterzeile: bool = False
    """Below ``mindestens`` the column's text goes onto its own indented line(s) instead."""
    rechts: bool = False
    """Aligned right (numbers); only for columns that do not wrap."""


Zeile = tuple[Sequence[str], str | None]
"""The cells of one row and its style (a key of ``FARBEN``, or None)."""


def zellbreite(text: str) -> int:
    """The number of terminal cells ``text`` takes (wide East Asian letters take two,
    combining marks none)."""
    # Below U+0300 (Latin, umlauts, ß, IPA, spacing modifiers) every letter takes one cell:
    # one C-level scan decides for almost every German text.
    if not text or max(text) < "\u0300":
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def farbig(text: str, stil: str | None, farbe: bool) -> str:
    """``text`` in the style ``stil`` when colouring is on."""
    if not (farbe and stil):
        return text
    return f"\x1b[{FARBEN[stil]}m{text}\x1b[0m"


_BINDESTRICH = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where a word may break besides a space: after the hyphen of a compound between two
letters ("Beispiel-|Öztürk", "SGB-II-|Fall" not: digits and signs such as "-3" stay whole)."""


def umbrechen(text: str, breite: int) -> list[str]:
    """``text`` as lines of at most ``breite`` cells, broken between words or after the
    hyphen of a compound; a word longer than a line is folded. Runs of white space count as
    one space. Never loses a character other than white space."""
    return _umbrechen(" ".join(text.split()), breite)


def _umbrechen(text: str, breite: int) -> list[str]:
    """``umbrechen`` for a text whose white space is single spaces already; the spaces of
    "SGB II", "§ 15a" and the like (``domain.zusammenhalt``) do not break."""
    if len(text) <= breite and zellbreite(text) <= breite:
        return [text]
    fest = text if _FEST in text else _geschuetzt(text, _FEST)  # safe text holds no NUL
    if fest != text:
        return [z.replace(_FEST, " ") for z in _umbrechen_roh(fest, breite)]
    return _umbrechen_roh(text, breite)


_FEST = "\x00"
"""Stands for a space that must not break while a text is wrapped."""


def _umbrechen_roh(text: str, breite: int) -> list[str]:
    breite = max(breite, 1)
    zeilen: list[str] = []
    aktuell = ""
    belegt = 0
    for wort in text.split(" "):
        for n, teil in enumerate(_BINDESTRICH.split(wort) if "-" in wort else (wort,)):
            fuge = " " if n == 0 else ""  # the parts of a compound join without a space
            w = zellbreite(teil)
            if aktuell and belegt + len(fuge) + w <= breite:
                aktuell += fuge + teil
                belegt += len(fuge) + w
                continue
            if aktuell:
                zeilen.append(aktuell)
            if w > breite:  # fold a word that no line can hold
                *ganze, teil = _falten(teil, breite)
                zeilen.extend(ganze)
                w = zellbreite(teil)
            aktuell, belegt = teil, w
    zeilen.append(aktuell)
    return zeilen


def _falten(wort: str, breite: int) -> list[str]:
    """``wort`` cut into pieces of at most ``breite`` cells (at least one letter each), in
    one pass: a name of a million letters must not take quadratic time."""
    if max(wort) < "\u0300":  # one cell per letter (as in zellbreite): plain slices
        return [wort[i : i + breite] for i in range(0, len(wort), breite)]
    stuecke: list[str] = []
    anfang = belegt = 0
    for i, zeichen in enumerate(wort):
        w = zellbreite(zeichen)
        if belegt + w > breite and i > anfang:
            stuecke.append(wort[anfang:i])
            anfang, belegt = i, 0
        belegt += w
    stuecke.append(wort[anfang:])
    return stuecke


def _fuellen(
    offen: Sequence[int], natuerlich: Sequence[int], untergrenze: dict[int, int], platz: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Water-filling: the columns ``offen`` share ``platz`` cells; one narrower than its
    share keeps its natural width, the others split what is left equally, none below its
    ``untergrenze``. The widths, and each column's share before that floor."""
    breiten: dict[int, int] = {}
    anteile: dict[int, int] = {}
    rest = platz
    reihenfolge = sorted(offen, key=natuerlich.__getitem__)
    for n, i in enumerate(reihenfolge):
        anteile[i] = anteil = rest // (len(reihenfolge) - n)
        breiten[i] = natuerlich[i] if natuerlich[i] <= anteil else max(anteil, untergrenze[i])
        rest -= breiten[i]
    # A floor raised a later column above its share: take the excess back from the columns
    # that kept more than their floor, so the floors fit whenever their sum does.
    for i in reihenfolge:
        if rest >= 0:
            break
        abgeben = min(breiten[i] - untergrenze[i], -rest)
        if abgeben > 0:
            breiten[i] -= abgeben
            rest += abgeben
    return breiten, anteile


def _aufteilen(
    spalten: Sequence[Spalte], natuerlich: list[int], wort: list[int], breite: int
) -> list[int]:
    """Column widths for a line of ``breite`` cells: fixed columns as wide as their content,
    the wrapping ones sharing the rest (``_fuellen``). Floors from kind to hard: wide enough
    for the column's longest word (nothing folded), its minimum, three cells. A
    ``unterzeile`` column whose share falls below its minimum gets width 0: it is printed
    below its row, and the others share the room it leaves."""
    weich = [i for i, s in enumerate(spalten) if s.umbrechen]
    fest = sum(natuerlich[i] for i, s in enumerate(spalten) if not s.umbrechen)
    breiten = list(natuerlich)
    unten: set[int] = set()
    while True:
        offen = [i for i in weich if i not in unten]
        platz = breite - fest - len(ABSTAND) * (len(spalten) - len(unten) - 1)
        stufen = [
            {i: min(natuerlich[i], max(spalten[i].mindestens, wort[i])) for i in offen},
            {i: min(natuerlich[i], spalten[i].mindestens) for i in offen},
            {i: min(natuerlich[i], 3) for i in offen},
        ]
        for n, untergrenze in enumerate(stufen):
            verteilt, anteile = _fuellen(offen, natuerlich, untergrenze, platz)
            if n == 0:
                zu_schmal = [
                    i
                    for i in offen
                    if spalten[i].unterzeile
                    and anteile[i] < min(spalten[i].mindestens, natuerlich[i])
                ]
            if sum(verteilt.values()) <= platz:
                break
        if zu_schmal:
            for i in zu_schmal:
                unten.add(i)
                breiten[i] = 0
            continue
        for i, b in verteilt.items():
            breiten[i] = b
        return breiten


def tabelle(
    spalten: Sequence[Spalte], zeilen: Sequence[Zeile], breite: int, *, farbe: bool = False
) -> Iterator[str]:
    """The table's lines (without line ends): header, rule, then each row's lines.

    Worked column by column where it can: a report's 20,000 rows are cleaned, measured and
    padded with a few scans per column; only a row with a cell too wide for its column is
    laid out cell by cell."""
    roh = list(zip(*(row for row, _ in zeilen), strict=True)) or [() for _ in spalten]
    # Tab and newline become spaces (a cell is one line); every other control is escaped.
    zellen = [_saeubern(spalte) for spalte in roh]
    weich = [s.umbrechen for s in spalten]
    gemessen = [_miss(spalte, w) for spalte, w in zip(zellen, weich, strict=True)]
    natuerlich = [
        max(zellbreite(s.titel), max(b, default=0))
        for s, (b, _) in zip(spalten, gemessen, strict=True)
    ]
    wort = [g[1] for g in gemessen]
    breiten = _aufteilen(spalten, natuerlich, wort, breite)
    sichtbar = [i for i, b in enumerate(breiten) if b > 0]
    unten = [i for i, b in enumerate(breiten) if b == 0 and natuerlich[i] > 0]
    letzte = sichtbar[-1] if sichtbar else -1
    raum = breite - len(EINZUG)
    rechts = {i for i, s in enumerate(spalten) if s.rechts and not s.umbrechen}

    def zeile(teile: Sequence[str]) -> str:
        stuecke = [
            " " * (breiten[i] - zellbreite(text)) + text
            if i in rechts
            else text
            if i == letzte
            else text + " " * (breiten[i] - zellbreite(text))
            for i, text in zip(sichtbar, teile, strict=True)
        ]
        return ABSTAND.join(stuecke).rstrip()

    def reihe(teile: list[str], stil: str | None) -> Iterator[str]:
        """One row's lines: on one line where every cell fits, else each cell wrapped."""
        if all(zellbreite(t) <= breiten[i] for i, t in zip(sichtbar, teile, strict=True)):
            yield farbig(zeile(teile), stil, farbe)
            return
        gebrochen = [_umbrechen(t, breiten[i]) for i, t in zip(sichtbar, teile, strict=True)]
        for n in range(max(map(len, gebrochen))):
            yield farbig(zeile([z[n] if n < len(z) else "" for z in gebrochen]), stil, farbe)

    yield from reihe([spalten[i].titel for i in sichtbar], "fett")
    gesamt = sum(breiten[i] for i in sichtbar) + len(ABSTAND) * (len(sichtbar) - 1)
    yield "─" * min(gesamt, max(breite, 1))
    # Every row on one line, as far as its cells fit: each column padded in one pass.
    ueberlang = {
        j for i in sichtbar for j, w in enumerate(gemessen[i][0]) if w > breiten[i]
    }  # fmt: skip
    gepolstert = [
        _polstern(zellen[i], gemessen[i][0], breiten[i], i in rechts, i == letzte) for i in sichtbar
    ]
    einzeilig = map(ABSTAND.join, zip(*gepolstert, strict=True)) if sichtbar else repeat("")
    for j, (text, (_, stil)) in enumerate(zip(einzeilig, zeilen, strict=False)):
        if j in ueberlang:
            yield from reihe([zellen[i][j] for i in sichtbar], stil)
        else:
            yield farbig(text.rstrip(), stil, farbe)
        for i in unten:
            zelle = zellen[i][j]
            if zelle:
                teile = [zelle] if gemessen[i][0][j] <= raum else _umbrechen(zelle, raum)
                for teil in teile:
                    yield farbig(EINZUG + teil, stil, farbe)


_LEERRAUM = re.compile(r"[^\S \n]")
"""White space other than the space (and the newline that joins a column's cells)."""
_BREIT = re.compile("[\u0300-\U0010ffff]")
"""A letter that may not take exactly one cell (see ``zellbreite``)."""


def _saeubern(spalte: Sequence[str]) -> list[str]:
    """The column's cells as shown: control characters escaped, runs of white space one
    space. A few scans of the column decide for the common case of nothing to do."""
    ganz = "\n".join(spalte)
    if (
        ganz.count("\n") == len(spalte) - 1
        and "  " not in ganz
        and "\n " not in ganz
        and " \n" not in ganz
        and not ganz.startswith(" ")
        and not ganz.endswith(" ")
        and STEUERZEICHEN.search(ganz) is None
        and _LEERRAUM.search(ganz) is None
    ):
        return list(spalte)
    return [" ".join(sicher(z).split()) for z in spalte]


def _miss(spalte: list[str], weich: bool) -> tuple[list[int], int]:
    """Each cell's width, and the column's longest word (for a wrapping column, else 0)."""
    schmal = _BREIT.search("".join(spalte)) is None
    breiten = list(map(len if schmal else zellbreite, spalte))
    wort = 0
    if weich and spalte:
        ganz = " ".join(spalte)
        woerter = (_BINDESTRICH.sub(" ", ganz) if "-" in ganz else ganz).split(" ")
        wort = max(map(len if schmal else zellbreite, woerter))
    return breiten, wort


def _polstern(
    spalte: list[str], breiten: list[int], breite: int, rechts: bool, letzte: bool
) -> list[str]:
    """The column's cells padded to ``breite`` cells (``rechts``: on the left); the last
    column is not padded on the right."""
    if rechts:
        return [" " * (breite - b) + z for z, b in zip(spalte, breiten, strict=True)]
    if letzte:
        return spalte
    return [z + " " * (breite - b) for z, b in zip(spalte, breiten, strict=True)]
