"""Records as templates see them, and the Dienststelle among them: light enough for reports
(``faellig``, ``statistik``, ``uebergabe``) to use without loading the case model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vier_phasen_cli.domain.dienststelle import mit_artikel


@dataclass(frozen=True)
class Datensatz:
    """A record for templates: attribute access to a mapping (``schritt.strategie``)."""

    werte: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.werte[name]
        except KeyError:
            raise AttributeError(name) from None


def d(**werte: Any) -> Datensatz:
    return Datensatz(werte)


def dienststelle_kontext(dienststelle: Mapping[str, str]) -> Datensatz:
    """``[dienststelle]`` of vier-phasen.toml as templates see it: ``name`` and ``anschrift``
    always there (None when not set), so a template may ask for either; ``dativ`` and
    ``akkusativ`` are the name with its article ("der Agentur für Arbeit Musterstadt") – without
    a configured ``artikel`` the name follows "Dienststelle", which needs no guess of its gender."""
    name = dienststelle.get("name") or None
    artikel = dienststelle.get("artikel") or None
    return d(
        name=name,
        anschrift=dienststelle.get("anschrift") or None,
        dativ=mit_artikel(name, artikel, "dativ") if name else None,
        akkusativ=mit_artikel(name, artikel, "akkusativ") if name else None,
    )
