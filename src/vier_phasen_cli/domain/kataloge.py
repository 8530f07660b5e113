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

from vier_phasen_cli.domain.namen import KATALOG_NAMEN as KATALOG_NAMEN
from vier_phasen_cli.domain.probleme import Problem

Rechtskreis = Literal["SGB II", "SGB III"]
Merkmal = Literal["ausbildungsvermittlung", "reha"]


@dataclass(frozen=True)
class Eintrag:
    """One catalog entry: ``felder`` holds every field in file order, code and Bezeichnung first."""

    code: str
    bezeichnung: str
    felder: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.felder.get(key)

    def kurz(self, hoechstens: int = 80) -> str:
        """The Bezeichnung short enough to quote in a message: a long verbatim text (a
        Leitfrage, an Ausnahme of Anlage 1) up to its first comma or its last whole word
        within ``hoechstens`` characters, then "…"."""
        text = " ".join(self.bezeichnung.split())
        if len(text) <= hoechstens:
            return text
        erster_teil = text.split(",", 1)[0]
        if len(erster_teil) <= hoechstens:
            return erster_teil + " …"
        return text[: hoechstens + 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"


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


@dataclass(frozen=True)
class Kataloge:
    """All catalogs by name, plus the cross-catalog questions rules and wizards ask."""

    alle: Mapping[str, Katalog]
    kennung: str = ""
    """Identifies the catalogs' content (a hash of their files and the Bundesland): caches
    depend on it."""
    bundesland: str | None = None
    """The workspace's Bundesland (``[ablage] bundesland``): whose public holidays move a
    customer's deadline (§ 26 Abs. 3 SGB X). Kept with the catalogs because, like them, it is
    legal reference data every rule and deadline may need, and caches must depend on it."""

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

    def bezeichnung_im_feld(self, katalog: str, feld: str, code: str) -> str:
        """A code an entry's field holds, as people read it: the Bezeichnung of the entry it
        refers to in another catalog, the Schlüsselgruppe's name, a case feature's name; any
        other value unchanged."""
        for name, verweis, ziel in _VERWEISE:
            if (name, verweis) == (katalog, feld) and ziel in self.alle:
                return self[ziel].bezeichnung(code)
        if (katalog, feld) == ("handlungsbedarfe", "schluesselgruppe"):
            return self.schluesselgruppe(code)
        if feld == "nur_fuer":
            return MERKMAL_NAMEN.get(code, code)
        if katalog == "ausnahmen" and feld in ("benoetigt", "nachholen"):
            return AUSNAHME_DATEN.get(code, code)
        return code


MERKMAL_NAMEN = {"ausbildungsvermittlung": "Ausbildungsvermittlung", "reha": "Rehabilitation"}
"""The case features a strategy may be reserved for (``nur_fuer``), by name."""

AUSNAHME_DATEN = {
    "bis": "Ende der Ausnahme (bis)",
    "massnahme_ende": "Ende der Maßnahme (massnahme_ende)",
    "folgegespraech-oder-6-monate": "nächstes Folgegespräch, spätestens nach 6 Monaten",
}
"""The dates of an Ausnahme (Anlage 1) by name, with the field of the case file that holds
them: what an Ausnahme needs (``benoetigt``) and when the Potenzialanalyse is due."""


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
    rechtsstand = kataloge.get("rechtsstand")
    if rechtsstand:
        for rechtskreis in ("SGB II", "SGB III"):
            if not any(rechtskreis in (e["rechtskreise"] or {}) for e in rechtsstand):
                meldung = f"Kein Eintrag nennt den Rechtskreis {rechtskreis}"
                probleme.append(("rechtsstand", Problem(("eintraege",), meldung)))
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
