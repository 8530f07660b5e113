"""What the fast readers share without a YAML library: the value of a plain scalar (by the
table of storage/yamlwerte.py), the text patterns that hand a file over, and the signal for
it. Apart from storage/schnell.py (LibYAML), so that the rapidyaml reader
(storage/rapidleser.py) and the commands that read one case with it load no PyYAML."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from vier_phasen_cli.storage.yamlwerte import (
    DATUM,
    GANZZAHL,
    GLEITKOMMA,
    NICHTS,
    WAHRHEITSWERTE,
    ZAHLENANFANG,
    ZEITSTEMPEL,
    ZUSAMMENFUEHREN,
)

# A tag (!), anchor (&) or alias (*) at the start of a node.
SONDERZEICHEN = re.compile(r"(?:^|[\s\[{,])[!&*][^\s,\]}]", re.MULTILINE)


HOECHSTENS_KLAMMERN = 200
"""More flow brackets than this and the file goes to the round-trip loader, which reports
deep nesting (a case file has a handful, for empty lists)."""


class Sonderfall(Exception):
    """The file needs the round-trip loader, which reads it or words its refusal."""


_WOERTER: dict[str, Any] = {**WAHRHEITSWERTE, **dict.fromkeys(NICHTS)}
KEIN_SCHLUESSEL = frozenset({*_WOERTER, ZUSAMMENFUEHREN})
"""Plain keys that are no text (or merge): the round-trip loader refuses them."""


def schlichter_wert(text: str) -> Any:
    """The value of a plain scalar written ``text`` (storage/yamlwerte.py's table);
    Sonderfall for an impossible date or a number Python cannot build."""
    if text in _WOERTER:
        return _WOERTER[text]
    if text[0] not in ZAHLENANFANG:  # most values: text that cannot be a number or date
        return text
    if text[4:5] == "-" and (m := DATUM.match(text)):  # the next most: dates
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise Sonderfall from None  # the round-trip loader names the line
    if GLEITKOMMA.match(text):
        return _gleitkomma(text)
    if GANZZAHL.match(text):
        return _ganzzahl(text)
    if m := ZEITSTEMPEL.match(text):
        return _zeitstempel(m)
    return text


def _gleitkomma(text: str) -> float:
    zahl = text.replace("_", "").lower()
    vorzeichen = -1.0 if zahl.startswith("-") else 1.0
    zahl = zahl.lstrip("+-")
    if zahl == ".inf":
        return vorzeichen * math.inf
    if zahl == ".nan":
        return math.nan
    try:
        return vorzeichen * float(zahl)
    except ValueError:
        raise Sonderfall from None  # e.g. "1._": left to the round-trip loader


def _ganzzahl(text: str) -> int:
    zahl = text.replace("_", "")
    vorzeichen = -1 if zahl.startswith("-") else 1
    zahl = zahl.lstrip("+-")
    basis = {"0b": 2, "0x": 16, "0o": 8}.get(zahl[:2], 10)
    try:
        return vorzeichen * int(zahl[2:] if basis != 10 else zahl, basis)
    except ValueError:
        raise Sonderfall from None  # e.g. "-_": left to the round-trip loader


def _zeitstempel(m: re.Match[str]) -> datetime:
    try:
        jahr, monat, tag, stunde, minute, sekunde = (int(m.group(i)) for i in range(1, 7))
        bruch = m.group(7) or ""
        mikro = int(bruch[:6].ljust(6, "0")) + (len(bruch) > 6 and bruch[6] > "4")
        uebertrag = mikro > 999_999  # rounded up as ruamel rounds: into the next second
        zone = None
        if m.group(8) == "Z":
            zone = UTC
        elif m.group(8):
            h, _, mi = m.group(8)[1:].partition(":")
            delta = timedelta(hours=int(h), minutes=int(mi or 0))
            zone = timezone(-delta if m.group(8).startswith("-") else delta)
        wert = datetime(jahr, monat, tag, stunde, minute, sekunde, mikro % 1_000_000, zone)
        return wert + timedelta(seconds=1) if uebertrag else wert
    except (ValueError, OverflowError):
        raise Sonderfall from None
