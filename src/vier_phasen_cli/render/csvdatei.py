"""CSV for spreadsheets: UTF-8 with BOM, semicolons, CRLF – what German Excel and LibreOffice
open correctly by double-click. Scripts read it with ``encoding="utf-8-sig", delimiter=";"``.

This is the one CSV writer. A cell is data, never a formula (SPEC §15): a text that begins
with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP's advice against CSV
injection: ``=HYPERLINK(…)`` in a name must not become a link in Excel); plain numbers such
as ``-3`` stay numbers. Control characters are shown as escapes like everywhere else.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN, sicher

BOM = "\ufeff"

_FORMELANFANG = ("=", "+", "-", "@", "\t", "\r")
_ZAHL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def zelle(wert: Any) -> str:
    """One cell's text: empty for None, formulas neutralised, control characters escaped."""
    if wert is None:
        return ""
    text = str(wert)
    if text.startswith(_FORMELANFANG) and not _ZAHL.fullmatch(text):
        text = "'" + text
    return sicher(text)


def csv_text(spalten: Sequence[str], zeilen: Iterable[Mapping[str, Any]]) -> str:
    return csv_reihen(spalten, ([zeile.get(k) for k in spalten] for zeile in zeilen))


def csv_reihen(spalten: Sequence[str], reihen: Iterable[Sequence[Any]]) -> str:
    """The CSV text of ``reihen``, each a value per column of ``spalten``."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(spalten)
    # Column by column, what ``zelle`` does to each cell: a report's 200,000 cells almost
    # never need it, and one scan of a column tells.
    spalten_zellen = [_zellen(spalte) for spalte in zip(*reihen, strict=True)]
    schreiber.writerows(zip(*spalten_zellen, strict=True))
    return BOM + puffer.getvalue()


def _zellen(werte: Sequence[Any]) -> Sequence[str]:
    """``zelle`` of each of ``werte``, with a few scans for the common case of none needing
    it. Numbers and dates never do: only texts can hold a formula or a control character."""
    arten = set(map(type, werte))
    if type(None) in arten:
        texte = ["" if w is None else str(w) for w in werte]
    else:
        texte = list(map(str, werte))
    if str not in arten:
        return texte
    ganz = "\n".join(texte)
    if (
        ganz.count("\n") == len(texte) - 1
        and STEUERZEICHEN.search(ganz) is None
        and not ganz.startswith(_FORMELANFANG)
        and not any("\n" + anfang in ganz for anfang in _FORMELANFANG)
    ):
        return texte
    return [zelle(w) for w in werte]
