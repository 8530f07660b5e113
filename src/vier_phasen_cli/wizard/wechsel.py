"""The ``wechsel`` log of a case: every change of Rechtskreis, Fachkraft, Reha or Aufstocker,
as ``{datum, feld, von, nach, notiz, entfernt}`` (SPEC §10, §16). Written by ``stammdaten``
and ``uebergabe``; never edited afterwards."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.wizard.anwenden import haenge_an, rt

PROTOKOLLIERT = ("rechtskreis", "fachkraft", "reha", "aufstocker")
"""The Stammdaten whose every change is logged in ``wechsel``."""


def wechsel_eintragen(
    dok: CommentedMap,
    datum: date,
    feld: str,
    von: Any,
    nach: Any,
    *,
    notiz: str | None = None,
    entfernt: Mapping[str, Any] | None = None,
) -> None:
    """Append one entry to the case's ``wechsel`` list (created where SPEC §3 puts it)."""
    eintrag = CommentedMap()
    eintrag["datum"] = datum
    eintrag["feld"] = feld
    eintrag["von"] = von
    eintrag["nach"] = nach
    if notiz:
        eintrag["notiz"] = notiz
    if entfernt:
        eintrag["entfernt"] = rt(dict(entfernt))
    haenge_an(dok, "wechsel", eintrag)
