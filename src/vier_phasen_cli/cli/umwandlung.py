"""Turning command-line words into parameter values without pydantic.

Typer 0.29 coerces every parameter through a pydantic ``TypeAdapter`` built when the command
line is parsed: importing pydantic and building the adapters is most of a command's start-up
(≈ 0.1 s of a warm ``faellig``). Our parameters are all of a few simple types (texts, whole
numbers, switches, paths, a choice among texts, a list of texts), for which the conversion is
a line each. :func:`einfach` gives that conversion; :class:`~vier_phasen_cli.cli.deutsch.Befehl`
installs it before parsing. A parameter of any other type keeps Typer's.
``tests/test_umwandlung.py`` compares both, value by value, for every parameter of every
command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor
from typer.core import _TyperParameter

_LEER = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Unicode's White_Space (what pydantic strips around a number; Python's ``\\s`` also takes
the separators U+001C–U+001F, which pydantic refuses)."""
_GANZE_ZAHL = re.compile(f"[{_LEER}]*([+-]?[0-9]+(?:_[0-9]+)*)(?:\\.0+)?[{_LEER}]*")
"""What pydantic's lax mode takes as a whole number from a text: ASCII digits, single
underscores between them, a fraction of zeros, white space around."""


@dataclass(frozen=True)
class _Einfach(RuntimeParam):
    """Typer's runtime coercion for one parameter of a simple type."""

    art: str = "text"
    """``text``, ``zahl``, ``schalter``, ``pfad``, ``wahl`` or ``texte``."""
    erlaubt: tuple[str, ...] = ()
    """The choices of a ``wahl``."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if self.art == "texte":
            return [self._eins(v, "text", param, ctx) for v in value]
        return self._eins(value, self.art, param, ctx)

    def _eins(self, wert: Any, art: str, param: _TyperParameter, ctx: Context) -> Any:
        if art == "schalter" and type(wert) is bool:
            return wert
        if art == "zahl" and type(wert) is int:
            return wert
        if art == "pfad" and isinstance(wert, Path):
            return wert
        if not isinstance(wert, str):
            raise BadParameter(f"Value {wert!r} is not valid here.", ctx=ctx, param=param)
        if art == "zahl":
            try:
                if zahl := _GANZE_ZAHL.fullmatch(wert):
                    return int(zahl.group(1))
            except ValueError:  # more digits than Python converts (4,300)
                pass
            raise BadParameter(
                "Input should be a valid integer, unable to parse string as an integer",
                ctx=ctx,
                param=param,
            )
        if art == "pfad":
            return Path(wert)
        if art == "wahl" and wert not in self.erlaubt:
            raise BadParameter(
                f"{wert!r} is not one of {', '.join(repr(e) for e in self.erlaubt)}.",
                ctx=ctx,
                param=param,
            )
        return wert


def einfach(beschreibung: TypeDescriptor) -> RuntimeParam | None:
    """The plain conversion for a parameter described by ``beschreibung``; None for a type
    (or a setting: ranges, files, parsers) it does not cover."""
    info = beschreibung.parameter_info
    if (
        beschreibung.file_annotation is not None
        or info.min is not None
        or info.max is not None
        or getattr(info, "parser", None) is not None
        or getattr(info, "click_type", None) is not None
    ):
        return None
    typ: Any = beschreibung.annotation
    art = {str: "text", int: "zahl", bool: "schalter", Path: "pfad"}.get(typ)
    erlaubt: tuple[str, ...] = ()
    if get_origin(typ) is Literal and all(type(a) is str for a in get_args(typ)):
        art, erlaubt = "wahl", get_args(typ)
    elif get_origin(typ) is list and get_args(typ) == (str,):
        art = "texte"
    if art is None:
        return None
    return _Einfach(info, typ, art, erlaubt)
