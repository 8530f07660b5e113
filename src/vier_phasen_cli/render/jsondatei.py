"""JSON as the tool writes it: indented, UTF-8 text as it is, dates as ISO (orjson: a report
of 10,000 cases in milliseconds, where the standard library's indenting encoder takes
seconds)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

STUECK = 500
"""Small entries (a due item) written by one call of the encoder: a call per entry cost more
than the encoding. Large ones (a whole case) are written one by one: in lists of hundreds,
the text to indent grows to megabytes and costs more than the calls."""


def json_text(daten: Any) -> str:
    """``daten`` as indented JSON text."""
    return _json(daten) + "\n"


_C1 = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069]")
"""C1 control characters and the bidi embeddings, overrides and isolates: valid in JSON strings,
but U+009B is a terminal's CSI and U+202E turns the text after it around. orjson writes them
as they are; here they become ``\u009b`` escapes (the same string for a reader)."""
_C1_UTF8 = (re.compile(b"\xc2[\x80-\x9f]"), re.compile(b"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"))
"""The same characters in UTF-8, looked for before decoding: each pattern starts with a fixed
byte, which the regex engine finds by a fast scan (a fifth of the time ``_C1`` takes on the
decoded text of a large report)."""


def _c1_escape(treffer: re.Match[str]) -> str:
    return f"\\u{ord(treffer.group()):04x}"


def _json(daten: Any) -> str:
    import orjson

    try:
        roh = orjson.dumps(daten, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    except TypeError:
        # What orjson cannot write: an integer past 64 bits (an unknown key in a hand-edited
        # file may hold one) or text that is no valid UTF-8 (a file name from the disk). The
        # standard library writes both exactly, non-ASCII as \u escapes.
        import json

        return json.dumps(daten, indent=2, default=_iso)
    text = roh.decode()
    return _C1.sub(_c1_escape, text) if any(m.search(roh) for m in _C1_UTF8) else text


def _iso(wert: Any) -> str:
    from datetime import date

    if isinstance(wert, date):  # datetime too
        return wert.isoformat()
    raise TypeError(type(wert).__name__)


def json_stuecke(
    schluessel: str,
    eintraege: Iterable[Any],
    danach: dict[str, Any],
    davor: dict[str, Any] | None = None,
    stueck: int = 1,
) -> Iterator[str]:
    """``{**davor, schluessel: [*eintraege], **danach}`` exactly as ``json_text`` writes it,
    ``stueck`` entries at a time (``STUECK`` for small ones): a report over 100,000 cases
    never holds all of it as text at once."""
    yield "{"
    for k, v in (davor or {}).items():
        yield f'\n  "{k}": ' + json_text(v).rstrip("\n").replace("\n", "\n  ") + ","
    yield f'\n  "{schluessel}": ['
    leer = True
    for liste in _stuecke(eintraege, stueck):
        # a list of them, as written two levels deeper, without its brackets
        text = _json(liste)[1:-2].replace("\n", "\n  ")
        yield text if leer else "," + text
        leer = False
    yield "]" if leer else "\n  ]"
    for k, v in danach.items():
        yield f',\n  "{k}": ' + json_text(v).rstrip("\n").replace("\n", "\n  ")
    yield "\n}\n"


def _stuecke(eintraege: Iterable[Any], anzahl: int) -> Iterator[list[Any]]:
    """``eintraege`` in lists of ``anzahl`` (none empty)."""
    alle = iter(eintraege)
    while stueck := list(islice(alle, max(anzahl, 1))):
        yield stueck
