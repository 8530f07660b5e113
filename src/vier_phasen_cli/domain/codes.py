"""Which catalog each coded field of a case draws from, and which codes a catalog lacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.probleme import Pfad, Problem

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall


class CodeFeld(NamedTuple):
    pfad: Pfad
    katalog: str
    code: str


def codefelder(fall: Fall) -> Iterator[CodeFeld]:
    """Every filled field of ``fall`` whose value is a code from a catalog (SPEC §4)."""
    pfad: Pfad
    pa = fall.potenzialanalyse
    if pa is not None:
        if pa.ausnahme is not None:
            yield CodeFeld(
                ("potenzialanalyse", "ausnahme", "grund"), "ausnahmen", pa.ausnahme.grund
            )
        for i, s in enumerate(pa.staerken):
            yield CodeFeld(("potenzialanalyse", "staerken", i, "art"), "staerken", s.art)
        for i, b in enumerate(pa.handlungsbedarfe):
            pfad = ("potenzialanalyse", "handlungsbedarfe", i, "code")
            yield CodeFeld(pfad, "handlungsbedarfe", b.code)
    if fall.integrationsprognose is not None:
        yield CodeFeld(
            ("integrationsprognose",), "integrationsprognosen", fall.integrationsprognose
        )
    if fall.unterstuetzungsbedarf is not None:
        pfad = ("unterstuetzungsbedarf",)
        yield CodeFeld(pfad, "unterstuetzungsbedarfe", fall.unterstuetzungsbedarf)
    if fall.ziel is not None and fall.ziel.option is not None:
        yield CodeFeld(("ziel", "option"), "zieloptionen", fall.ziel.option)
    for i, st in enumerate(fall.strategien):
        yield CodeFeld(("strategien", i, "code"), "handlungsstrategien", st.code)
        if st.handlungsbedarf is not None:
            pfad = ("strategien", i, "handlungsbedarf")
            yield CodeFeld(pfad, "handlungsbedarfe", st.handlungsbedarf)
    for i, p in enumerate(fall.produkte):
        if p.strategie is not None:
            yield CodeFeld(("produkte", i, "strategie"), "handlungsstrategien", p.strategie)
    for i, g in enumerate(fall.gespraeche):
        yield CodeFeld(("gespraeche", i, "art"), "gespraechsarten", g.art)
        if g.form is not None:
            yield CodeFeld(("gespraeche", i, "form"), "gespraechsformen", g.form)
        if g.prognose is not None:
            yield CodeFeld(("gespraeche", i, "prognose"), "integrationsprognosen", g.prognose)
    if fall.abschluss is not None:
        yield CodeFeld(("abschluss", "grund"), "abschlussgruende", fall.abschluss.grund)


def unbekannte_codes(fall: Fall, kataloge: Kataloge) -> list[Problem]:
    """A problem for every code that its catalog does not contain."""
    return [
        Problem(
            feld.pfad,
            f"Code steht nicht im Katalog {feld.katalog}",
            f"Die gültigen Codes zeigt: vier-phasen katalog {feld.katalog}",
        )
        for feld in codefelder(fall)
        if feld.code not in kataloge[feld.katalog]
    ]
