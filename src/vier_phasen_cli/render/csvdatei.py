"""CSV for spreadsheets: UTF-8 with BOM, semicolons, CRLF – what German Excel and LibreOffice
open correctly by double-click. Scripts read it with ``encoding="utf-8-sig", delimiter=";"``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

BOM = "\ufeff"


def csv_text(spalten: Sequence[str], zeilen: Iterable[Mapping[str, Any]]) -> str:
    puffer = io.StringIO()
    schreiber = csv.DictWriter(puffer, fieldnames=spalten, delimiter=";", lineterminator="\r\n")
    schreiber.writeheader()
    for zeile in zeilen:
        schreiber.writerow({k: "" if zeile.get(k) is None else zeile[k] for k in spalten})
    return BOM + puffer.getvalue()
