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

from vier_phasen_cli.domain.steuerzeichen import sicher

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
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(spalten)
    schreiber.writerows([zelle(zeile.get(k)) for k in spalten] for zeile in zeilen)
    return BOM + puffer.getvalue()
