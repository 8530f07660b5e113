"""Keys of a case file that the format does not know (DA004): kept on save, reported."""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.probleme import Pfad


def _innen(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
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
def _felder(modell: type[BaseModel]) -> dict[str, tuple[type[BaseModel] | None, bool]]:
    """Each field of ``modell`` with the model inside it (worked out once per model)."""
    return {name: _innen(feld.annotation) for name, feld in modell.model_fields.items()}


def unbekannte_schluessel(
    daten: Any, modell: type[BaseModel] = Fall, pfad: Pfad = ()
) -> Iterator[Pfad]:
    """The path of every key in ``daten`` (parsed YAML) that ``modell`` does not define."""
    if not isinstance(daten, Mapping):
        return
    felder = _felder(modell)
    for schluessel, wert in daten.items():
        innen = felder.get(schluessel)
        if innen is None:
            yield (*pfad, str(schluessel))
            continue
        untermodell, liste = innen
        if untermodell is None:
            continue
        if liste and isinstance(wert, list):
            for i, eintrag in enumerate(wert):
                yield from unbekannte_schluessel(eintrag, untermodell, (*pfad, schluessel, i))
        elif not liste:
            yield from unbekannte_schluessel(wert, untermodell, (*pfad, schluessel))
