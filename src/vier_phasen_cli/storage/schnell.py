"""The fast read path for reports: LibYAML's parser, YAML 1.2 values, lines kept.

Reports never need the round-trip loader (≈ 20 ms a file): LibYAML composes the node tree in
C, and the values are built here by YAML 1.2's core schema – ``no``, ``on``, ``Yes`` and
``1:20`` stay text, ``0123`` is 123 – exactly as ruamel.yaml reads them (a test proves it on
the demo and benchmark files). Every key's line is kept, so findings point at their line
without parsing the file again.

Files that use tags, anchors or aliases are not for this path (a quick scan finds them): they
go through the round-trip loader, which reports them with the right message.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vier_phasen_cli.storage.lesen import TRENNER

try:  # LibYAML; without it the pure-Python parser gives the same values, only slower
    from yaml import CSafeLoader as _Basis
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Basis  # type: ignore[assignment]


class _Lader(_Basis):
    """Composes only; every plain scalar stays a string here, ``_skalar`` reads it."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "?"  # LibYAML asks for every node; the values are read by ``_skalar`` instead


_Lader.yaml_implicit_resolvers = {}  # no YAML 1.1 guessing (``no`` → False) in this loader


# Plain scalars resolved exactly as ruamel.yaml resolves them for YAML 1.2 (its resolver's
# patterns, in its order: float, int, timestamp), so both loaders agree on every value.
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_DATUM = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_ZEITSTEMPEL = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$"
)
# A tag (!), anchor (&) or alias (*) at the start of a node.
_SONDERFALL = re.compile(r"(?:^|[\s\[{,])[!&*][^\s,\]}]", re.MULTILINE)


_HOECHSTENS_KLAMMERN = 200
"""More flow brackets than this and the file goes to the round-trip loader, which reports
deep nesting (a case file has a handful, for empty lists)."""


class Sonderfall(Exception):
    """The file needs the round-trip loader (tags, anchors, aliases, impossible dates)."""


_WOERTER: dict[str, Any] = {**_BOOL, "~": None, "null": None, "Null": None, "NULL": None, "": None}
_ZAHLENANFANG = frozenset("0123456789+-.")


def _skalar(knoten: ScalarNode) -> Any:
    text = knoten.value
    if knoten.style:  # quoted or block: always text (plain is None, or "" from LibYAML)
        return text
    if text in _WOERTER:
        return _WOERTER[text]
    if text[0] not in _ZAHLENANFANG:  # most values: text that cannot be a number or date
        return text
    if text[4:5] == "-" and (m := _DATUM.match(text)):  # the next most: dates
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise Sonderfall from None  # the round-trip loader names the line
    if _FLOAT.match(text):
        return _gleitkomma(text)
    if _INT.match(text):
        return _ganzzahl(text)
    if m := _ZEITSTEMPEL.match(text):
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
        mikro = int((m.group(7) or "0")[:6].ljust(6, "0"))
        zone = None
        if m.group(8) == "Z":
            zone = UTC
        elif m.group(8):
            h, _, mi = m.group(8)[1:].partition(":")
            if not mi and len(h) > 2:
                h, mi = h[:-2], h[-2:]
            delta = timedelta(hours=int(h), minutes=int(mi or 0))
            zone = timezone(-delta if m.group(8).startswith("-") else delta)
        return datetime(jahr, monat, tag, stunde, minute, sekunde, mikro, tzinfo=zone)
    except ValueError:
        raise Sonderfall from None


def _baue(knoten: Node, pfad: str, zeilen: list[str]) -> Any:
    """The value of ``knoten``; every key's and list entry's line goes to ``zeilen`` as
    ``path<TAB>line``, the path's parts joined by TRENNER. (Hot: 10,000 files are about two
    million nodes, so scalars are handled inline.)"""
    vorne = pfad + TRENNER if pfad else ""
    if isinstance(knoten, MappingNode):
        karte: dict[Any, Any] = {}
        for k, v in knoten.value:
            if k.__class__ is not ScalarNode:
                raise Sonderfall
            schluessel = _skalar(k)
            if isinstance(schluessel, float | datetime) or schluessel in karte:
                raise Sonderfall  # duplicate or odd key: the round-trip loader reports it
            text = schluessel if isinstance(schluessel, str) else str(schluessel)
            if TRENNER in text or "\t" in text or "\n" in text or text.startswith("#"):
                raise Sonderfall  # a key the packed map cannot hold
            unterpfad = vorne + text
            zeilen.append(f"{unterpfad}\t{k.start_mark.line + 1}")
            karte[schluessel] = (
                _skalar(v) if v.__class__ is ScalarNode else _baue(v, unterpfad, zeilen)
            )
        return karte
    if isinstance(knoten, SequenceNode):
        liste = []
        for i, k in enumerate(knoten.value):
            unterpfad = f"{vorne}#{i}"
            zeilen.append(f"{unterpfad}\t{k.start_mark.line + 1}")
            liste.append(_skalar(k) if k.__class__ is ScalarNode else _baue(k, unterpfad, zeilen))
        return liste
    if isinstance(knoten, ScalarNode):
        return _skalar(knoten)
    raise Sonderfall  # pragma: no cover


def lade_schnell(text: str) -> tuple[Any, str]:
    """The data of ``text`` and its packed line map (the line of every key and list entry);
    Sonderfall when the fast path cannot or must not read it (the round-trip loader then
    reads or words it)."""
    if ("!" in text or "&" in text or "*" in text) and _SONDERFALL.search(text):
        raise Sonderfall
    if text.count("[") + text.count("{") > _HOECHSTENS_KLAMMERN:
        raise Sonderfall  # maybe deeply nested: LibYAML's composer recurses in C
    lader = _Lader(text)
    try:
        wurzel = lader.get_single_node()
    except yaml.MarkedYAMLError:
        raise Sonderfall from None  # the round-trip loader words the syntax error
    except yaml.YAMLError:  # pragma: no cover
        raise Sonderfall from None
    finally:
        lader.dispose()
    if wurzel is None:  # empty, or only comments
        raise Sonderfall
    zeilen = [f"\t{wurzel.start_mark.line + 1}"]
    try:
        daten = _baue(wurzel, "", zeilen)
    except RecursionError:
        raise Sonderfall from None
    return daten, "\n".join(zeilen)
