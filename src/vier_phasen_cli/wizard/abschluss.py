"""``abschluss``: the case is closed (SPEC §10, §16; Integrationskonzept 3.4.4).

The closing records the Grund (catalog ``abschlussgruende``), the day (``--datum``) and a
note; the ``nachhaltigkeit`` section keeps when the employment began and when the need for
further support was checked (3.4.4) – a value already in the case stays unless a new one is
given. A Reha case closes only with the day the Reha-Träger ended the procedure (3.4.4: only
the Reha-Träger ends it).

Dates: a closing records what has happened, so its day is neither in the future nor before
the last conversation or the last reopening; the Reha-Träger's end lies on or before it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.fall import Datum, Fall
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.wizard.ablauf import Assistent
from vier_phasen_cli.wizard.anwenden import rt, setze_abschnitt
from vier_phasen_cli.wizard.bausteine import Lage
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl


class AbschlussAngaben(BaseModel):
    """The ``abschluss`` section of the answers (its date is ``--datum``)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    grund: str | None = Field(default=None, description="Code aus dem Katalog abschlussgruende")
    notiz: str | None = None
    reha_traeger_beendet: Datum | None = Field(
        default=None,
        description="Reha-Fall: Tag, an dem der Reha-Träger das Verfahren beendet hat (3.4.4)",
    )


class NachhaltigkeitAngaben(BaseModel):
    """The ``nachhaltigkeit`` section of the answers (3.4.4)."""

    model_config = ConfigDict(extra="forbid")

    beschaeftigung_ab: Datum | None = None
    nachbetreuung_geprueft: Datum | None = Field(
        default=None,
        description="Tag, an dem geprüft wurde, ob weitere Unterstützung erforderlich ist",
    )


class AbschlussAntworten(BaseModel):
    """Answers for ``vier-phasen abschluss``: a partial case document."""

    model_config = ConfigDict(extra="forbid")

    abschluss: AbschlussAngaben | None = None
    nachhaltigkeit: NachhaltigkeitAngaben | None = None


def _voraussetzung(fall: Fall, datum: date) -> None:
    letztes = max((g.datum for g in fall.gespraeche), default=None)
    if letztes is not None and datum < letztes:
        raise VierPhasenFehler(
            f"Der Abschluss ({datum:%d.%m.%Y}) kann nicht vor dem letzten Gespräch am "
            f"{letztes:%d.%m.%Y} liegen",
            hinweis="Bitte mit --datum den Tag des Abschlusses angeben.",
        )
    wieder = max(
        (a.wiederaufgenommen for a in fall.abschluss_historie if a.wiederaufgenommen),
        default=None,
    )
    if wieder is not None and datum < wieder:
        raise VierPhasenFehler(
            f"Der Abschluss ({datum:%d.%m.%Y}) kann nicht vor der Wiederaufnahme am "
            f"{wieder:%d.%m.%Y} liegen",
            hinweis="Bitte mit --datum den Tag des Abschlusses angeben.",
        )


def _frage(b: Befrager, frage: str, option: str) -> str:
    """The question; without a terminal (where it can only be listed as missing) it names
    the option that answers it."""
    return frage if b.interaktiv else f"{frage}; Option {option}"


def _nachbetreuung_text(rechtskreis: str) -> str:
    text = (
        "Nach einer Arbeits- oder Ausbildungsaufnahme ist zu prüfen, ob die Kundin bzw. der "
        "Kunde nach der Arbeitsaufnahme oder nach dem Ausbildungsende weitere Unterstützung "
        "braucht (3.4.4, z. B. § 29 Abs. 3 SGB III, § 16g oder § 16k SGB II)"
    )
    if rechtskreis == "SGB II":
        text += (
            " – und ob die Handlungsstrategie „Beendigung oder Verringerung der "
            "Hilfebedürftigkeit von Beschäftigten“ die Hilfebedürftigkeit nachhaltig beenden "
            "oder verringern kann"
        )
    return text + ". Ohne das Datum dieser Prüfung erinnert „vier-phasen pruefen“ daran (NH001)."


_REHA_TEXT = (
    "Reha-Fall: Die berufliche Eingliederung ist erst abgeschlossen, wenn von einer "
    "nachhaltigen beruflichen Integration ausgegangen werden kann; das Verfahren beendet "
    "ausschließlich der Reha-Träger (3.4.4)."
)

_NACHHALTIGKEIT = (
    ("beschaeftigung_ab", "Beschäftigung ab (optional)", "--beschaeftigung-ab"),
    (
        "nachbetreuung_geprueft",
        "Weitere Unterstützung (Nachbetreuung) geprüft am (optional)",
        "--nachbetreuung-geprueft",
    ),
)


def _fuehre(b: Befrager, k: Kataloge, lage: Lage, erg: dict[str, Any], _nur: Any) -> None:
    katalog = k["abschlussgruende"]
    b.melde(f"Abschluss des Falls {lage.fall_id} am {lage.datum:%d.%m.%Y} (anderer Tag: --datum).")
    grund = b.wahl(
        "abschluss.grund",
        _frage(b, "Grund des Abschlusses", "--grund"),
        [Wahl(e.bezeichnung, e.code) for e in katalog],
    )
    abschluss: dict[str, Any] = {
        "grund": grund,
        "notiz": b.text("abschluss.notiz", "Notiz zum Abschluss (optional)", pflicht=False),
    }
    eintrag = katalog.get(grund)
    nachbetreuung = bool(eintrag and eintrag["nachbetreuung_pruefen"])
    if nachbetreuung:
        b.melde(_nachbetreuung_text(lage.rechtskreis))
    bisher = lage.fall.nachhaltigkeit if lage.fall else None
    nachhaltigkeit: dict[str, Any] = {}
    for feld, frage, option in _NACHHALTIGKEIT:
        pfad = f"nachhaltigkeit.{feld}"
        if nachbetreuung or b.gegeben(pfad) is not None:
            alt = getattr(bisher, feld) if bisher else None
            nachhaltigkeit[feld] = b.datum(
                pfad,
                _frage(b, frage, option),
                pflicht=False,
                vorgabe=alt,
                # the check has happened; the employment may still lie ahead
                nicht_nach=b.heute if feld == "nachbetreuung_geprueft" else None,
            )
    pfad = "abschluss.reha_traeger_beendet"
    if lage.reha:
        b.melde(_REHA_TEXT)
        abschluss["reha_traeger_beendet"] = b.datum(
            pfad,
            _frage(b, "Tag, an dem der Reha-Träger das Verfahren beendet hat",
                   "--reha-traeger-beendet"),
            nicht_nach=lage.datum,
        )  # fmt: skip
    elif b.gegeben(pfad) is not None:
        b.problem(pfad, "der Fall ist kein Reha-Fall; das Ende eines Reha-Verfahrens passt nicht")
    erg["abschluss"] = abschluss
    erg["nachhaltigkeit"] = nachhaltigkeit


def _anwenden(dok: CommentedMap, erg: dict[str, Any], datum: date) -> None:
    angaben = erg.get("abschluss") or {}
    abschluss: dict[str, Any] = {
        "datum": datum,
        "grund": angaben.get("grund"),
        "notiz": angaben.get("notiz"),
    }
    if "reha_traeger_beendet" in angaben:
        abschluss["reha_traeger_beendet"] = angaben["reha_traeger_beendet"]
    setze_abschnitt(dok, "status", "abgeschlossen")
    neu = {k: v for k, v in (erg.get("nachhaltigkeit") or {}).items() if v is not None}
    bisher = dok.get("nachhaltigkeit")
    if isinstance(bisher, dict):
        for k, v in neu.items():  # in place: other keys and comments stay
            bisher[k] = v
    else:
        felder = {feld: neu.get(feld) for feld, _, _ in _NACHHALTIGKEIT}
        setze_abschnitt(dok, "nachhaltigkeit", rt(felder))
    setze_abschnitt(dok, "abschluss", rt(abschluss))


ASSISTENT = Assistent(
    "abschluss",
    "Abschluss",
    "sonstiges",
    (("abschluss", "Abschluss und Nachhaltigkeit", ("abschluss", "nachhaltigkeit")),),
    _fuehre,
    neu_erlaubt=False,
    anwenden=_anwenden,
    voraussetzung=_voraussetzung,
    kurz=True,
    geschehen=(
        "Ein Abschluss",
        "Ein Abschluss hält fest, was geschehen ist: bitte am Tag des Abschlusses oder danach "
        "abschließen (--datum heute oder früher).",
    ),
)
