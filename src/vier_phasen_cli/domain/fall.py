"""The validated case (SPEC §3): one customer's path through the four phases.

The model is what rules, deadlines and views read. It ignores unknown keys (storage keeps
them in the round-trip document; ``pruefen`` reports them) and never coerces loosely: YAML 1.2
``no`` is the string "no", not False, and a date is an ISO date, not a Unix timestamp.
Catalog codes are plain strings here; whether a catalog knows them is a separate check
(:func:`vier_phasen_cli.domain.codes.unbekannte_codes`), so an edited catalog needs no
model change.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from vier_phasen_cli.domain.datum import BEREICH_HINWEIS, im_bereich
from vier_phasen_cli.domain.fall_id import ist_fall_id
from vier_phasen_cli.domain.fallstand import laufende_strategien as laufende_strategien
from vier_phasen_cli.domain.fallstand import pa_durchgefuehrt as pa_durchgefuehrt
from vier_phasen_cli.domain.fallstand import potenzialanalyse_erfolgt as potenzialanalyse_erfolgt
from vier_phasen_cli.domain.fallstand import teilnahmeende as teilnahmeende

_ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

DATUM_HINWEIS = "Bitte ein Datum im Format JJJJ-MM-TT angeben, z. B. 2026-02-28."


def _datum(wert: Any) -> Any:
    """Every date of a case file and of an answers file, whichever reader built it: the one
    place where a date is checked, its range included (SPEC §15)."""
    if wert is None:
        return wert
    if isinstance(wert, datetime):
        raise ValueError(f"Datum mit Uhrzeit ist hier nicht vorgesehen|{DATUM_HINWEIS}")
    if isinstance(wert, str) and _ISO_DATUM.fullmatch(wert.strip()):
        try:
            wert = date.fromisoformat(wert.strip())
        except ValueError:
            raise ValueError(f"Datum gibt es nicht|{DATUM_HINWEIS}") from None
    if not isinstance(wert, date):
        raise ValueError(f"Datum erwartet|{DATUM_HINWEIS}")
    if not im_bereich(wert):
        raise ValueError(f"Datum liegt außerhalb des erlaubten Bereichs|{BEREICH_HINWEIS}")
    return wert


def _format_1(wert: int) -> int:
    if wert != 1:
        raise ValueError(
            "Dateiformat wird nicht unterstützt|Diese Version liest Falldateien mit format: 1."
        )
    return wert


def _leer_als_liste(wert: Any) -> Any:
    return [] if wert is None else wert


def _leer_als_falsch(wert: Any) -> Any:
    return False if wert is None else wert


def _fall_id(wert: Any) -> Any:
    # An all-digit ID is read by YAML as a number; it is still the file's name.
    if isinstance(wert, int) and not isinstance(wert, bool):
        wert = str(wert)
    if isinstance(wert, str) and not ist_fall_id(wert):
        raise ValueError(
            "Fall-ID ist ungültig|Erlaubt sind Buchstaben, Ziffern, Punkt, Binde- und Unterstrich "
            "(höchstens 64 Zeichen, am Anfang ein Buchstabe oder eine Ziffer)."
        )
    return wert


Datum = Annotated[date, BeforeValidator(_datum)]
Schalter = Annotated[bool, Strict(), BeforeValidator(_leer_als_falsch)]
JaNein = Annotated[bool, Strict()]
Text = Annotated[str, Field(min_length=1)]
Rechtskreis = Literal["SGB II", "SGB III"]


class _Abschnitt(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class Kunde(_Abschnitt):
    name: Annotated[str, Field(min_length=1, pattern=r"\S")]
    geburtsdatum: Datum | None = None


class Bedarfsgemeinschaft(_Abschnitt):
    mitglieder: Annotated[int, Strict(), Field(ge=1, le=99)] | None = None
    gemeinsame_gespraeche: Schalter = False
    einwilligung_aller: Schalter = False


class Ausnahme(_Abschnitt):
    grund: str
    bis: Datum | None = None
    massnahme_ende: Datum | None = None
    notiz: str | None = None


class Staerke(_Abschnitt):
    art: str
    text: Text


class Handlungsbedarf(_Abschnitt):
    code: str
    notiz: str | None = None
    erledigt: Datum | None = None


class Potenzialanalyse(_Abschnitt):
    datum: Datum | None = None
    ausnahme: Ausnahme | None = None
    zielberuf: str | None = None
    annaeherung: str | None = None
    bbie: Schalter = False
    stellengesuch: JaNein | None = None
    staerken: Annotated[list[Staerke], BeforeValidator(_leer_als_liste)] = []
    handlungsbedarfe: Annotated[list[Handlungsbedarf], BeforeValidator(_leer_als_liste)] = []


Nummer = Annotated[int, Strict(), Field(ge=1, le=999_999_999)]
"""An item's stable number within its list (SPEC §10): set by the tool, never reused."""


class Zwischenziel(_Abschnitt):
    nr: Nummer | None = None
    text: Text
    bis: Datum | None = None
    erreicht: Datum | None = None


class Ziel(_Abschnitt):
    option: str | None = None
    beschreibung: str | None = None
    zwischenziele: Annotated[list[Zwischenziel], BeforeValidator(_leer_als_liste)] = []


class ZielStand(_Abschnitt):
    """An earlier Ziel, kept when the Zieloption changed (SPEC §16)."""

    datum: Datum
    ziel: Ziel


class PotenzialanalyseStand(_Abschnitt):
    """An earlier Potenzialanalyse (an Ausnahme, or one a second Erstgespräch replaced)."""

    datum: Datum
    potenzialanalyse: Potenzialanalyse


class Aktivitaet(_Abschnitt):
    nr: Nummer | None = None
    wer: Literal["kunde", "fachkraft", "dritte"]
    was: Text
    bis: Datum | None = None
    erledigt: Datum | None = None


class Strategie(_Abschnitt):
    code: str
    handlungsbedarf: str | None = None
    aktivitaeten: Annotated[list[Aktivitaet], BeforeValidator(_leer_als_liste)] = []
    beendet: Datum | None = None
    """The day the strategy ended (SPEC §10): it stays on record with its activities, but no
    longer counts for a need (ST001) and produces no items."""
    beendigungsgrund: str | None = None

    @property
    def laeuft(self) -> bool:
        return self.beendet is None


class Leitfragen(_Abschnitt):
    passgenau: JaNein | None = None
    erfolgswahrscheinlichkeit: JaNein | None = None
    foerdervoraussetzungen: JaNein | None = None


class Produkt(_Abschnitt):
    bezeichnung: Text
    strategie: str | None = None
    beginn: Datum | None = None
    ende: Datum | None = None
    austritt: Datum | None = None
    abbruch: Schalter = False
    bei_arbeitgeber: Schalter = False
    uebernommen: JaNein | None = None
    leitfragen: Leitfragen | None = None
    begruendung: str | None = None
    traeger: str | None = None
    """Who runs the measure (a Träger outside the agency): a recipient of the customer's
    data, which the Auskunft names (SPEC §14)."""


Wiederholung = Literal["monatlich", "woechentlich"]


class Eigenbemuehung(_Abschnitt):
    nr: Nummer | None = None
    text: Text
    frist: Datum | None = None
    erledigt: Datum | None = None
    wiederholung: Wiederholung | None = None
    """A recurring obligation: ticking it done adds the next one (SPEC §10)."""


class Schlichtung(_Abschnitt):
    beantragt: Datum | None = None
    ergebnis: str | None = None


class Vereinbarung(_Abschnitt):
    art: Literal["eingliederungsvereinbarung", "kooperationsplan", "teilhabeplan"]
    datum: Datum | None = None
    ueberprueft: Datum | None = None
    leistungen: Annotated[list[Text], BeforeValidator(_leer_als_liste)] = []
    eigenbemuehungen: Annotated[list[Eigenbemuehung], BeforeValidator(_leer_als_liste)] = []
    andere_traeger: Annotated[list[Text], BeforeValidator(_leer_als_liste)] = []
    integrationskurs: str | None = None
    vermittlungsrichtung: str | None = None
    reha: str | None = None
    ausgehaendigt: JaNein | None = None
    schlichtung: Schlichtung | None = None


class Termine(_Abschnitt):
    folgegespraech: Datum | None = None


class Folgeaktivitaeten(_Abschnitt):
    """The four activities of a Folgegespräch (3.4.3), each a short note of what was done."""

    abgleich: str | None = None
    ueberpruefung: str | None = None
    bewerbungen: str | None = None
    naechste_schritte: str | None = None


class Gespraech(_Abschnitt):
    datum: Datum
    art: str
    form: str | None = None
    anliegen: str | None = None
    prognose: str | None = None
    vermerk: str | None = None
    aktivitaeten: Folgeaktivitaeten | None = None
    produkt: str | None = None


class Nachhaltigkeit(_Abschnitt):
    beschaeftigung_ab: Datum | None = None
    nachbetreuung_geprueft: Datum | None = None


class Abschluss(_Abschnitt):
    datum: Datum
    grund: str
    notiz: str | None = None
    reha_traeger_beendet: Datum | None = None
    """Reha cases: the day the Reha-Träger ended the procedure (3.4.4, SPEC §16)."""
    wiederaufgenommen: Datum | None = None
    """In ``abschluss_historie``: the day the case was reopened (``wiederaufnahme``)."""
    wiederaufnahme_notiz: str | None = None


class Vertretung(_Abschnitt):
    """A caseworker standing in for the responsible one from ``ab`` to ``bis`` (SPEC §10)."""

    fachkraft: Annotated[str, Field(min_length=1, pattern=r"\S")]
    ab: Datum
    bis: Datum


class Wechsel(_Abschnitt):
    """One change of Stammdaten (``stammdaten``, ``uebergabe``): kept for the record."""

    datum: Datum
    feld: str
    von: Any = None
    nach: Any = None
    notiz: str | None = None
    entfernt: dict[str, Any] | None = None


class Wiedervorlage(_Abschnitt):
    """A personal follow-up reminder of the caseworker (SPEC §10)."""

    nr: Nummer | None = None
    am: Datum
    text: Text
    erledigt: Datum | None = None


class Fall(_Abschnitt):
    format: Annotated[int, Strict(), AfterValidator(_format_1)]
    id: Annotated[str, BeforeValidator(_fall_id)]
    status: Literal["aktiv", "abgeschlossen"] = "aktiv"
    kunde: Kunde
    rechtskreis: Rechtskreis
    fachkraft: Annotated[str, Field(min_length=1, pattern=r"\S")]
    vertretung: Vertretung | None = None
    reha: Schalter = False
    ausbildungsvermittlung: Schalter = False
    arbeitslos_seit: Datum | None = None
    aufstocker: Schalter = False
    reha_bedarf_geprueft: Datum | None = None
    bedarfsgemeinschaft: Bedarfsgemeinschaft | None = None
    potenzialanalyse: Potenzialanalyse | None = None
    potenzialanalyse_historie: Annotated[
        list[PotenzialanalyseStand], BeforeValidator(_leer_als_liste)
    ] = []
    integrationsprognose: str | None = None
    unterstuetzungsbedarf: str | None = None
    ziel: Ziel | None = None
    ziel_historie: Annotated[list[ZielStand], BeforeValidator(_leer_als_liste)] = []
    strategien: Annotated[list[Strategie], BeforeValidator(_leer_als_liste)] = []
    produkte: Annotated[list[Produkt], BeforeValidator(_leer_als_liste)] = []
    vereinbarung: Vereinbarung | None = None
    vereinbarung_historie: Annotated[list[Vereinbarung], BeforeValidator(_leer_als_liste)] = []
    termine: Termine | None = None
    wiedervorlagen: Annotated[list[Wiedervorlage], BeforeValidator(_leer_als_liste)] = []
    gespraeche: Annotated[list[Gespraech], BeforeValidator(_leer_als_liste)] = []
    wechsel: Annotated[list[Wechsel], BeforeValidator(_leer_als_liste)] = []
    nachhaltigkeit: Nachhaltigkeit | None = None
    abschluss: Abschluss | None = None
    abschluss_historie: Annotated[list[Abschluss], BeforeValidator(_leer_als_liste)] = []


WER_TEXT = {"kunde": "Kundin/Kunde", "fachkraft": "Fachkraft", "dritte": "Dritte"}
"""Who does an activity (Aktivitaet.wer), as tables and documents say it."""

PHASEN: tuple[str, ...] = (
    "nicht begonnen",
    "1 Potenzialanalyse",
    "2 Ziel",
    "3 Strategie",
    "4 Umsetzen",
)


def erreichte_phase(fall: Fall) -> int:
    """The furthest phase of the 4-Phasen-Modell with content on record (0 = none yet)."""
    if fall.vereinbarung is not None:
        return 4
    if fall.strategien:
        return 3
    if fall.ziel is not None and fall.ziel.option:
        return 2
    return 1 if potenzialanalyse_erfolgt(fall) else 0


_RECHTSKREISE = {
    "sgbii": "SGB II",
    "ii": "SGB II",
    "2": "SGB II",
    "sgb2": "SGB II",
    "sgbiii": "SGB III",
    "iii": "SGB III",
    "3": "SGB III",
    "sgb3": "SGB III",
}


def lies_rechtskreis(text: str) -> Rechtskreis:
    """``SGB II`` / ``SGB III`` from what people type (``sgb2``, ``III``, ``SGB  II``)."""
    schluessel = "".join(text.split()).lower()
    if schluessel not in _RECHTSKREISE:
        raise ValueError(f"„{text}“ ist kein Rechtskreis. Erlaubt: SGB II, SGB III.")
    return "SGB II" if _RECHTSKREISE[schluessel] == "SGB II" else "SGB III"


def listenzeile(fall: Fall) -> dict[str, Any]:
    """The row's values in machine form (codes, ISO dates)."""
    folge = fall.termine.folgegespraech if fall.termine else None
    return {
        "fall": fall.id,
        "name": fall.kunde.name,
        "rechtskreis": fall.rechtskreis,
        "fachkraft": fall.fachkraft,
        "status": fall.status,
        "phase": erreichte_phase(fall),
        "integrationsprognose": fall.integrationsprognose,
        "zieloption": fall.ziel.option if fall.ziel else None,
        "folgegespraech": folge.isoformat() if folge else None,
    }
