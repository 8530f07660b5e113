"""The fastest read path for reports: rapidyaml parses, its JSON emitter and orjson build.

rapidyaml (``ryml``) parses a case file into a tree in C++ without creating a Python object
per node; its JSON emitter and ``orjson`` turn the tree into dicts and lists in one go
(≈ 0.07 ms for a case file, against ≈ 0.5 ms for LibYAML composing Python nodes in
storage/schnell.py, which stays the reader for what this one hands over; with the checks
below, done in Python, ≈ 0.2 ms). The values are then read as the other readers
read them (storage/yamlwerte.py, YAML 1.2) — see docs/yaml-lesen.md for why this holds:

- JSON keeps no quoting, so a JSON string is resolved as a plain scalar (``2026-02-30``,
  ``~``, ``0x1F``, ``True``) only when no quoted scalar of the file could give the same text:
  every quoted scalar is found in the text and must be a simple one-line scalar whose content
  is text under the table (``'2026-01-01'`` or ``"no\\tab"`` hand the file over);
- the emitter writes some plain scalars in its own way (``nan`` as ``.nan``, ``1.`` as
  ``1.0``) and orjson reads big integers as floats: a case file has no floats, so any float
  hands the file over;
- orjson keeps the last of duplicate keys: the tree's node count tells;
- what the emitter or the JSON cannot show (tags, anchors, aliases, directives, several
  documents, block scalars, explicit keys, a plain value below its key, characters YAML
  forbids or counts lines by differently), and what rapidyaml reads although YAML forbids it
  (``@x``, ``]x``, a flow collection over several lines) is found in the text before
  parsing.

Lines of keys and list entries are looked up in the tree, only for files with findings: a
key's position in the parsed buffer gives its line. What the tree cannot place exactly (quoted
keys, entries that are empty or flow collections) is looked up by LibYAML's reader.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

import orjson

from vier_phasen_cli.domain.probleme import Pfad
from vier_phasen_cli.storage.grenzen import MAX_TIEFE
from vier_phasen_cli.storage.schlicht import (
    HOECHSTENS_KLAMMERN,
    KEIN_SCHLUESSEL,
    SONDERZEICHEN,
    Sonderfall,
    schlichter_wert,
)
from vier_phasen_cli.storage.yamlwerte import ZAHLENANFANG
from vier_phasen_cli.storage.zeilen import Zeilenkarte

try:  # a wheel for most platforms; without it LibYAML reads every file
    import ryml
except ImportError:  # pragma: no cover
    ryml = None

_STEUERZEICHEN = bytes([*range(0x20), 0x7F]).replace(b"\n", b"")
"""Bytes YAML forbids (C0 controls, DEL), a tab (ruamel refuses it in plain values) and a CR
alone: the other readers judge them."""

_MEHRBYTIG = (
    re.compile(rb"\xc2[\x80-\x9f]"),  # C1 controls, U+0085 among them
    re.compile(rb"\xe2\x80[\xa8\xa9]"),  # U+2028, U+2029: LibYAML counts lines by them
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # a BOM inside the text, U+FFFE/U+FFFF
)
"""Characters beyond ASCII that YAML forbids or the readers count lines by differently (one
pattern each: a literal start makes each a quick scan)."""

_DOKUMENT = re.compile(r"^(?:%|---(?:[ \n]|$)|\.\.\.(?:[ \n]|$))", re.MULTILINE)
"""A directive or a document marker: several documents, or a %YAML version to check."""

_EXPLIZIT = re.compile(r"(?:^|[\s\[{,])\?(?:[ \n]|$)", re.MULTILINE)
"""An explicit key (``? key``): it may be a list or a map."""

_BLOCK = re.compile(r"(?:^|[ ])[|>][-+0-9]*(?:[ ]+#[^\n]*)?[ ]*$", re.MULTILINE)
"""A block scalar's header (``|``, ``>-``, ``|2`` at the end of a line): kept as written,
text whatever it looks like; LibYAML reads those files."""

_TIEF = re.compile(r"^[ ]{40}", re.MULTILINE)
_FLUSS_TIEF = 16
"""A line indented 40 columns, or flow collections nested more than 16 deep: the file may
nest deeper than rapidyaml's JSON emitter goes (64 levels; past them it writes its own
English error to the terminal). Block nesting needs more indentation per level (a level or
two per two columns), so below both limits a file stays well within; a case file is indented
eight columns at most. LibYAML's reader judges deeper files (and refuses what is too deep)."""

_VERSCHACHTELT = re.compile(r"-[ ]+-(?:[ ]|$)", re.MULTILINE)
"""A list in a list on one line (``- - x``): nesting that needs no indentation, so a small
file could nest thousands deep (the emitter recurses)."""

_WERT_DARUNTER = re.compile(
    r":[ ]*(?:[ ]#[^\n]*)?\n(?:[ ]*(?:#[^\n]*)?\n)*"  # "key:", then blank or comment lines
    r"(?![ ]*-(?:[ ]|$))(?![^\n]*:(?:[ ]|$))[ ]*[^\s#]",  # a line that is no entry nor key
    re.MULTILINE,
)
"""``key:`` (maybe with a comment) whose next line is no list entry and no key: a value below
its key, which ruamel cannot always read (storage/schnell.py hands it over too)."""


def _stellen(text: str, zeichen: str) -> list[int]:
    """Where ``zeichen`` stands in ``text`` (str.find: much quicker than a pattern)."""
    stellen = []
    stelle = text.find(zeichen)
    while stelle >= 0:
        stellen.append(stelle)
        stelle = text.find(zeichen, stelle + 1)
    return stellen


def _pruefe_klammern(text: str) -> None:
    """Sonderfall for a flow collection over several lines or a stray ``]`` or ``}``:
    rapidyaml reads some of those that YAML forbids (``[x`` + ``y: z]`` on the next line)."""
    tiefe, zeilenende = 0, -1
    for stelle in sorted(s for zeichen in "[]{}" for s in _stellen(text, zeichen)):
        if tiefe and stelle > zeilenende:
            raise Sonderfall  # still open at the end of a line
        if text[stelle] in "[{":
            if not tiefe:
                zeilenende = text.find("\n", stelle) % (len(text) + 1)
            tiefe += 1
            if tiefe > _FLUSS_TIEF:
                raise Sonderfall
        else:
            tiefe -= 1
            if tiefe < 0:
                raise Sonderfall
    if tiefe:
        raise Sonderfall


def _pruefe_anfaenge(text: str) -> None:
    """Sonderfall for a plain scalar starting with ``@`` or `````` ` `````` (YAML reserves
    them, rapidyaml reads them) or ``%`` inside a flow collection."""
    for zeichen in _RESERVIERT.finditer(text):
        stelle = zeichen.start()
        if zeichen.group() == "%":
            davor = text[max(stelle - 200, 0) : stelle].rstrip(" ")[-1:]
            if davor in ("", "\n", "[", "{", ","):
                raise Sonderfall
        elif stelle == 0 or text[stelle - 1] in " \n[{,:":
            raise Sonderfall


_RESERVIERT = re.compile(r"[@`%]")

_ZITATANFANG = re.compile(r"(?:^|[\s\[{,:])['\"]", re.MULTILINE)
_EINFACH_ZITIERT = re.compile(r"'((?:[^'\n]|'')*)'|\"([^\"\\\n]*)\"")
"""A quoted scalar on one line without escapes: its content is what JSON shows."""


def _zitate_sind_text(text: str) -> None:
    """Sonderfall unless every quoted scalar of ``text`` is simple and its content would be
    text as a plain scalar too; then a JSON string that is no text when plain was plain."""
    for anfang in _ZITATANFANG.finditer(text):
        stelle = anfang.end() - 1
        zitat = _EINFACH_ZITIERT.match(text, stelle)
        if zitat is None:
            raise Sonderfall  # over several lines, with escapes, or not closed
        inhalt = zitat.group(1).replace("''", "'") if zitat.group(1) is not None else zitat[2]
        if inhalt and not isinstance(schlichter_wert(inhalt), str):
            raise Sonderfall


def _pruefe_text(text: str, roh: bytes) -> None:
    """Sonderfall for anything in ``text`` (``roh`` in UTF-8) this reader must leave to the
    others."""
    if len(roh.translate(None, _STEUERZEICHEN)) != len(roh):
        raise Sonderfall
    if not roh.isascii() and any(muster.search(roh) for muster in _MEHRBYTIG):
        raise Sonderfall
    if ("!" in text or "&" in text or "*" in text) and SONDERZEICHEN.search(text):
        raise Sonderfall  # a tag, an anchor or an alias
    if (
        text.startswith(("%", "---", "...")) or "\n%" in text or "\n---" in text or "\n..." in text
    ) and _DOKUMENT.search(text):
        raise Sonderfall
    if "?" in text and _EXPLIZIT.search(text):
        raise Sonderfall
    if ("|" in text or ">" in text) and _BLOCK.search(text):
        raise Sonderfall
    if "@" in text or "`" in text or "%" in text:
        _pruefe_anfaenge(text)
    klammern = text.count("[") + text.count("{")
    if klammern > HOECHSTENS_KLAMMERN or _VERSCHACHTELT.search(text) or _TIEF.search(text):
        raise Sonderfall  # maybe deeply nested
    if klammern or "]" in text or "}" in text:
        _pruefe_klammern(text)
    if _WERT_DARUNTER.search(text):
        raise Sonderfall
    if "'" in text or '"' in text:
        _zitate_sind_text(text)


_BESONDERE_WOERTER = frozenset(w for w in KEIN_SCHLUESSEL if w)
"""Plain words that are no text (``~``, ``True``, ``NULL`` …); JSON shows them as strings."""


_geloest: dict[str, Any] = {}
"""Plain scalars already resolved in this process (dates repeat across files; the values are
immutable: dates, numbers, truth values, None)."""
_FEHLT = object()
_textschluessel: set[str] = set()
"""Keys seen in this process that are text as plain scalars (a case file's keys repeat)."""


def _baue(wert: Any, tiefe: int) -> int:
    """Resolve the strings of ``wert`` (from JSON) as plain scalars, in place; the number of
    keys and entries below ``wert``. Sonderfall for keys that are no text, floats and nesting
    deeper than ``MAX_TIEFE``."""
    if tiefe > MAX_TIEFE:
        raise Sonderfall
    if wert.__class__ is dict:
        teile: Any = wert.items()
        if not _textschluessel.issuperset(wert):
            for schluessel in wert:
                if schluessel in KEIN_SCHLUESSEL or (
                    schluessel[0] in ZAHLENANFANG
                    and not isinstance(schlichter_wert(schluessel), str)
                ):
                    raise Sonderfall
                if len(_textschluessel) < 10_000:
                    _textschluessel.add(schluessel)
    else:
        teile = enumerate(wert)
    anzahl = len(wert)
    for stelle, kind in teile:
        art = kind.__class__
        if art is str:
            if kind in _BESONDERE_WOERTER or kind[:1] in ZAHLENANFANG:
                neu = _geloest.get(kind, _FEHLT)
                if neu is _FEHLT:
                    neu = schlichter_wert(kind)
                    if neu.__class__ is float:
                        raise Sonderfall
                    if len(_geloest) < 100_000:
                        _geloest[kind] = neu
                wert[stelle] = neu
        elif art is dict or art is list:
            anzahl += _baue(kind, tiefe + 1)
        elif art is float:
            raise Sonderfall
    return anzahl


_ausgabe = bytearray(1 << 16)
"""The buffer the JSON is written into (grown when a file needs more): saves an allocation and
a decode per file."""


def _json(baum: Any) -> memoryview:
    global _ausgabe
    zu_klein, laenge = ryml.emit_json_to_substr(baum, baum.root_id(), _ausgabe)
    if zu_klein:
        _ausgabe = bytearray(laenge * 2)
        zu_klein, laenge = ryml.emit_json_to_substr(baum, baum.root_id(), _ausgabe)
    return memoryview(_ausgabe)[:laenge]


def lade_rapid(text: str) -> tuple[Any, Zeilenkarte]:
    """The data of ``text`` and its line map; Sonderfall when this reader must not or
    cannot read it (LibYAML's reader then does, or hands it on to the round-trip reader)."""
    if ryml is None:  # pragma: no cover
        raise Sonderfall
    roh = text.encode()
    _pruefe_text(text, roh)
    puffer = bytearray(roh)  # parsed in place: keys and values point into it
    baum = ryml.Tree()
    try:
        ryml.parse_in_place(puffer, baum)
        if not baum.is_map(baum.root_id()):
            raise Sonderfall  # no mapping at the top (or several documents, or nothing)
        daten = orjson.loads(_json(baum))
    except (ryml.ExceptionBasic, orjson.JSONDecodeError, UnicodeError):
        raise Sonderfall from None
    if daten.__class__ is not dict:  # pragma: no cover - the root is a mapping
        raise Sonderfall
    if _baue(daten, 1) + 1 != baum.size():
        raise Sonderfall  # a duplicate key: orjson kept one of them
    return daten, Baumzeilen(text, roh, puffer, baum)


class _PufferSicht(ctypes.Structure):
    """CPython's ``Py_buffer`` (stable ABI): where a memoryview's bytes lie."""

    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


_hole_puffer = ctypes.pythonapi.PyObject_GetBuffer
_hole_puffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PufferSicht), ctypes.c_int]
_gib_puffer = ctypes.pythonapi.PyBuffer_Release
_gib_puffer.argtypes = [ctypes.POINTER(_PufferSicht)]


def _adresse(sicht: Any) -> int:
    """The address of the first byte a (read-only) memoryview shows."""
    puffer = _PufferSicht()
    _hole_puffer(sicht, ctypes.byref(puffer), 0)
    try:
        return puffer.buf or 0
    finally:
        _gib_puffer(ctypes.byref(puffer))


class _Unsicher(Exception):
    """The tree cannot place this path exactly: LibYAML's reader looks it up."""


class Baumzeilen(Zeilenkarte):
    """Lines looked up in rapidyaml's tree: a plain key or entry points into the parsed
    buffer, and its offset there is its offset in the file."""

    def __init__(self, text: str, roh: bytes, puffer: bytearray, baum: Any) -> None:
        self._text, self._roh, self._puffer, self._baum = text, roh, puffer, baum
        self._anfang: int | None = None  # the buffer's address, once a line is asked for
        self._ersatz: Zeilenkarte | None = None
        self._gemerkt: dict[Pfad, int | None] = {}

    def zeile(self, pfad: Pfad) -> int | None:
        if pfad in self._gemerkt:  # zeile_von and zeile_fuer ask for prefixes again
            return self._gemerkt[pfad]
        try:
            zeile = self._im_baum(pfad)
        except _Unsicher:
            zeile = self._ersatzkarte().zeile(pfad)
        self._gemerkt[pfad] = zeile
        return zeile

    def _im_baum(self, pfad: Pfad) -> int | None:
        """The line of ``pfad``'s last part (only that one is placed: each costs an address
        and a count of line breaks)."""
        baum = self._baum
        knoten = baum.root_id()
        if not pfad:
            raise _Unsicher
        for teil in pfad:
            if isinstance(teil, str) and baum.is_map(knoten):
                knoten = baum.find_child(knoten, teil.encode())
                if knoten == ryml.NONE:
                    return None
            elif isinstance(teil, int) and baum.is_seq(knoten):
                if not 0 <= teil < baum.num_children(knoten):
                    return None
                knoten = baum.child(knoten, teil)
            else:
                return None
        if isinstance(pfad[-1], str):
            return self._zeile_des_schluessels(knoten)
        return self._zeile_des_eintrags(knoten)

    def _zeile_des_schluessels(self, knoten: int) -> int:
        if not self._baum.is_key_plain(knoten):
            raise _Unsicher  # a quoted key: LibYAML names its quote's line
        return self._zeile_bei(self._baum.key(knoten))

    def _zeile_des_eintrags(self, knoten: int) -> int:
        baum = self._baum
        if baum.is_map(knoten) and baum.is_block(knoten) and baum.has_children(knoten):
            return self._zeile_des_schluessels(baum.first_child(knoten))
        if baum.is_val(knoten) and baum.is_val_plain(knoten):
            return self._zeile_bei(baum.val(knoten))
        raise _Unsicher  # empty, quoted, a list or a flow collection

    def _zeile_bei(self, sicht: Any) -> int:
        if sicht is None or not len(sicht):
            raise _Unsicher  # an empty scalar
        if self._anfang is None:
            self._anfang = ctypes.addressof(ctypes.c_char.from_buffer(self._puffer))
        stelle = _adresse(sicht) - self._anfang
        if not 0 <= stelle < len(self._puffer):
            raise _Unsicher
        return self._roh.count(b"\n", 0, stelle) + 1

    def _ersatzkarte(self) -> Zeilenkarte:
        if self._ersatz is None:
            self._ersatz = _ersatzkarte(self._text)
        return self._ersatz


def _ersatzkarte(text: str) -> Zeilenkarte:
    """The line map of LibYAML's reader, or of the round-trip reader if that one hands it
    over (both name every line alike: tests/test_leser_gleich.py)."""
    from vier_phasen_cli.storage.schnell import lade_schnell  # PyYAML: only when asked

    try:
        return lade_schnell(text)[1]
    except Sonderfall:
        from pathlib import Path

        from vier_phasen_cli.storage import yamldatei

        dokument = yamldatei.lade(Path("fall.yaml"), text.encode())
        return yamldatei.Dokumentzeilen(dokument.daten)
