"""The answers file of ``--antworten`` (SPEC §5): a partial case document, YAML or JSON.

The models below type it (and give ``--schema`` its JSON Schema); a wrong type is reported
with the answers file's line, like a broken case file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vier_phasen_cli.domain.fall import (
    Bedarfsgemeinschaft,
    Datum,
    Folgeaktivitaeten,
    Kunde,
    Nummer,
    Potenzialanalyse,
    Produkt,
    Rechtskreis,
    Schalter,
    Strategie,
    Termine,
    Text,
    Vereinbarung,
    Wiederholung,
    Ziel,
)
from vier_phasen_cli.domain.probleme import Problem, pfad_text, probleme_aus_validierung
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.rohdaten import MAX_BYTES, lies_bytes


class VereinbarungAntwort(Vereinbarung):
    """As in the case file; the wizard knows the ``art`` from the Rechtskreis."""

    art: Literal["eingliederungsvereinbarung", "kooperationsplan", "teilhabeplan"] | None = None  # type: ignore[assignment]


class GespraechAntwort(BaseModel):
    """The conversation of this wizard run; it becomes a new entry in ``gespraeche``, dated
    ``--datum``, of the wizard's kind (Erstgespräch, Folgegespräch, Absolventengespräch)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    form: str | None = Field(default=None, description="Code aus dem Katalog gespraechsformen")
    anliegen: str | None = None
    vermerk: str | None = Field(default=None, description="Text des Beratungsvermerks")
    prognose: str | None = Field(
        default=None, description="Vorgabe: die Integrationsprognose des Falls"
    )
    aktivitaeten: Folgeaktivitaeten | None = Field(
        default=None, description="Folgegespräch (3.4.3)"
    )
    produkt: str | None = Field(default=None, description="Absolventengespräch: die Maßnahme")


class _Antworten(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    reha_bedarf_geprueft: Datum | None = None
    bedarfsgemeinschaft: Bedarfsgemeinschaft | None = None
    potenzialanalyse: Potenzialanalyse | None = None
    integrationsprognose: str | None = None
    unterstuetzungsbedarf: str | None = None
    ziel: Ziel | None = None
    strategien: list[Strategie] | None = None
    produkte: list[Produkt] | None = None
    vereinbarung: VereinbarungAntwort | None = None
    termine: Termine | None = None
    gespraech: GespraechAntwort | None = None


class ErstgespraechAntworten(_Antworten):
    """Answers for ``vier-phasen erstgespraech``; the Stammdaten only for a new case."""

    kunde: Kunde | None = None
    rechtskreis: Rechtskreis | None = None
    fachkraft: Annotated[str, Field(min_length=1)] | None = None
    reha: Schalter | None = None
    ausbildungsvermittlung: Schalter | None = None
    arbeitslos_seit: Datum | None = None
    aufstocker: Schalter | None = None


class EigenbemuehungTeil(BaseModel):
    """An Eigenbemühung named in a Folgegespräch: by ``nr`` only its named fields change;
    without ``nr`` (or with a new one) it is added and needs its ``text``."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    nr: Nummer | None = Field(default=None, description="Nummer der bestehenden Eigenbemühung")
    text: Text | None = None
    frist: Datum | None = None
    erledigt: Datum | None = None
    wiederholung: Wiederholung | None = None


class VereinbarungFolge(VereinbarungAntwort):
    """A Folgegespräch's Vereinbarung: updated in place or given anew (see
    ``wizard/verschmelzen``)."""

    eigenbemuehungen: list[EigenbemuehungTeil] = Field(default_factory=list)  # type: ignore[assignment]


class ZwischenzielTeil(BaseModel):
    """A Zwischenziel named in a Folgegespräch: by ``nr`` only its named fields change;
    without ``nr`` (or with a new one) it is added and needs its ``text``."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    nr: Nummer | None = Field(default=None, description="Nummer des bestehenden Zwischenziels")
    text: Text | None = None
    bis: Datum | None = None
    erreicht: Datum | None = None


class ZielFolge(Ziel):
    """A Folgegespräch's Ziel: naming only ``zwischenziele`` keeps the rest."""

    zwischenziele: list[ZwischenzielTeil] = Field(default_factory=list)  # type: ignore[assignment]


class AktivitaetTeil(BaseModel):
    """An Aktivität named in a Folgegespräch: by ``nr`` only its named fields change; a new
    one needs ``wer`` and ``was``."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    nr: Nummer | None = Field(default=None, description="Nummer der bestehenden Aktivität")
    wer: Literal["kunde", "fachkraft", "dritte"] | None = None
    was: Text | None = None
    bis: Datum | None = None
    erledigt: Datum | None = None


class StrategieFolge(Strategie):
    """A strategy named by its ``code``; its Aktivitäten by ``nr``."""

    aktivitaeten: list[AktivitaetTeil] = Field(default_factory=list)  # type: ignore[assignment]


class FolgegespraechAntworten(_Antworten):
    """Answers for ``vier-phasen folgegespraech``: whole sections replace the case's, but
    the lists of SPEC §16 are merged by identity (``wizard/verschmelzen``)."""

    ziel: ZielFolge | None = None
    strategien: list[StrategieFolge] | None = None  # type: ignore[assignment]
    vereinbarung: VereinbarungFolge | None = None


def lies_antworten(
    quelle: str,
    modell: type[BaseModel],
    befehl: str = "",
    *,
    mit_schema: bool = True,
    nachpruefung: Callable[[dict[str, Any]], list[Problem]] | None = None,
) -> dict[str, Any]:
    """The answers of ``quelle`` (a path, or ``-`` for stdin) as plain data, checked;
    ``mit_schema``: the command has ``--schema`` (the hint of an error points to it);
    ``nachpruefung``: what the answers lack beyond their model (against the case), reported
    like a model error, with the answers file's lines."""
    aufbau = (
        f"Aufbau der Antwortdatei: vier-phasen {befehl or 'BEFEHL'} --schema"
        if mit_schema
        else f"Die Schlüssel der Antwortdatei heißen wie die Felder der Falldatei; welche es "
        f"gibt, zeigt vier-phasen {befehl} --help."
    )
    if quelle == "-":
        pfad = Path("<stdin>")
        roh = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        pfad = Path(quelle)
        if not pfad.is_file():
            raise VierPhasenFehler("Antwortdatei nicht gefunden", datei=pfad)
        roh = lies_bytes(pfad, link_erlaubt=True)  # a file the user named himself
    if not roh.strip():
        raise DatenFehler("Die Antwortdatei ist leer", datei=pfad, hinweis=aufbau)
    dokument = yamldatei.lade(pfad, roh)
    try:
        daten = modell.model_validate(dokument.daten).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise _antwortfehler(probleme_aus_validierung(exc), pfad, dokument, aufbau) from None
    probleme = nachpruefung(daten) if nachpruefung is not None else []
    if probleme:
        raise _antwortfehler(probleme, pfad, dokument, aufbau)
    return daten


def _antwortfehler(
    probleme: list[Problem], pfad: Path, dokument: yamldatei.YamlDokument, aufbau: str
) -> DatenFehler:
    """One error for ``probleme`` of the answers file ``pfad``, each with its line."""

    def fehler(p: Problem) -> VierPhasenFehler:
        ort = pfad_text(p.pfad)
        return VierPhasenFehler(
            f"{ort}: {p.meldung}" if ort else p.meldung,
            pfad,
            yamldatei.zeile_von(dokument.daten, p.pfad),
            p.hinweis,
        )

    erstes, *rest = (fehler(p) for p in probleme)
    return DatenFehler(
        f"Antwortdatei: {erstes.meldung}",
        datei=pfad,
        zeile=erstes.zeile,
        hinweis=erstes.hinweis or aufbau,
        weitere=rest,
    )


BESCHREIBUNGEN: dict[str, str] = {
    "ErstgespraechAntworten": "Antworten für „vier-phasen erstgespraech“. Ein genannter "
    "Abschnitt ersetzt den des Falls; die Stammdaten (kunde, rechtskreis, fachkraft …) nur "
    "für einen neuen Fall.",
    "FolgegespraechAntworten": "Antworten für „vier-phasen folgegespraech“. Ein genannter "
    "Abschnitt ersetzt den des Falls; Strategien (nach code), Produkte (nach bezeichnung und "
    "beginn) und die Einträge in Vereinbarung, Ziel und Strategien (nach nr) werden "
    "zusammengeführt: nicht genannte bleiben, wie sie sind.",
    "AbschlussAntworten": "Antworten für „vier-phasen abschluss“: ein Teil der Falldatei.",
    "AbschlussAngaben": "Der Abschnitt abschluss (sein Datum ist --datum).",
    "NachhaltigkeitAngaben": "Der Abschnitt nachhaltigkeit (3.4.4).",
    "GespraechAntwort": "Das Gespräch dieses Laufs: ein neuer Eintrag in gespraeche mit dem "
    "Datum von --datum, als Erstgespräch, Folgegespräch oder Absolventengespräch.",
    "Folgeaktivitaeten": "Die vier Aktivitäten eines Folgegesprächs (3.4.3), je eine kurze "
    "Notiz, was geschehen ist.",
    "VereinbarungAntwort": "Wie in der Falldatei; ohne art ergibt sie sich aus dem Rechtskreis.",
    "VereinbarungFolge": "Nennt die Antwort nur eigenbemuehungen, ueberprueft, ausgehaendigt "
    "oder schlichtung, wird die bestehende Vereinbarung fortgeschrieben (Datum und übrige "
    "Angaben bleiben). Jede andere Angabe (art, datum, leistungen, andere_traeger …) schließt "
    "sie neu ab: Die bisherige kommt in die vereinbarung_historie.",
    "EigenbemuehungTeil": "Mit nr ändern sich nur die genannten Angaben der Eigenbemühung; "
    "ohne nr (oder mit einer neuen) kommt sie hinzu und braucht ihren text.",
    "ZielFolge": "Nennt die Antwort nur zwischenziele, bleibt das Ziel, wie es ist; eine "
    "neue option bringt das bisherige Ziel in die ziel_historie.",
    "ZwischenzielTeil": "Mit nr ändern sich nur die genannten Angaben des Zwischenziels; "
    "ohne nr (oder mit einer neuen) kommt es hinzu und braucht seinen text.",
    "StrategieFolge": "Eine Strategie, erkannt an ihrem code; ihre Aktivitäten nach nr.",
    "AktivitaetTeil": "Mit nr ändern sich nur die genannten Angaben der Aktivität; ohne nr "
    "(oder mit einer neuen) kommt sie hinzu und braucht wer und was.",
}
"""The German description of each answers model in ``--schema`` (by its title): a scripter
reads them, so they are not the models' (English) docstrings."""


def schema(modell: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of an answers model, described in German."""
    ergebnis = modell.model_json_schema()
    for teil in (ergebnis, *ergebnis.get("$defs", {}).values()):
        beschreibung = BESCHREIBUNGEN.get(teil.get("title", ""))
        if beschreibung is not None:
            teil["description"] = beschreibung
        else:
            teil.pop("description", None)  # a docstring, written for developers
    return ergebnis
