"""``stammdaten``: change a case's master data (SPEC §10, §16).

Every change of Rechtskreis, Fachkraft, Reha or Aufstocker is logged in ``wechsel``. A change
of Rechtskreis also retires what belongs to the old one: the Vereinbarung (its type no longer
fits) goes to ``vereinbarung_historie``, and the fields only the old Rechtskreis knows are
removed and kept in that ``wechsel`` entry under ``entfernt``. The new agreement is then due
from the day of the change (domain/fristen.py).

On a terminal without options a menu offers the fields with their current values: the
caseworker picks the one or two that changed, instead of confirming eight unchanged answers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.fall import Datum, Fall, Rechtskreis, Schalter
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.steuerzeichen import hat_steuerzeichen, sicher_einzeilig
from vier_phasen_cli.storage.yamldatei import klar
from vier_phasen_cli.wizard import stammfragen as sf
from vier_phasen_cli.wizard.ablauf import Assistent
from vier_phasen_cli.wizard.anwenden import haenge_an, setze_abschnitt
from vier_phasen_cli.wizard.bausteine import Lage
from vier_phasen_cli.wizard.fragen import Befrager, hole, vorhanden
from vier_phasen_cli.wizard.terminal import Wahl
from vier_phasen_cli.wizard.wechsel import PROTOKOLLIERT, wechsel_eintragen


class KundeAenderung(BaseModel):
    """The customer's fields to change; a field left out stays."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    name: Annotated[str, Field(min_length=1, pattern=r"\S")] | None = None
    geburtsdatum: Datum | None = None


class StammdatenAntworten(BaseModel):
    """Answers for ``vier-phasen stammdaten`` (the date is ``--datum``): the fields to change."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    kunde: KundeAenderung | None = None
    rechtskreis: Rechtskreis | None = None
    fachkraft: Annotated[str, Field(min_length=1)] | None = None
    reha: Schalter | None = None
    aufstocker: Schalter | None = Field(default=None, description="nur im SGB II")
    ausbildungsvermittlung: Schalter | None = None
    arbeitslos_seit: Datum | None = None
    notiz: str | None = Field(default=None, description="steht bei jedem protokollierten Wechsel")


NUR_IM_RECHTSKREIS = {
    "SGB III": ("unterstuetzungsbedarf",),
    "SGB II": ("bedarfsgemeinschaft", "aufstocker"),
}
"""Fields that apply only in one Rechtskreis: removed when the case leaves it (SPEC §16)."""

_AUSWAHL = "aendern"
"""The menu's question (not a field: the draft keeps the choices under this name)."""
_FERTIG = "fertig"


class _Feld:
    """One field of the menu: its place in the answers, its label, its question."""

    def __init__(
        self,
        pfad: str,
        titel: str,
        frage: Callable[..., Any],
        wert: Callable[[Fall], Any],
    ) -> None:
        self.pfad, self.titel, self.frage, self.wert = pfad, titel, frage, wert


FELDER = (
    _Feld("rechtskreis", "Rechtskreis", sf.rechtskreis, lambda f: f.rechtskreis),
    _Feld("fachkraft", "Fachkraft", sf.fachkraft, lambda f: f.fachkraft),
    _Feld("reha", "Reha", sf.reha, lambda f: f.reha),
    _Feld("aufstocker", "Aufstockend", sf.aufstocker, lambda f: f.aufstocker),
    _Feld(
        "ausbildungsvermittlung",
        "Ausbildungsvermittlung",
        sf.ausbildungsvermittlung,
        lambda f: f.ausbildungsvermittlung,
    ),
    _Feld("arbeitslos_seit", "Arbeitslos seit", sf.arbeitslos_seit, lambda f: f.arbeitslos_seit),
    _Feld("kunde.name", "Name", sf.name, lambda f: f.kunde.name),
    _Feld("kunde.geburtsdatum", "Geburtsdatum", sf.geburtsdatum, lambda f: f.kunde.geburtsdatum),
)
_OPTIONEN = (
    "--rechtskreis, --fachkraft, --reha/--keine-reha, --aufstocker/--kein-aufstocker, "
    "--ausbildungsvermittlung/--keine-ausbildungsvermittlung, --arbeitslos-seit, --name, "
    "--geburtsdatum"
)


def _setze(erg: dict[str, Any], pfad: str, wert: Any) -> None:
    kopf, _, rest = pfad.partition(".")
    if rest:
        erg.setdefault(kopf, {})[rest] = wert
    else:
        erg[kopf] = wert


def _nimm(erg: dict[str, Any], pfad: str) -> None:
    kopf, _, rest = pfad.partition(".")
    if rest:
        teil = erg.get(kopf) or {}
        teil.pop(rest, None)
        if not teil:
            erg.pop(kopf, None)
    else:
        erg.pop(kopf, None)


def _anzeige(wert: Any) -> str:
    if wert is None:
        return "—"
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, date):
        return f"{wert:%d.%m.%Y}"
    return sicher_einzeilig(str(wert))


def _vorgabe(wert: Any) -> Any:
    """The current value as the question's default; a text holding control characters (a
    hand-edited file) is not offered: it would be refused, and it must not reach the screen."""
    if isinstance(wert, str) and hat_steuerzeichen(wert):
        return None
    return wert


def _fuehre(b: Befrager, _k: Kataloge, lage: Lage, erg: dict[str, Any], _nur: Any) -> None:
    fall = lage.fall
    if fall is None:  # the command never runs on a new case (neu_erlaubt=False)
        raise ValueError("stammdaten needs an existing case")
    gegeben = [f for f in FELDER if vorhanden(b.vorgaben, f.pfad)]
    menue = not gegeben and b.interaktiv
    if menue:
        _menue(b, fall, erg)
    elif not gegeben:
        b.fehlend.append(f"was sich ändert ({_OPTIONEN})")
    for f in gegeben:
        _setze(erg, f.pfad, f.frage(b))  # no default: a given answer is checked as it is
    rechtskreis = erg.get("rechtskreis") or fall.rechtskreis
    if erg.get("aufstocker") and rechtskreis != "SGB II":
        b.problem(
            "aufstocker",
            f"gilt nur im SGB II (Arbeitslosengeld und Bürgergeld zugleich); der Fall ist im "
            f"{rechtskreis}",
        )
    elif rechtskreis != "SGB II":
        erg.pop("aufstocker", None)  # not an Aufstocker outside SGB II: nothing to record
    for f in FELDER:  # an answer equal to the current value is no change
        if vorhanden(erg, f.pfad) and hole(erg, f.pfad) == f.wert(fall):
            _nimm(erg, f.pfad)
    # The note goes with the logged changes: asked (menu) only when there is one.
    protokolliert = any(feld in erg for feld in PROTOKOLLIERT)
    if vorhanden(b.vorgaben, "notiz") or (menue and protokolliert):
        erg["notiz"] = b.text("notiz", "Notiz zur Änderung (optional)", pflicht=False)


def _menue(b: Befrager, fall: Fall, erg: dict[str, Any]) -> None:
    """Which field to change, again and again until „Fertig“; each asked with its current
    value as the default."""
    vorgabe: str | None = None
    while True:
        rechtskreis = erg.get("rechtskreis") or fall.rechtskreis
        wahlen = [
            Wahl(f"{f.titel}: {_anzeige(_aktuell(f, fall, erg))}", f.pfad)
            for f in FELDER
            if f.pfad != "aufstocker" or rechtskreis == "SGB II"
        ]
        wahlen.append(Wahl("Fertig", _FERTIG))
        pfad = b.wahl(_AUSWAHL, "Was ändert sich?", wahlen, vorgabe=vorgabe)
        if pfad in (_FERTIG, None):
            return
        vorgabe = _FERTIG
        feld = next(f for f in FELDER if f.pfad == pfad)
        _setze(erg, pfad, feld.frage(b, _vorgabe(_aktuell(feld, fall, erg))))
        if pfad == "rechtskreis":
            erg.pop("aufstocker", None)
            if erg["rechtskreis"] == "SGB II" and fall.rechtskreis != "SGB II":
                # Entering SGB II: whether the customer also draws ALG decides 3.4.2.
                erg["aufstocker"] = sf.aufstocker(b, fall.aufstocker)


def _aktuell(feld: _Feld, fall: Fall, erg: dict[str, Any]) -> Any:
    return hole(erg, feld.pfad) if vorhanden(erg, feld.pfad) else feld.wert(fall)


def _anwenden(dok: CommentedMap, erg: dict[str, Any], datum: date) -> None:
    notiz = erg.get("notiz")
    kunde = dok.get("kunde")
    for feld, wert in (erg.get("kunde") or {}).items():
        if isinstance(kunde, dict):
            kunde[feld] = wert
    if "rechtskreis" in erg:
        _rechtskreis_wechseln(dok, erg["rechtskreis"], datum, notiz)
    for feld in PROTOKOLLIERT:
        if feld in erg and feld != "rechtskreis":
            von = dok.get(feld, None if feld == "fachkraft" else False)
            wechsel_eintragen(dok, datum, feld, von, erg[feld], notiz=notiz)
            setze_abschnitt(dok, feld, erg[feld])
    for feld in ("ausbildungsvermittlung", "arbeitslos_seit"):
        if feld in erg:
            setze_abschnitt(dok, feld, erg[feld])


def _rechtskreis_wechseln(dok: CommentedMap, neu: str, datum: date, notiz: str | None) -> None:
    """The Vereinbarung goes to the history, the old Rechtskreis's own fields into the log."""
    alt = dok.get("rechtskreis")
    entfernt: dict[str, Any] = {}
    for feld in NUR_IM_RECHTSKREIS.get(str(alt), ()):
        if feld in dok:
            wert = dok.pop(feld)
            if wert is not None:
                entfernt[feld] = klar(wert)
    vereinbarung = dok.get("vereinbarung")
    if vereinbarung is not None:
        haenge_an(dok, "vereinbarung_historie", copy.deepcopy(vereinbarung))
        dok["vereinbarung"] = None
    wechsel_eintragen(dok, datum, "rechtskreis", alt, neu, notiz=notiz, entfernt=entfernt)
    dok["rechtskreis"] = neu


ASSISTENT = Assistent(
    "stammdaten",
    "Stammdatenänderung",
    "sonstiges",
    (("aenderung", "Stammdaten", (*dict.fromkeys(f.pfad.split(".")[0] for f in FELDER), "notiz")),),
    _fuehre,
    neu_erlaubt=False,
    anwenden=_anwenden,
    kurz=True,
)
