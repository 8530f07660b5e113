"""Which rules are on, and how severe: prefix selection as flake8's DecisionEngine does it.

``--auswahl VE --ignorieren VE008`` checks every VE rule but VE008; ``--auswahl VE008
--ignorieren VE`` checks VE008 only: the longer (more specific) matching prefix wins, and on a
tie ``ignorieren`` wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from vier_phasen_cli.domain.befund import SCHWEREN, Schwere

_CODE = re.compile(r"^[A-Z]{1,2}[0-9]{0,3}$")


class AuswahlFehler(ValueError):
    """A rule code or prefix that matches no rule; the message is German."""


def lies_codes(text: str | Iterable[str], bekannt: Iterable[str], quelle: str) -> tuple[str, ...]:
    """``"VE, pa001"`` → ``("VE", "PA001")``; every entry must be a prefix of a known code."""
    teile = re.split(r"[,\s]+", text) if isinstance(text, str) else list(text)
    codes = tuple(t.strip().upper() for t in teile if t and t.strip())
    bekannte = list(bekannt)
    for c in codes:
        if not _CODE.match(c) or not any(b.startswith(c) for b in bekannte):
            raise AuswahlFehler(f"Unbekannter Regelcode „{c}“ in {quelle}")
    return codes


def _laengster(code: str, praefixe: Iterable[str]) -> int:
    return max((len(p) for p in praefixe if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Auswahl:
    auswahl: tuple[str, ...] = ("",)
    ignorieren: tuple[str, ...] = ()
    schwere: Mapping[str, Schwere] = field(default_factory=dict)
    """Severity overrides by code or prefix (the longest matching prefix wins)."""

    def gilt(self, code: str) -> bool:
        return _laengster(code, self.auswahl) > _laengster(code, self.ignorieren)

    def schwere_von(self, code: str, standard: Schwere) -> Schwere:
        passend = [p for p in self.schwere if code.startswith(p)]
        return self.schwere[max(passend, key=len)] if passend else standard


def lies_schweren(
    werte: Mapping[str, object], bekannt: Iterable[str], quelle: str
) -> dict[str, Schwere]:
    """``{"VE008": "hinweis"}`` from the workspace settings, checked."""
    bekannte = list(bekannt)
    ergebnis: dict[str, Schwere] = {}
    for code, schwere in werte.items():
        (praefix,) = lies_codes([code], bekannte, quelle)
        if schwere not in SCHWEREN:
            raise AuswahlFehler(
                f"Schwere „{schwere}“ für {praefix} in {quelle} ist nicht zulässig "
                f"(erlaubt: {', '.join(SCHWEREN)})"
            )
        ergebnis[praefix] = schwere
    return ergebnis
