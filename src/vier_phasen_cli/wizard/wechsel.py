"""The ``wechsel`` log of a case: every change of Rechtskreis, Fachkraft, Reha or Aufstocker,
as ``{datum, feld, von, nach, notiz, entfernt}`` (SPEC §10, §16). Written by ``stammdaten``
and ``uebergabe``; never edited afterwards."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vier_phasen_cli.wizard.anwenden import rt, setze_abschnitt

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
    liste = dok.get("wechsel")
    if not isinstance(liste, list):
        liste = CommentedSeq()
        setze_abschnitt(dok, "wechsel", liste)
    eintrag = CommentedMap()
    eintrag["datum"] = datum
    eintrag["feld"] = feld
    eintrag["von"] = von
    eintrag["nach"] = nach
    if notiz:
        eintrag["notiz"] = notiz
    if entfernt:
        eintrag["entfernt"] = rt(dict(entfernt))
    liste.append(eintrag)
