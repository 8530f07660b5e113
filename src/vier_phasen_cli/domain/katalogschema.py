"""The schema of a catalog file (SPEC §4) as pydantic models, and building a
:class:`~vier_phasen_cli.domain.kataloge.Katalog` from parsed data. Apart from
``kataloge`` so that using catalogs (in reports, from a cache) needs no pydantic models.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from vier_phasen_cli.domain.kataloge import Eintrag, Katalog, Merkmal, Rechtskreis
from vier_phasen_cli.domain.probleme import Problem, probleme_aus_validierung


class _Eintrag(BaseModel):
    """Every catalog entry: a pinned code and its Bezeichnung; further fields are kept."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    bezeichnung: str = Field(min_length=1)


class _HandlungsbedarfEintrag(_Eintrag):
    schluesselgruppe: str
    fuer_kunden: str | None = None
    reha_pruefen: bool = False


class _StrategieEintrag(_Eintrag):
    handlungsbedarf: str | None
    nur_rechtskreis: Rechtskreis | None = None
    nur_fuer: list[Merkmal] | None = None
    vervollstaendigt_durch: str | None = None


class _AusnahmeEintrag(_Eintrag):
    buchstabe: str | None = None
    nur_rechtskreis: Rechtskreis | None = None
    nur_reha: bool = False
    benoetigt: Literal["bis", "massnahme_ende"] | None = None
    nachholen: Literal["bis", "massnahme_ende", "folgegespraech-oder-6-monate"] | None = None
    bis_hoechstens_monate: int | None = Field(default=None, ge=1, le=120)


class _PrognoseEintrag(_Eintrag):
    nur_rechtskreis: Rechtskreis | None = None
    nur_mit_ausnahme: bool = False
    einv_ermessen_monate: int | None = Field(default=None, ge=1)


class _UnterstuetzungEintrag(_Eintrag):
    entspricht_prognose: str | None = None


class _AbschlussEintrag(_Eintrag):
    nachbetreuung_pruefen: bool = False


class _GespraechsartEintrag(_Eintrag):
    aktivitaeten_pflicht: bool = False
    absolventenmanagement: bool = False


def _iso_tag(wert: Any) -> Any:
    """A catalog date: parsed YAML gives a date, the catalogs' JSON cache its ISO text."""
    if isinstance(wert, str):
        try:
            return date.fromisoformat(wert)
        except ValueError:
            return wert  # refused below as no date
    return wert


Tag = Annotated[date, BeforeValidator(_iso_tag)]
VereinbarungsArt = Literal["eingliederungsvereinbarung", "kooperationsplan", "teilhabeplan"]


class _RechtskreisRegeln(BaseModel):
    """What the Rechtsstand says for one Rechtskreis (SPEC §14)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    vereinbarung: list[VereinbarungsArt] = Field(min_length=1)
    vorlage: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.j2$")
    vorschrift: str = Field(min_length=1)
    ueberpruefung_monate: int = Field(ge=1, le=120)
    ueberpruefung_monate_unter_25: int | None = Field(default=None, ge=1, le=120)
    schlichtung: bool = False
    gilt_bis: Tag | None = None
    hinweis: str | None = None


class _RechtsstandEintrag(_Eintrag):
    gilt_ab: Tag
    rechtskreise: dict[Rechtskreis, _RechtskreisRegeln] = Field(min_length=1)


_EINTRAG_MODELLE: dict[str, type[_Eintrag]] = {
    "rechtsstand": _RechtsstandEintrag,
    "handlungsbedarfe": _HandlungsbedarfEintrag,
    "handlungsstrategien": _StrategieEintrag,
    "ausnahmen": _AusnahmeEintrag,
    "integrationsprognosen": _PrognoseEintrag,
    "unterstuetzungsbedarfe": _UnterstuetzungEintrag,
    "abschlussgruende": _AbschlussEintrag,
    "gespraechsarten": _GespraechsartEintrag,
}


class _KatalogDatei(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    quelle: str = Field(min_length=1)
    wortgetreu: bool = False
    schluesselgruppen: dict[str, str] | None = None
    eintraege: list[_Eintrag] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_eindeutig(self) -> _KatalogDatei:
        gesehen: set[str] = set()
        for e in self.eintraege:
            if e.code in gesehen:
                raise ValueError(f"Code „{e.code}“ kommt mehrfach vor")
            gesehen.add(e.code)
        return self


def _datei_modell(name: str) -> type[_KatalogDatei]:
    """The file model of catalog ``name``: its entries carry that catalog's extra fields."""
    eintrag = _EINTRAG_MODELLE.get(name, _Eintrag)
    if eintrag is _Eintrag:
        return _KatalogDatei
    return create_model(
        f"KatalogDatei_{name}",
        __base__=_KatalogDatei,
        eintraege=(list[eintrag], Field(min_length=1)),  # type: ignore[valid-type]
    )


def baue_katalog(name: str, daten: Any) -> tuple[Katalog | None, list[Problem]]:
    """Validate parsed catalog data; return the catalog or the problems with their paths."""
    modell = _datei_modell(name)
    try:
        geprueft = modell.model_validate(daten)
    except ValidationError as exc:
        return None, probleme_aus_validierung(exc)
    roh = daten if isinstance(daten, Mapping) else {}
    roh_eintraege = roh.get("eintraege", [])
    eintraege = tuple(
        Eintrag(code=e.code, bezeichnung=e.bezeichnung, felder=_felder(e, roh_eintraege[i]))
        for i, e in enumerate(geprueft.eintraege)
    )
    zusatz = {k: v for k, v in roh.items() if k not in ("quelle", "wortgetreu", "eintraege")}
    katalog = Katalog(
        name=name,
        quelle=geprueft.quelle,
        wortgetreu=geprueft.wortgetreu,
        eintraege=eintraege,
        zusatz=zusatz,
    )
    return katalog, []


def _felder(eintrag: BaseModel, roh: Any) -> dict[str, Any]:
    """All fields of an entry, in the file's order, with defaults of the entry model filled in."""
    werte = eintrag.model_dump()
    reihenfolge = list(roh.keys()) if isinstance(roh, Mapping) else []
    felder = {k: werte[k] for k in reihenfolge if k in werte}
    for k, v in werte.items():
        felder.setdefault(k, v)
    return felder
