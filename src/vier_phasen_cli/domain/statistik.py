"""``statistik`` (SPEC §13, counting rules §16): the structure of a caseload as counts.

Pure: each case's head, :class:`~vier_phasen_cli.domain.fallmerkmale.Fallmerkmale`, items and
whether it has error-level findings in, a :class:`Statistik` out. Groups count active cases,
a case once per code it has; closed cases count only in ``faelle.abgeschlossen`` and
``abschlussgrund``. Every catalog code appears in its group, with 0 where no case has it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from vier_phasen_cli.domain.fallmerkmale import PHASEN, Fallmerkmale
from vier_phasen_cli.domain.fristen import Fallkopf, Frist, fachkraft_schluessel
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.kontakt import letzter_kontakt, ohne_kontakt

RECHTSKREISE: tuple[str, ...] = ("SGB II", "SGB III")
KATALOG_DER_GRUPPE: dict[str, str] = {
    "integrationsprognose": "integrationsprognosen",
    "zieloption": "zieloptionen",
    "handlungsbedarf": "handlungsbedarfe",
    "handlungsstrategie": "handlungsstrategien",
    "abschlussgrund": "abschlussgruende",
}
GRUPPEN: tuple[str, ...] = ("rechtskreis", "fachkraft", "phase", *KATALOG_DER_GRUPPE)
"""The groups in the order of the pinned JSON."""
PROZESS: tuple[str, ...] = (
    "ohne_vereinbarung",
    "ueberpruefung_ueberfaellig",
    "ueberfaellig",
    "ohne_kontakt",
    "mit_fehlern",
)
DAUER: tuple[str, ...] = ("bis_vereinbarung_median", "seit_letztem_kontakt_median")

Median = int | float | None
"""Whole days where the median is whole, else a half day; None without data."""


class Statistikfall(NamedTuple):
    """What is counted of one case."""

    kopf: Fallkopf
    merkmale: Fallmerkmale
    fristen: Sequence[Frist]
    """Its deadline items, at least those due before the Stichtag (only they are counted)."""
    mit_fehlern: bool
    """The case has an error-level finding (``pruefen`` with the workspace's settings)."""


@dataclass(frozen=True)
class Statistik:
    stichtag: date
    aktiv: int
    abgeschlossen: int
    gruppen: dict[str, dict[str, int]]
    """Group → code → number of cases, every group and code of ``GRUPPEN`` present."""
    prozess: dict[str, int]
    dauer_tage: dict[str, Median]


def zaehle(
    faelle: Iterable[Statistikfall], stichtag: date, kontakt_tage: int, kataloge: Kataloge
) -> Statistik:
    """Count ``faelle`` (already filtered) on ``stichtag``."""
    gruppen: dict[str, dict[str, int]] = {
        "rechtskreis": dict.fromkeys(RECHTSKREISE, 0),
        "phase": dict.fromkeys(PHASEN, 0),
    }
    for gruppe, katalog in KATALOG_DER_GRUPPE.items():
        gruppen[gruppe] = dict.fromkeys(kataloge[katalog].codes(), 0)
    namen: dict[str, Counter[str]] = {}  # Fachkraft as she is matched → spellings
    prozess = dict.fromkeys(PROZESS, 0)
    bis_vereinbarung: list[int] = []
    seit_kontakt: list[int] = []
    aktiv = abgeschlossen = 0

    def zaehle_code(gruppe: str, code: str | None) -> None:
        zaehler = gruppen[gruppe]
        if code in zaehler:  # a code not in its catalog (KA001) is counted nowhere
            zaehler[code] += 1

    for kopf, m, fristen, mit_fehlern in faelle:
        if kopf.status != "aktiv":
            abgeschlossen += 1
            zaehle_code("abschlussgrund", m.abschlussgrund)
            continue
        aktiv += 1
        zaehle_code("rechtskreis", kopf.rechtskreis)
        namen.setdefault(fachkraft_schluessel(kopf.fachkraft), Counter())[kopf.fachkraft] += 1
        zaehle_code("phase", m.phase)
        zaehle_code("integrationsprognose", m.integrationsprognose)
        zaehle_code("zieloption", m.zieloption)
        for code in m.handlungsbedarfe:
            zaehle_code("handlungsbedarf", code)
        for code in m.strategien:
            zaehle_code("handlungsstrategie", code)
        if not m.vereinbarung:
            prozess["ohne_vereinbarung"] += 1
        ueberfaellig = [f for f in fristen if f.faellig_am < stichtag]
        if any(f.art == "vereinbarung-ueberpruefen" for f in ueberfaellig):
            prozess["ueberpruefung_ueberfaellig"] += 1
        if ueberfaellig:
            prozess["ueberfaellig"] += 1
        letzter = letzter_kontakt(m.gespraeche, stichtag)
        if ohne_kontakt(letzter, stichtag, kontakt_tage):
            prozess["ohne_kontakt"] += 1
        if letzter is not None:
            seit_kontakt.append((stichtag - letzter).days)
        if mit_fehlern:
            prozess["mit_fehlern"] += 1
        if m.tage_bis_vereinbarung is not None:
            bis_vereinbarung.append(m.tage_bis_vereinbarung)

    gruppen["fachkraft"] = {
        name: sum(schreibweisen.values())
        for name, schreibweisen in sorted(
            ((_haeufigste(s), s) for s in namen.values()), key=lambda ns: ns[0].casefold()
        )
    }
    return Statistik(
        stichtag,
        aktiv,
        abgeschlossen,
        {gruppe: gruppen[gruppe] for gruppe in GRUPPEN},
        prozess,
        {
            "bis_vereinbarung_median": median(bis_vereinbarung),
            "seit_letztem_kontakt_median": median(seit_kontakt),
        },
    )


def _haeufigste(schreibweisen: Counter[str]) -> str:
    """The spelling of a Fachkraft's name most cases use (the first in order on a tie)."""
    return min(schreibweisen, key=lambda name: (-schreibweisen[name], name))


def median(werte: Sequence[int]) -> Median:
    """The median of ``werte`` (the mean of the middle two for an even number); None for
    none."""
    if not werte:
        return None
    mitte = statistics.median(werte)
    return int(mitte) if float(mitte).is_integer() else mitte


def verborgen(anzahl: int, geheimhaltung: int | None) -> int | None:
    """``anzahl``, or None where ``--geheimhaltung N`` hides it (1 … N−1: so few cases that
    they could be recognised)."""
    if geheimhaltung is not None and 0 < anzahl < geheimhaltung:
        return None
    return anzahl
