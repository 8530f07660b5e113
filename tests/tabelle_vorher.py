"""The table renderer as it was before it worked each distinct text once (issue 19, round
2), kept word for word as the oracle of tests/test_tabelle_differenz.py: the new one must
print the same bytes. The pieces both share (column widths, colours) come from
``render.tabelle``."""

# ruff: noqa

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import repeat

from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN, sicher
from vier_phasen_cli.domain.zusammenhalt import geschuetzt as _geschuetzt
from vier_phasen_cli.render.tabelle import (
    ABSTAND,
    EINZUG,
    _BINDESTRICH,
    Spalte,
    Zeile,
    _aufteilen,
    farbig,
    zellbreite,
)


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
