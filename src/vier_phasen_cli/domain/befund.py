"""Findings of ``pruefen`` as values, and the registry of the rules that produce them.

A rule is a small pure function over the validated case; it yields :class:`Treffer` (where,
and the values for its message template). The registry knows each rule's code, severity,
German message template and Integrationskonzept section; ``pruefen --regeln`` and the README
table are generated from it. Like flake8's ``Violation``, a :class:`Befund` is an immutable
record that formatters turn into text or JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.kontakt import KONTAKT_TAGE
from vier_phasen_cli.domain.probleme import Pfad

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall

Schwere = Literal["fehler", "warnung", "hinweis"]
SCHWEREN: tuple[Schwere, ...] = ("fehler", "warnung", "hinweis")
"""Most severe first; ``--schwere X`` shows X and everything before it."""


@dataclass(frozen=True)
class Pruefkontext:
    kataloge: Kataloge
    stichtag: date
    kontakt_tage: int = KONTAKT_TAGE
    """``[pruefen] kontakt_tage`` of the workspace (KO001)."""


@dataclass(frozen=True)
class Treffer:
    """One place where a rule fires: the path of the offending element (the first of
    ``pfade`` that exists in the file is used for the line) and the message's values."""

    pfade: tuple[Pfad, ...]
    werte: Mapping[str, Any] = field(default_factory=dict)


def treffer(*pfade: Pfad, **werte: Any) -> Treffer:
    return Treffer(tuple(pfade), werte)


RegelFunktion = Callable[["Fall", Pruefkontext], Iterable[Treffer]]


@dataclass(frozen=True)
class Regel:
    code: str
    schwere: Schwere
    fundstelle: str | None
    titel: str
    """One line for ``--regeln`` and the README: what the rule checks."""
    vorlage: str
    """German message template, filled with the Treffer's values."""
    funktion: RegelFunktion | None = None
    """None for the file rules (DA…, KA001), which storage reports while reading."""
    nur_aktiv: bool = True

    def meldung(self, werte: Mapping[str, Any]) -> str:
        return self.vorlage.format(**werte)


@dataclass(frozen=True)
class Befund:
    fall: str
    datei: str
    zeile: int
    code: str
    schwere: Schwere
    meldung: str
    fundstelle: str | None

    def sortierschluessel(self) -> tuple[str, int, str]:
        return (self.datei, self.zeile, self.code)


class Regelwerk:
    """The registry: rules by code, in the order of SPEC §7."""

    def __init__(self) -> None:
        self._regeln: dict[str, Regel] = {}

    def __iter__(self) -> Iterator[Regel]:
        return iter(self._regeln.values())

    def __getitem__(self, code: str) -> Regel:
        return self._regeln[code]

    def __contains__(self, code: object) -> bool:
        return code in self._regeln

    def codes(self) -> list[str]:
        return list(self._regeln)

    def melde_an(self, regel: Regel) -> None:
        if regel.code in self._regeln:
            raise ValueError(f"rule {regel.code} registered twice")
        self._regeln[regel.code] = regel

    def regel(
        self,
        code: str,
        schwere: Schwere,
        fundstelle: str | None,
        titel: str,
        vorlage: str,
        *,
        nur_aktiv: bool = True,
    ) -> Callable[[RegelFunktion], RegelFunktion]:
        """Decorator: register a rule function under ``code``."""

        def eintragen(funktion: RegelFunktion) -> RegelFunktion:
            self.melde_an(Regel(code, schwere, fundstelle, titel, vorlage, funktion, nur_aktiv))
            return funktion

        return eintragen


def anwenden(
    regelwerk: Regelwerk, fall: Fall, kontext: Pruefkontext
) -> Iterator[tuple[Regel, Treffer]]:
    """Every rule that applies to ``fall`` and every place where it fires."""
    for regel in regelwerk:
        if regel.funktion is None or (regel.nur_aktiv and fall.status != "aktiv"):
            continue
        for t in regel.funktion(fall, kontext):
            yield regel, t


def befunde_des_falls(
    regelwerk: Regelwerk,
    fall: Fall,
    kontext: Pruefkontext,
    zeile_fuer: Callable[[tuple[Pfad, ...]], int],
) -> list[tuple[int, str, str]]:
    """Every rule finding of ``fall`` as (line, code, message); ``zeile_fuer`` places a
    Treffer's paths on their line in the file."""
    return [
        (zeile_fuer(t.pfade), regel.code, regel.meldung(t.werte))
        for regel, t in anwenden(regelwerk, fall, kontext)
    ]
