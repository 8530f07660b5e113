"""``wiederaufnahme``: a closed case becomes active again (SPEC §10).

The ``abschluss`` moves to ``abschluss_historie`` with the day of reopening and its note, so
a case closed twice keeps both closings on record.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.wizard.ablauf import Assistent
from vier_phasen_cli.wizard.anwenden import haenge_an, setze_abschnitt
from vier_phasen_cli.wizard.bausteine import Lage
from vier_phasen_cli.wizard.fragen import Befrager


class WiederaufnahmeAntworten(BaseModel):
    """Answers for ``vier-phasen wiederaufnahme`` (the date is ``--datum``)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    notiz: str | None = None


def _voraussetzung(fall: Fall, datum: date) -> None:
    if fall.status != "abgeschlossen":
        raise VierPhasenFehler(
            f"Fall „{fall.id}“ ist nicht abgeschlossen; es gibt nichts wieder aufzunehmen",
            hinweis=f"Den Fall zeigt „vier-phasen zeige {fall.id}“.",
        )
    if fall.abschluss is not None and datum < fall.abschluss.datum:
        raise VierPhasenFehler(
            f"Die Wiederaufnahme ({datum:%d.%m.%Y}) kann nicht vor dem Abschluss am "
            f"{fall.abschluss.datum:%d.%m.%Y} liegen",
            hinweis="Bitte mit --datum den Tag der Wiederaufnahme angeben.",
        )


def _fuehre(b: Befrager, _k: Kataloge, _lage: Lage, erg: dict[str, Any], _nur: Any) -> None:
    erg["notiz"] = b.text("notiz", "Notiz zur Wiederaufnahme (optional)", pflicht=False)


def _anwenden(dok: CommentedMap, erg: dict[str, Any], datum: date) -> None:
    abschluss = dok.get("abschluss")
    if isinstance(abschluss, dict):
        eintrag = copy.deepcopy(abschluss)
        eintrag["wiederaufgenommen"] = datum
        if erg.get("notiz"):
            eintrag["wiederaufnahme_notiz"] = erg["notiz"]
        haenge_an(dok, "abschluss_historie", eintrag)
    dok["abschluss"] = None
    setze_abschnitt(dok, "status", "aktiv")


ASSISTENT = Assistent(
    "wiederaufnahme",
    "Wiederaufnahme",
    "sonstiges",
    (("wiederaufnahme", "Notiz zur Wiederaufnahme", ("notiz",)),),
    _fuehre,
    neu_erlaubt=False,
    anwenden=_anwenden,
    voraussetzung=_voraussetzung,
    auch_abgeschlossen=True,
    kurz=True,
    # a reopening in the future could not be closed again until then
    geschehen=(
        "Eine Wiederaufnahme",
        "Bitte am Tag der Wiederaufnahme oder danach wieder aufnehmen (--datum heute oder früher).",
    ),
)
