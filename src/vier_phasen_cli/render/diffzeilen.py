"""A case as lines for ``git diff`` (the textconv of ``diff=vier-phasen``, SPEC §11).

One line per value, ``PFAD: WERT``, keys sorted, so that

- every changed line names its whole place (``strategien[code=mobilitaet-erhoehen]
  .aktivitaeten[nr=2].erledigt: 2026-11-20``) even far below its section's heading, which a
  diff of YAML lines only shows as an indented ``erledigt:`` without context;
- the text depends on the data only: comments, quoting, indentation and key order do not
  show up as changes (equal data, equal lines);
- items are named by their identity where it is short and stable (``nr`` of items, ``code``
  of strategies and Handlungsbedarfe), so adding or removing one does not renumber the lines
  of all that follow; other lists (conversations, histories: appended, never edited) by
  position, counted from 1 as in the messages of ``pruefen``.

Texts are in double quotes with JSON escapes (a line break is ``\\n``), so a value is always
one line and a text ``"true"`` differs from the truth value ``true``; so are keys and codes
that are not plain names (``kunde."a.b"``, ``[code="x\\ny"]``), so no key can forge a line or
a place; control characters are shown escaped (``sicher_einzeilig``), never raw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from vier_phasen_cli.domain import dreiwege
from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig

_KURZ = {"nr": "nr", "felder": "code"}


_NAME = re.compile(r"[A-Za-z0-9_-]+")
"""A key shown as it is; any other (a dot, a space, a line break) in JSON quotes."""


def diffzeilen(daten: Any) -> Iterator[str]:
    """The lines of plain case data, in a stable order; each exactly one line."""
    for pfad, wert in _blaetter(daten, "", ()):
        yield sicher_einzeilig(f"{pfad}: {_wert(wert)}" if pfad else _wert(wert))


def _name(schluessel: Any) -> str:
    text = str(schluessel)
    return text if _NAME.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _blaetter(wert: Any, pfad: str, schema: dreiwege.Schema) -> Iterator[tuple[str, Any]]:
    if isinstance(wert, dict) and wert:
        for k in sorted(wert, key=str):
            name = _name(k)
            yield from _blaetter(wert[k], f"{pfad}.{name}" if pfad else name, (*schema, str(k)))
    elif isinstance(wert, list) and wert:
        for stelle, (marke, eintrag) in enumerate(_marken(wert, schema), start=1):
            yield from _blaetter(eintrag, f"{pfad}[{marke or stelle}]", schema)
    else:
        yield pfad, wert


def _marken(liste: list[Any], schema: dreiwege.Schema) -> list[tuple[str | None, Any]]:
    """Each entry with its name in the path: ``nr=3``, ``code=…``, or None (by position)."""
    regel = dreiwege.listenregel(schema)
    if regel is None or regel.art == "inhalt" or regel.felder not in ((), ("code",)):
        return [(None, e) for e in liste]
    feld = _KURZ[regel.art]
    namen = [e.get(feld) if isinstance(e, dict) else None for e in liste]
    if regel.art == "nr":
        namen = [nr for nr, _ in dreiwege.identitaeten(liste, regel)]
    if any(not isinstance(n, str | int) or isinstance(n, bool) for n in namen) or len(
        set(namen)
    ) < len(namen):
        return [(None, e) for e in liste]  # no identity for every entry: by position
    return [(f"{feld}={_name(n)}", e) for n, e in zip(namen, liste, strict=True)]


def _wert(wert: Any) -> str:
    if wert is None:
        return "null"
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, date):
        return wert.isoformat()
    if isinstance(wert, int | float):
        return repr(wert)
    if isinstance(wert, dict):
        return "{}"
    if isinstance(wert, list):
        return "[]"
    return json.dumps(str(wert), ensure_ascii=False)
