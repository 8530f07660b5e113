"""``wiedervorlage``: the caseworker's own follow-up reminders of a case (SPEC §10).

Two changes share this wizard: a new Wiedervorlage (``am``, ``text``) is appended to the
top-level ``wiedervorlagen`` list, and an open one is marked done (``erledigt``: its number,
dated ``--datum``). The answers are flat, one key per option (flags are answers):
``{am: D, text: T}`` or ``{erledigt: NR}``. The number is the one the save gives
(``eintragspflege.pflege``); ``erledigt`` means the effective number (stored ``nr``, else the
position, as ``faellig`` and the ICS UID count).
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.eintraege import nummern, wirksame_nummern
from vier_phasen_cli.domain.fall import Datum, Nummer, Wiedervorlage
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.wizard.ablauf import Assistent
from vier_phasen_cli.wizard.anwenden import setze_abschnitt
from vier_phasen_cli.wizard.bausteine import Lage
from vier_phasen_cli.wizard.eintragspflege import gespeicherte_nummern
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl


class WiedervorlageAntworten(BaseModel):
    """Answers for ``vier-phasen wiedervorlage``: a new one (``am``, ``text``) or the number
    of one that is done (``erledigt``; the day is ``--datum``)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    am: Datum | None = Field(default=None, description="Tag der neuen Wiedervorlage")
    text: str | None = Field(default=None, description="Worum es geht")
    erledigt: Nummer | None = Field(default=None, description="Nummer der erledigten")


def offene(liste: Sequence[Wiedervorlage]) -> list[tuple[int, Wiedervorlage]]:
    """The open Wiedervorlagen of a case with their numbers, in list order."""
    return [(nr, w) for w, nr in zip(liste, nummern(liste), strict=True) if w.erledigt is None]


def _fuehre(b: Befrager, _k: Kataloge, lage: Lage, erg: dict[str, Any], _nur: Any) -> None:
    # A revised run (terminal) has its earlier answer as a suggestion, no longer as given.
    erledigen = b.gegeben("erledigt") is not None or "erledigt" in b.vorschlaege
    if erledigen and any(b.gegeben(k) is not None for k in ("am", "text")):
        raise VierPhasenFehler(
            "Eine neue Wiedervorlage (--am, --text) und eine erledigte (--erledigt) gehen "
            "nicht in einem Aufruf",
            hinweis="Bitte nacheinander aufrufen.",
        )
    if erledigen:
        _erledigt(b, lage, erg)
        return
    erg["am"] = b.datum("am", "Wiedervorlage am")
    erg["text"] = b.text("text", "Text der Wiedervorlage")


def _erledigt(b: Befrager, lage: Lage, erg: dict[str, Any]) -> None:
    """The number of an open Wiedervorlage. A given one that is unknown or done already is
    refused naming the open ones; on a terminal they are offered to choose from instead."""
    liste = lage.fall.wiedervorlagen if lage.fall is not None else []
    offen = offene(liste)
    gegeben = b.gegeben("erledigt")
    if gegeben is not None and gegeben in {nr for nr, _ in offen}:
        erg["erledigt"] = gegeben
        return
    if gegeben is not None:
        noch = ", ".join(str(nr) for nr, _ in offen) or "keine"
        grund = f"{_warum_nicht(gegeben, liste, lage.fall_id)}; offen: {noch}"
        if not b.interaktiv or not offen:
            raise VierPhasenFehler(
                grund, hinweis=f"Die Liste zeigt „vier-phasen wiedervorlage {lage.fall_id}“."
            )
        b.melde(grund)
        b.vorgaben = {k: v for k, v in b.vorgaben.items() if k != "erledigt"}
    # By date, the earliest first (the number stays shown: it is what --erledigt takes).
    nach_datum = sorted(offen, key=lambda paar: (paar[1].am or date.max, paar[0]))
    wahlen = [Wahl(sicher_einzeilig(f"{nr}: {deutsch(w.am)} {w.text}"), nr) for nr, w in nach_datum]
    erg["erledigt"] = b.wahl("erledigt", "Welche Wiedervorlage ist erledigt?", wahlen)


def _warum_nicht(nummer: Any, liste: Sequence[Wiedervorlage], fall_id: str) -> str:
    """Why ``nummer`` names no open Wiedervorlage of the case."""
    eintrag = dict(zip(nummern(liste), liste, strict=True)).get(nummer)
    if eintrag is not None and eintrag.erledigt is not None:
        return f"Wiedervorlage {nummer} ist schon erledigt (am {deutsch(eintrag.erledigt)})"
    return f"Wiedervorlage {nummer} gibt es in Fall {fall_id} nicht"


def _anwenden(dok: CommentedMap, erg: dict[str, Any], datum: date) -> None:
    liste = dok.get("wiedervorlagen")
    if "erledigt" in erg:
        nummer = erg["erledigt"]
        for eintrag, nr in zip(liste, wirksame_nummern(gespeicherte_nummern(liste)), strict=True):
            if nr == nummer and isinstance(eintrag, MutableMapping):
                eintrag["erledigt"] = datum
        return
    neu = CommentedMap()
    neu["am"] = erg["am"]
    neu["text"] = erg["text"]
    neu["erledigt"] = None
    if not isinstance(liste, list) or not liste:
        # An empty list is often written ``[]``: appending to it would keep the flow style.
        liste = CommentedSeq()
        setze_abschnitt(dok, "wiedervorlagen", liste)
    liste.append(neu)


ASSISTENT = Assistent(
    "wiedervorlage",
    "Wiedervorlage",
    "sonstiges",
    (("wiedervorlage", "Wiedervorlage", ("am", "text", "erledigt")),),
    _fuehre,
    neu_erlaubt=False,
    anwenden=_anwenden,
    kurz=True,
)
