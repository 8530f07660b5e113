"""The limits every YAML and TOML input shares (SPEC §15): size, nesting depth, aliases.

Case files, answers files, catalog overrides and ``vier-phasen.toml`` are all checked here
before a parser that could crash on them sees them: LibYAML's composer and ``tomllib``
recurse once per level (30,000 levels segfault the C loader), and ``tomllib`` takes
quadratic time on a dotted key with many parts. The checks below do not recurse.

- size: ``MAX_BYTES`` (1 MiB), refused unread by ``rohdaten.lies_bytes``;
- depth: at most ``MAX_TIEFE`` nested mappings/sequences (tables/arrays in TOML);
- aliases: none (``MAX_VERWEISE``): no anchors and aliases at all, so an alias bomb cannot
  expand in any later walk over the data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage.rohdaten import MAX_BYTES as MAX_BYTES

MAX_TIEFE = 64
"""Nesting levels a file may have. A case file has about eight, a catalog four."""

MAX_VERWEISE = 0
"""Anchors and aliases a file may have: files are written out whole, never by reference."""

TIEFE_MELDUNG = "Datei ist zu tief verschachtelt"
TIEFE_HINWEIS = f"Erlaubt sind höchstens {MAX_TIEFE} Ebenen."
VERWEIS_MELDUNG = "Anker und Verweise (&name / *name) sind in dieser Datei nicht erlaubt"
VERWEIS_HINWEIS = "Bitte den Inhalt ausschreiben statt darauf zu verweisen."


def zu_tief(pfad: Path, zeile: int | None = None) -> DatenFehler:
    """The error for a file nested deeper than ``MAX_TIEFE``."""
    return DatenFehler(TIEFE_MELDUNG, datei=pfad, zeile=zeile, hinweis=TIEFE_HINWEIS)


def pruefe_yaml(pfad: Path, text: str) -> bool:
    """Refuse ``text`` (DatenFehler naming ``pfad`` and the line) when it nests deeper than
    ``MAX_TIEFE`` or uses anchors or aliases.

    Walks LibYAML's event stream, whose parser keeps an explicit stack (no recursion), and
    stops at the first violation. Returns whether the whole text was walked: False when
    LibYAML itself gave up (a syntax error, or its own nesting limit); the caller then must
    not hand the text to a recursive C composer, only to the round-trip loader, which words
    the error and turns deep recursion into a DatenFehler.
    """
    import yaml

    try:
        from yaml import CSafeLoader as Lader
    except ImportError:  # pragma: no cover - the pure-Python parser does not recurse either
        from yaml import SafeLoader as Lader  # type: ignore[assignment]

    oeffnen = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    schliessen = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    tiefe = verweise = 0
    lader = Lader(text)
    try:
        while lader.check_event():
            ereignis: Any = lader.get_event()
            if isinstance(ereignis, yaml.AliasEvent) or getattr(ereignis, "anchor", None):
                verweise += 1
                if verweise > MAX_VERWEISE:
                    raise DatenFehler(
                        VERWEIS_MELDUNG,
                        datei=pfad,
                        zeile=_zeile(ereignis),
                        hinweis=VERWEIS_HINWEIS,
                    )
            if isinstance(ereignis, oeffnen):
                tiefe += 1
                if tiefe > MAX_TIEFE:
                    raise zu_tief(pfad, _zeile(ereignis))
            elif isinstance(ereignis, schliessen):
                tiefe -= 1
    except yaml.YAMLError:
        return False
    finally:
        lader.dispose()
    return True


def _zeile(ereignis: Any) -> int | None:
    marke = getattr(ereignis, "start_mark", None)
    return marke.line + 1 if marke is not None else None


# The parts of TOML text that matter for nesting: strings and comments are skipped whole
# (their brackets and dots do not count), brackets open and close, dots join key parts,
# everything in ``=,\n`` ends a key.
_TOML_TEIL = re.compile(
    r'"""(?:[^\\]|\\.)*?"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}.=,\n]",
    re.DOTALL,
)


def pruefe_toml(pfad: Path, text: str) -> None:
    """Refuse TOML ``text`` whose brackets nest, or whose dotted keys have parts, beyond
    ``MAX_TIEFE``, before ``tomllib`` (recursive, quadratic on long dotted keys) reads it.

    A scan outside strings and comments; an unclosed string makes it count too much, never
    too little (the file is broken then anyway). Depth made of both brackets and dotted
    keys is checked on the parsed data by ``pruefe_tiefe``.
    """
    tiefe = punkte = 0
    for treffer in _TOML_TEIL.finditer(text):
        zeichen = treffer.group()
        if zeichen in "[{":
            tiefe += 1
            punkte = 0
            if tiefe > MAX_TIEFE:
                raise zu_tief(pfad, text.count("\n", 0, treffer.start()) + 1)
        elif zeichen in "]}":
            tiefe = max(tiefe - 1, 0)
            punkte = 0
        elif zeichen == ".":
            punkte += 1
            if punkte > MAX_TIEFE:
                raise zu_tief(pfad, text.count("\n", 0, treffer.start()) + 1)
        elif zeichen in "=,\n":
            punkte = 0


def pruefe_tiefe(pfad: Path, daten: Any) -> None:
    """Refuse parsed ``daten`` nested deeper than ``MAX_TIEFE`` (walked without recursion)."""
    stapel: list[tuple[Any, int]] = [(daten, 0)]
    while stapel:
        wert, tiefe = stapel.pop()
        if isinstance(wert, Mapping):
            kinder: Any = wert.values()
        elif isinstance(wert, list | tuple):
            kinder = wert
        else:
            continue
        if tiefe + 1 > MAX_TIEFE:
            raise zu_tief(pfad)
        stapel.extend((kind, tiefe + 1) for kind in kinder)
