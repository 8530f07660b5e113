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
from itertools import islice, repeat

from vier_phasen_cli.domain.steuerzeichen import sicher
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
    mit_titel: bool = False
    """Like ``unterzeile``, but the column leaves its row only where even ``mindestens`` does
    not fit (a narrow terminal), and below the row its text follows the column's title
    ("Name: …"); such texts of a row share a line (for short values that the row would not
    explain; a long text such as "Was" stands alone)."""
    rechts: bool = False
    """Aligned right (numbers); only for columns that do not wrap."""


Zeile = tuple[Sequence[str], str | None]
"""The cells of one row and its style (a key of ``FARBEN``, or None)."""


def zellbreite(text: str) -> int:
    """The number of terminal cells ``text`` takes (wide East Asian letters take two,
    combining marks none; the stand-in for a space that must not break, ``_FEST``, one)."""
    # Below U+0300 (Latin, umlauts, ß, IPA, spacing modifiers) every letter takes one cell:
    # one C-level scan decides for almost every German text.
    if not text or max(text) < "\u0300":
        return len(text)
    from rich.cells import cell_len

    return cell_len(text) + text.count(_FEST)  # Rich gives a control character no cell


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
    # Nearly every German text takes one cell a letter: then a length is its width.
    messen = len if _BREIT.search(text) is None else zellbreite
    zeilen: list[str] = []
    aktuell = ""
    belegt = 0
    for wort in text.split(" "):
        fuge = " "  # the parts of a compound join without a space
        for teil in _BINDESTRICH.split(wort) if "-" in wort else (wort,):
            w = messen(teil)
            if aktuell and belegt + len(fuge) + w <= breite:
                aktuell += fuge + teil
                belegt += len(fuge) + w
            else:
                if aktuell:
                    zeilen.append(aktuell)
                if w > breite:  # fold a word that no line can hold
                    *ganze, teil = _falten(teil, breite)
                    zeilen.extend(ganze)
                    w = messen(teil)
                aktuell, belegt = teil, w
            fuge = ""
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
        # a column with nothing in it (not even a title) is not shown: no gap before it
        gezeigt = sum(1 for i in range(len(spalten)) if natuerlich[i] > 0 and i not in unten)
        platz = breite - fest - len(ABSTAND) * (gezeigt - 1)
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
        if not zu_schmal:
            # A column whose text can follow its title below leaves only when even its
            # minimum does not fit (one long word in one row must not move it for all),
            # the widest first (that may leave room for the others).
            falten = [
                i
                for i in offen
                if spalten[i].mit_titel and verteilt[i] < min(spalten[i].mindestens, natuerlich[i])
            ]
            if falten:
                zu_schmal = [max(falten, key=natuerlich.__getitem__)]
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
    """The table's lines (without line ends): header, rule, then each row's lines."""
    roh = list(zip(*(row for row, _ in zeilen), strict=True)) or [() for _ in spalten]
    return spaltentabelle(spalten, roh, [stil for _, stil in zeilen], breite, farbe=farbe)


def spaltentabelle(
    spalten: Sequence[Spalte],
    werte: Sequence[Sequence[str]],
    stile: Sequence[str | None],
    breite: int,
    *,
    farbe: bool = False,
) -> Iterator[str]:
    """``tabelle`` for rows given column by column: ``werte`` holds each column's cells,
    ``stile`` each row's style.

    Worked column by column: a report's 20,000 rows are cleaned, measured and padded with a
    few scans per column (each distinct text once); a row with a cell too wide for its
    column has only that cell wrapped, and a text that recurs is wrapped once."""
    # Tab and newline become spaces (a cell is one line); every other control is escaped.
    zellen = [_saeubern(spalte) for spalte in werte]
    gemessen = [_miss(spalte, s.umbrechen) for spalte, s in zip(zellen, spalten, strict=True)]
    natuerlich = [
        max(zellbreite(s.titel), max(m.breiten, default=0))
        for s, m in zip(spalten, gemessen, strict=True)
    ]
    wort = [m.wort for m in gemessen]
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

    titel = [spalten[i].titel for i in sichtbar]
    if all(zellbreite(t) <= breiten[i] for i, t in zip(sichtbar, titel, strict=True)):
        yield farbig(zeile(titel), "fett", farbe)
    else:
        gebrochen = [_umbrechen(t, breiten[i]) for i, t in zip(sichtbar, titel, strict=True)]
        for n in range(max(map(len, gebrochen))):
            yield farbig(zeile([z[n] if n < len(z) else "" for z in gebrochen]), "fett", farbe)
    gesamt = sum(breiten[i] for i in sichtbar) + len(ABSTAND) * (len(sichtbar) - 1)
    yield "─" * min(gesamt, max(breite, 1))
    gepolstert = [
        _polstern(zellen[i], gemessen[i], breiten[i], i in rechts, i == letzte) for i in sichtbar
    ]
    # Only a wrapping column holds a cell wider than its column: the rows that have one,
    # and the places (in ``sichtbar``) of their cells that are too wide.
    ueberlang: dict[int, list[int]] = {}
    for k, i in enumerate(sichtbar):
        if spalten[i].umbrechen:
            b = breiten[i]
            for j, w in enumerate(gemessen[i].breiten):
                if w > b:
                    ueberlang.setdefault(j, []).append(k)
    # Every other row is one line: its padded cells joined.
    einzeilig = (
        map(str.rstrip, map(ABSTAND.join, zip(*gepolstert, strict=True)))
        if sichtbar
        else repeat("")
    )
    if not ueberlang and not unten and not (farbe and any(stile)):
        yield from islice(einzeilig, len(stile))
        return
    leer = ["" if i == letzte else " " * breiten[i] for i in sichtbar]
    vorne_leer = ABSTAND.join(leer[:-1]) + ABSTAND
    nur_letzte = [len(sichtbar) - 1]
    umbrochen: dict[tuple[int, str], list[str]] = {}

    def teile(k: int, text: str) -> list[str]:
        """The lines of a cell too wide for the ``k``-th visible column, padded to its
        width (wrapped once per distinct text)."""
        schluessel = (k, text)
        fertig = umbrochen.get(schluessel)
        if fertig is None:
            i = sichtbar[k]
            fertig = _umbrechen(text, breiten[i])
            if i != letzte:
                fertig = [t + " " * (breiten[i] - zellbreite(t)) for t in fertig]
            umbrochen[schluessel] = fertig
        return fertig

    def mehrzeilig(j: int, zu_breit: list[int]) -> list[str]:
        """The lines of row ``j``, whose cells at ``zu_breit`` are too wide."""
        if zu_breit == nur_letzte and len(sichtbar) > 1:  # the usual case: the text column
            erste, *weitere = teile(zu_breit[0], zellen[letzte][j])
            vorne = ABSTAND.join([g[j] for g in gepolstert[:-1]]) + ABSTAND
            return [(vorne + erste).rstrip(), *[(vorne_leer + t).rstrip() for t in weitere]]
        stuecke = [
            teile(k, zellen[sichtbar[k]][j]) if k in zu_breit else [g[j]]
            for k, g in enumerate(gepolstert)
        ]
        return [
            ABSTAND.join(s[n] if n < len(s) else leer[k] for k, s in enumerate(stuecke)).rstrip()
            for n in range(max(map(len, stuecke)))
        ]

    darunter: dict[tuple[int, str], list[str]] = {}

    def unterzeilen(i: int, j: int) -> list[str]:
        """The indented lines that carry row ``j``'s text of column ``i`` below it."""
        zelle = zellen[i][j]
        schluessel = (i, zelle)
        fertig = darunter.get(schluessel)
        if fertig is None:
            if not zelle:
                fertig = []
            elif gemessen[i].breiten[j] <= raum:
                fertig = [EINZUG + zelle]
            else:
                fertig = [EINZUG + t for t in _umbrechen(zelle, raum)]
            darunter[schluessel] = fertig
        return fertig

    benannt = [i for i in unten if spalten[i].mit_titel]
    unten = [i for i in unten if not spalten[i].mit_titel]
    benannt_fertig: dict[tuple[str, ...], list[str]] = {}

    def benannte_zeilen(j: int) -> list[str]:
        """The indented line(s) with row ``j``'s texts of the columns in ``benannt``, each
        after its title ("Name: Jürgen Vogel · Fachkraft: A. Wagner")."""
        texte = tuple(zellen[i][j] for i in benannt)
        fertig = benannt_fertig.get(texte)
        if fertig is None:
            teile = [f"{spalten[i].titel}: {t}" for i, t in zip(benannt, texte, strict=True) if t]
            fertig = [EINZUG + t for t in _umbrechen(" · ".join(teile), raum)] if teile else []
            benannt_fertig[texte] = fertig
        return fertig

    ende = "\x1b[0m"
    anfang = {stil: f"\x1b[{code}m" for stil, code in FARBEN.items()}
    for j, (text, stil) in enumerate(zip(einzeilig, stile, strict=False)):
        vor = anfang[stil] if farbe and stil else ""
        zu_breit = ueberlang.get(j)
        zeilen = [text] if zu_breit is None else mehrzeilig(j, zu_breit)
        if benannt:
            zeilen += benannte_zeilen(j)
        for i in unten:
            zeilen += unterzeilen(i, j)
        if vor:
            for z in zeilen:
                yield vor + z + ende
        else:
            yield from zeilen


_BREIT = re.compile("[\u0300-\U0010ffff]")
"""A letter that may not take exactly one cell (see ``zellbreite``)."""


def _saeubern(spalte: Sequence[str]) -> list[str]:
    """The column's cells as shown: control characters escaped, runs of white space one
    space. Each distinct text is looked at once; one scan of them decides for the common
    case of nothing to do (``isprintable`` is false for every control character and for
    all white space but the space)."""
    einzeln = dict.fromkeys(spalte)
    ganz = " ".join(einzeln)
    if ganz.isprintable() and "  " not in ganz and ganz[:1] != " " and ganz[-1:] != " ":
        return list(spalte)
    sauber = {z: " ".join(sicher(z).split()) for z in einzeln}
    return list(map(sauber.__getitem__, spalte))


@dataclass(frozen=True)
class _Gemessen:
    breiten: list[int]
    """Each cell's width in terminal cells."""
    wort: int
    """The widest word (for a wrapping column, else 0)."""
    schmal: bool
    """Every letter takes one cell: a cell's width is its length."""


def _miss(spalte: list[str], weich: bool) -> _Gemessen:
    """Each cell's width, and the column's longest word, measured once per distinct text."""
    einzeln = " ".join(dict.fromkeys(spalte))
    schmal = _BREIT.search(einzeln) is None
    if schmal:
        breiten = list(map(len, spalte))
    else:
        je_text = {z: zellbreite(z) for z in dict.fromkeys(spalte)}
        breiten = list(map(je_text.__getitem__, spalte))
    wort = 0
    if weich and spalte:
        woerter = (_BINDESTRICH.sub(" ", einzeln) if "-" in einzeln else einzeln).split(" ")
        wort = max(map(len if schmal else zellbreite, woerter))
    return _Gemessen(breiten, wort, schmal)


def _polstern(
    spalte: list[str], gemessen: _Gemessen, breite: int, rechts: bool, letzte: bool
) -> list[str]:
    """The column's cells padded to ``breite`` cells (``rechts``: on the left); the last
    column is not padded on the right."""
    if letzte and not rechts:
        return spalte
    if gemessen.schmal:  # a cell's width is its length: str's own padding
        return list(map(str.rjust if rechts else str.ljust, spalte, repeat(breite)))
    if rechts:
        return [" " * (breite - b) + z for z, b in zip(spalte, gemessen.breiten, strict=True)]
    return [z + " " * (breite - b) for z, b in zip(spalte, gemessen.breiten, strict=True)]
