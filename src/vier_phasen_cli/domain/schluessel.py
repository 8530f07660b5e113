"""Keys of a case file that the format does not know (DA004): kept on save, reported."""

from __future__ import annotations

import types
from collections.abc import Mapping
from functools import cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.probleme import Pfad

Modell = type[BaseModel]


def _innen(annotation: Any) -> tuple[Modell | None, bool]:
    """The model inside a field's annotation and whether it is a list of them."""
    herkunft = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if herkunft is list:
        modell, _ = _innen(get_args(annotation)[0])
        return modell, True
    if herkunft in (Union, types.UnionType) or hasattr(annotation, "__metadata__"):
        for arg in get_args(annotation):
            modell, liste = _innen(arg)
            if modell is not None:
                return modell, liste
    return None, False


@cache
def _felder(modell: Modell) -> tuple[frozenset[str], dict[str, tuple[Modell, bool]]]:
    """The field names of ``modell``, and for each field holding a model (or a list of
    them) that model (worked out once per model)."""
    innen = {name: _innen(feld.annotation) for name, feld in modell.model_fields.items()}
    verschachtelt = {name: (m, liste) for name, (m, liste) in innen.items() if m is not None}
    return frozenset(innen), verschachtelt


def unbekannte_schluessel(daten: Any, modell: Modell = Fall) -> list[Pfad]:
    """The path of every key in ``daten`` (parsed YAML) that ``modell`` does not define, in
    the order of the file."""
    gefunden: list[Pfad] = []
    _sammle(daten, modell, (), gefunden)
    return gefunden


def _sammle(daten: Any, modell: Modell, pfad: Pfad, gefunden: list[Pfad]) -> None:
    if not isinstance(daten, (dict, Mapping)):  # dict first: the common case, checked fast
        return
    bekannt, verschachtelt = _felder(modell)
    for schluessel, wert in daten.items():
        if schluessel not in bekannt:
            gefunden.append((*pfad, str(schluessel)))
        elif schluessel in verschachtelt:
            untermodell, liste = verschachtelt[schluessel]
            if not liste:
                _sammle(wert, untermodell, (*pfad, schluessel), gefunden)
            elif isinstance(wert, list):
                for i, eintrag in enumerate(wert):
                    _sammle(eintrag, untermodell, (*pfad, schluessel, i), gefunden)
