"""The answers file of ``--antworten`` (SPEC §5): a partial case document, YAML or JSON.

The models below type it (and give ``--schema`` its JSON Schema); a wrong type is reported
with the answers file's line, like a broken case file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vier_phasen_cli.domain.fall import (
    Bedarfsgemeinschaft,
    Datum,
    Folgeaktivitaeten,
    Kunde,
    Potenzialanalyse,
    Produkt,
    Rechtskreis,
    Schalter,
    Strategie,
    Termine,
    Vereinbarung,
    Ziel,
)
from vier_phasen_cli.domain.probleme import pfad_text, probleme_aus_validierung
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


class FolgegespraechAntworten(_Antworten):
    """Answers for ``vier-phasen folgegespraech``: whole sections replace the case's."""


def lies_antworten(
    quelle: str, modell: type[BaseModel], befehl: str = "", *, mit_schema: bool = True
) -> dict[str, Any]:
    """The answers of ``quelle`` (a path, or ``-`` for stdin) as plain data, checked;
    ``mit_schema``: the command has ``--schema`` (the hint of an error points to it)."""
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
        roh = lies_bytes(pfad)
    if not roh.strip():
        raise DatenFehler("Die Antwortdatei ist leer", datei=pfad, hinweis=aufbau)
    dokument = yamldatei.lade(pfad, roh)
    try:
        geprueft = modell.model_validate(dokument.daten)
    except ValidationError as exc:
        probleme = probleme_aus_validierung(exc)
        erster, *rest = probleme

        def fehler(p: Any) -> VierPhasenFehler:
            ort = pfad_text(p.pfad)
            return VierPhasenFehler(
                f"{ort}: {p.meldung}" if ort else p.meldung,
                pfad,
                yamldatei.zeile_von(dokument.daten, p.pfad),
                p.hinweis,
            )

        erstes = fehler(erster)
        raise DatenFehler(
            f"Antwortdatei: {erstes.meldung}",
            datei=pfad,
            zeile=erstes.zeile,
            hinweis=erstes.hinweis or aufbau,
            weitere=[fehler(p) for p in rest],
        ) from None
    return geprueft.model_dump(exclude_unset=True)


def schema(modell: type[BaseModel]) -> dict[str, Any]:
    return modell.model_json_schema()
