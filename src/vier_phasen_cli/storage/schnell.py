"""The fast read path for reports: LibYAML's parser, YAML 1.2 values, lines kept.

Reports never need the round-trip loader (≈ 20 ms a file): LibYAML composes the node tree in
C, and the values are built by the table both readers share (storage/schlicht.py and
storage/yamlwerte.py:
YAML 1.2, ``no``, ``on``, ``Yes``, ``1:20`` and ``=`` stay text, ``0123`` is 123), exactly as
the round-trip loader reads them (tests/test_leser_gleich.py proves it on generated files).
The node tree is kept while the file is validated, so findings point at their line without
parsing the file again.

Files this path must not read (tags, anchors, aliases, directives, keys that are not text,
duplicate keys, impossible dates, syntax errors) go through the round-trip loader, which
reports them with the right message: one reader words every refusal.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vier_phasen_cli.domain.probleme import Pfad
from vier_phasen_cli.storage.grenzen import MAX_TIEFE
from vier_phasen_cli.storage.schlicht import HOECHSTENS_KLAMMERN as HOECHSTENS_KLAMMERN
from vier_phasen_cli.storage.schlicht import KEIN_SCHLUESSEL as KEIN_SCHLUESSEL
from vier_phasen_cli.storage.schlicht import SONDERZEICHEN as SONDERZEICHEN
from vier_phasen_cli.storage.schlicht import Sonderfall as Sonderfall
from vier_phasen_cli.storage.schlicht import schlichter_wert as schlichter_wert
from vier_phasen_cli.storage.yamlwerte import ZAHLENANFANG
from vier_phasen_cli.storage.zeilen import Zeilenkarte

try:  # LibYAML; without it the pure-Python parser gives the same values, only slower
    from yaml import CSafeLoader as _Basis
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Basis  # type: ignore[assignment]


class _Lader(_Basis):
    """Composes only; every plain scalar stays a string here, ``_skalar`` reads it."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "?"  # LibYAML asks for every node; the values are read by ``_skalar`` instead


_Lader.yaml_implicit_resolvers = {}  # no YAML 1.1 guessing (``no`` → False) in this loader


def _skalar(knoten: ScalarNode) -> Any:
    if knoten.style:  # quoted or block: always text (plain is None, or "" from LibYAML)
        return knoten.value
    return schlichter_wert(knoten.value)


def _baue(knoten: Node, tiefe: int = 1) -> Any:
    """The value of ``knoten`` at nesting level ``tiefe``. (Hot: 10,000 files are about two
    million nodes, so scalars and keys are handled inline; most keys are plain words that
    need no resolving.) Deeper than ``MAX_TIEFE``: the round-trip loader refuses it."""
    if tiefe > MAX_TIEFE:
        raise Sonderfall
    if knoten.__class__ is MappingNode:
        karte: dict[Any, Any] = {}
        for k, v in knoten.value:
            if k.__class__ is not ScalarNode:
                raise Sonderfall
            schluessel = k.value
            if not k.style and (
                schluessel in KEIN_SCHLUESSEL
                or (schluessel[0] in ZAHLENANFANG and not isinstance(_skalar(k), str))
            ):
                raise Sonderfall  # a key that is no text: the round-trip loader says so
            if schluessel in karte:
                raise Sonderfall  # a duplicate key: the round-trip loader reports it
            if v.__class__ is not ScalarNode:
                karte[schluessel] = _baue(v, tiefe + 1)
                continue
            if not v.style and v.value and v.start_mark.line != k.start_mark.line:
                raise Sonderfall  # "key: # comment" with the value below: ruamel may not read it
            karte[schluessel] = _skalar(v)
        return karte
    if knoten.__class__ is SequenceNode:
        return [
            _skalar(k) if k.__class__ is ScalarNode else _baue(k, tiefe + 1) for k in knoten.value
        ]
    if knoten.__class__ is ScalarNode:
        return _skalar(knoten)
    raise Sonderfall  # pragma: no cover


class Knotenzeilen(Zeilenkarte):
    """Lines looked up in LibYAML's node tree (kept while the file is validated): cheaper
    than recording every key's line, since a file is asked for only a few."""

    def __init__(self, wurzel: Node) -> None:
        self._wurzel = wurzel

    def zeile(self, pfad: Pfad) -> int | None:
        knoten = self._wurzel
        zeile: int = knoten.start_mark.line + 1
        for teil in pfad:
            if isinstance(teil, str) and knoten.__class__ is MappingNode:
                paar = next((p for p in knoten.value if p[0].value == teil), None)
                if paar is None:
                    return None
                zeile, knoten = paar[0].start_mark.line + 1, paar[1]
            elif isinstance(teil, int) and knoten.__class__ is SequenceNode:
                if not 0 <= teil < len(knoten.value):
                    return None
                knoten = knoten.value[teil]
                zeile = knoten.start_mark.line + 1
            else:
                return None
        return zeile


def lade_schnell(text: str) -> tuple[Any, Zeilenkarte]:
    """The data of ``text`` and its line map; Sonderfall when the fast path cannot or must
    not read it (the round-trip loader then reads or words it)."""
    if ("!" in text or "&" in text or "*" in text) and SONDERZEICHEN.search(text):
        raise Sonderfall
    if text.startswith("%") or "\n%" in text:
        raise Sonderfall  # a directive (%YAML 1.1?): the round-trip loader judges it
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        raise Sonderfall  # YAML 1.1's extra line breaks: LibYAML counts lines differently
    if "\t" in text:
        raise Sonderfall  # ruamel refuses a tab inside a plain value ("a<TAB>b"), LibYAML not
    if text.count("[") + text.count("{") > HOECHSTENS_KLAMMERN:
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
    try:
        daten = _baue(wurzel)
    except RecursionError:
        raise Sonderfall from None
    if daten is None:  # "~" or "null" alone: the round-trip loader says there is nothing
        raise Sonderfall
    return daten, Knotenzeilen(wurzel)
