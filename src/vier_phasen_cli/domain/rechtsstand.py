"""The Rechtsstand (SPEC §14): which legal parameters apply to an agreement of a given date.

Pure: the ``rechtsstand`` catalog in, :class:`Rechtsstand` values out. Rules, deadlines and
documents ask here for the agreement types of a Rechtskreis, the review interval, the template,
the citation and whether the Schlichtung (§ 15a SGB II) is offered, so a workspace that adds a
newer Rechtsstand changes all of them without a code change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from vier_phasen_cli.domain.kataloge import Eintrag, Katalog, Kataloge

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall, Vereinbarung

KATALOG = "rechtsstand"
JUNG_BIS = 25
"""§ 37 Abs. 3 SGB III: customers under 25 have their EinV reviewed sooner."""


@dataclass(frozen=True)
class Rechtsstand:
    """One catalog entry's parameters for one Rechtskreis."""

    code: str
    bezeichnung: str
    gilt_ab: date
    rechtskreis: str
    vereinbarung: tuple[str, ...]
    vorlage: str
    vorschrift: str
    ueberpruefung_monate: int
    ueberpruefung_monate_unter_25: int | None
    schlichtung: bool
    gilt_bis: date | None
    hinweis: str | None

    def ueberholt_am(self, tag: date) -> bool:
        """Whether an agreement dated ``tag`` lies after this Rechtsstand's ``gilt_bis`` (RS001)."""
        return self.gilt_bis is not None and tag > self.gilt_bis

    def ueberpruefung(self, geburtsdatum: date | None, ab: date) -> relativedelta:
        """The review interval of an agreement whose interval starts on ``ab``: the customer's
        age on that day decides (SPEC §16)."""
        jung = self.ueberpruefung_monate_unter_25
        if jung is not None and geburtsdatum is not None and alter_am(geburtsdatum, ab) < JUNG_BIS:
            return relativedelta(months=jung)
        return relativedelta(months=self.ueberpruefung_monate)


def alter_am(geburtsdatum: date, tag: date) -> int:
    """Completed years of life on ``tag`` (a person born on 29.02. turns a year older on 01.03.)."""
    jahre = tag.year - geburtsdatum.year
    return jahre - 1 if (tag.month, tag.day) < (geburtsdatum.month, geburtsdatum.day) else jahre


def _regeln(eintrag: Eintrag, rechtskreis: str) -> Mapping[str, Any] | None:
    rechtskreise = eintrag["rechtskreise"] or {}
    regeln = rechtskreise.get(rechtskreis)
    return regeln if isinstance(regeln, Mapping) else None


def rechtsstand_fuer(katalog: Katalog, datum: date, rechtskreis: str) -> Rechtsstand:
    """The Rechtsstand of an agreement dated ``datum`` in ``rechtskreis``: the entry with the
    latest ``gilt_ab`` on or before that day that lists the Rechtskreis. A date before every
    entry uses the earliest one (the tool keeps working for old cases). The catalog schema
    makes sure every Rechtskreis is listed somewhere."""
    kandidaten = sorted(
        (e for e in katalog if _regeln(e, rechtskreis) is not None), key=lambda e: e["gilt_ab"]
    )
    if not kandidaten:
        raise LookupError(f"no Rechtsstand lists {rechtskreis}")
    gewaehlt = kandidaten[0]
    for e in kandidaten:
        if e["gilt_ab"] <= datum:
            gewaehlt = e
    regeln = _regeln(gewaehlt, rechtskreis)
    assert regeln is not None
    return Rechtsstand(
        code=gewaehlt.code,
        bezeichnung=gewaehlt.bezeichnung,
        gilt_ab=gewaehlt["gilt_ab"],
        rechtskreis=rechtskreis,
        vereinbarung=tuple(regeln["vereinbarung"]),
        vorlage=regeln["vorlage"],
        vorschrift=regeln["vorschrift"],
        ueberpruefung_monate=regeln["ueberpruefung_monate"],
        ueberpruefung_monate_unter_25=regeln.get("ueberpruefung_monate_unter_25"),
        schlichtung=bool(regeln.get("schlichtung")),
        gilt_bis=regeln.get("gilt_bis"),
        hinweis=regeln.get("hinweis"),
    )


def stichtag_der_vereinbarung(fall: Fall, ersatz: date) -> date:
    """The day that decides an agreement's Rechtsstand: its ``datum``, else ``ersatz``
    (the document's date, or today for an agreement still to be made)."""
    v = fall.vereinbarung
    return v.datum if v is not None and v.datum is not None else ersatz


def rechtsstand_des_falls(fall: Fall, kataloge: Kataloge, ersatz: date) -> Rechtsstand:
    """The Rechtsstand of the case's agreement (see :func:`stichtag_der_vereinbarung`)."""
    tag = stichtag_der_vereinbarung(fall, ersatz)
    return rechtsstand_fuer(kataloge[KATALOG], tag, fall.rechtskreis)


def ueberpruefen_bis(
    fall: Fall, kataloge: Kataloge, vereinbarung: Vereinbarung | None = None
) -> date | None:
    """The latest day to review an agreement of the case (its current one by default): from
    ``ueberprueft`` or else ``datum``, after the interval of its Rechtsstand (SGB III under
    25: § 37 SGB III); None without a dated agreement."""
    v = vereinbarung or fall.vereinbarung
    ab = (v.ueberprueft or v.datum) if v is not None else None
    if v is None or ab is None:
        return None
    stand = rechtsstand_fuer(kataloge[KATALOG], v.datum or ab, fall.rechtskreis)
    return ab + stand.ueberpruefung(fall.kunde.geburtsdatum, ab)
