"""The catalogs of the Integrationskonzept (Anlagen 1–3 and smaller lists) as typed values.

Pure: this module validates catalog *data* that storage has already parsed and answers
questions about it (which strategies belong to a need, which Ausnahmen fit a case). It never
reads files. Every rule that depends on a catalog asks it here, so an edited catalog changes
the checks without a code change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from vier_phasen_cli.domain.probleme import Problem, probleme_aus_validierung

# Pinned catalog names (SPEC §4), in the order `katalog` lists them.
KATALOG_NAMEN: tuple[str, ...] = (
    "zieloptionen",
    "handlungsbedarfe",
    "handlungsstrategien",
    "ausnahmen",
    "integrationsprognosen",
    "unterstuetzungsbedarfe",
    "staerken",
    "abschlussgruende",
    "folgegespraech",
    "leitfragen",
    "gespraechsarten",
    "gespraechsformen",
)

Rechtskreis = Literal["SGB II", "SGB III"]
Merkmal = Literal["ausbildungsvermittlung", "reha"]


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


_EINTRAG_MODELLE: dict[str, type[_Eintrag]] = {
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


@dataclass(frozen=True)
class Eintrag:
    """One catalog entry: ``felder`` holds every field in file order, code and Bezeichnung first."""

    code: str
    bezeichnung: str
    felder: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.felder.get(key)


@dataclass(frozen=True)
class Katalog:
    name: str
    quelle: str
    wortgetreu: bool
    eintraege: tuple[Eintrag, ...]
    zusatz: Mapping[str, Any] = field(default_factory=dict)
    _nach_code: dict[str, Eintrag] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        nach_code: dict[str, Eintrag] = {}
        for e in self.eintraege:
            nach_code.setdefault(e.code, e)  # the first of duplicates, as a search would find
        object.__setattr__(self, "_nach_code", nach_code)

    def __iter__(self) -> Iterator[Eintrag]:
        return iter(self.eintraege)

    def __len__(self) -> int:
        return len(self.eintraege)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._nach_code

    def get(self, code: str | None) -> Eintrag | None:
        return self._nach_code.get(code) if code is not None else None

    def bezeichnung(self, code: str | None) -> str:
        """The Bezeichnung for ``code``; the code itself when the catalog does not know it."""
        eintrag = self.get(code)
        return eintrag.bezeichnung if eintrag else str(code)

    def codes(self) -> list[str]:
        return [e.code for e in self.eintraege]


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


@dataclass(frozen=True)
class Kataloge:
    """All catalogs by name, plus the cross-catalog questions rules and wizards ask."""

    alle: Mapping[str, Katalog]
    kennung: str = ""
    """Identifies the catalogs' content (a hash of their files): caches depend on it."""

    def __getitem__(self, name: str) -> Katalog:
        return self.alle[name]

    def __iter__(self) -> Iterator[Katalog]:
        return iter(self.alle[n] for n in KATALOG_NAMEN if n in self.alle)

    def strategien_fuer(self, handlungsbedarf: str | None) -> list[Eintrag]:
        """Strategies that work on ``handlungsbedarf`` (None: those without a need)."""
        return [e for e in self["handlungsstrategien"] if e["handlungsbedarf"] == handlungsbedarf]

    def bedarf_fuer_kunden(self, code: str) -> str:
        """How customer documents name a need: respectful wording, else the Bezeichnung."""
        eintrag = self["handlungsbedarfe"].get(code)
        if eintrag is None:
            return code
        return str(eintrag["fuer_kunden"] or eintrag.bezeichnung)

    def schluesselgruppe(self, code: str) -> str:
        gruppen = self["handlungsbedarfe"].zusatz.get("schluesselgruppen") or {}
        return str(gruppen.get(code, code))


# (catalog, field, catalog its values come from)
_VERWEISE = (
    ("handlungsstrategien", "handlungsbedarf", "handlungsbedarfe"),
    ("handlungsstrategien", "vervollstaendigt_durch", "handlungsstrategien"),
    ("unterstuetzungsbedarfe", "entspricht_prognose", "integrationsprognosen"),
)


def querbezuege(kataloge: Mapping[str, Katalog]) -> list[tuple[str, Problem]]:
    """Problems between catalogs: references to codes another catalog does not have."""
    probleme: list[tuple[str, Problem]] = []
    for name, feld, ziel_name in _VERWEISE:
        katalog, ziel = kataloge.get(name), kataloge.get(ziel_name)
        if katalog is None or ziel is None:
            continue
        for i, e in enumerate(katalog):
            wert = e[feld]
            if wert is not None and wert not in ziel:
                meldung = f"Code „{wert}“ steht nicht im Katalog {ziel_name}"
                probleme.append((name, Problem(("eintraege", i, feld), meldung)))
    bedarfe = kataloge.get("handlungsbedarfe")
    if bedarfe:
        gruppen = bedarfe.zusatz.get("schluesselgruppen")
        if isinstance(gruppen, Mapping):
            for i, e in enumerate(bedarfe):
                if e["schluesselgruppe"] not in gruppen:
                    meldung = f"Schlüsselgruppe „{e['schluesselgruppe']}“ ist nicht aufgeführt"
                    pfad = ("eintraege", i, "schluesselgruppe")
                    probleme.append(("handlungsbedarfe", Problem(pfad, meldung)))
    return probleme
