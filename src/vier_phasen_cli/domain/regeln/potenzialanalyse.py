"""Phase 1 and 2: Potenzialanalyse (3.1, Anlage 1) and Ziel (3.2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from vier_phasen_cli.domain.befund import Pruefkontext, Treffer, treffer
from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fallstand import pa_durchgefuehrt, potenzialanalyse_erfolgt
from vier_phasen_cli.domain.kataloge import AUSNAHME_DATEN, Eintrag
from vier_phasen_cli.domain.regeln import REGELWERK as R

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Ausnahme, Fall


@R.regel(
    "PA001", "fehler", "3.1",
    "Gespräch dokumentiert, aber keine Potenzialanalyse (weder Datum noch Ausnahme)",
    "Es ist ein Gespräch dokumentiert, aber keine Potenzialanalyse (kein Datum, keine Ausnahme "
    "nach Anlage 1)",
)  # fmt: skip
def pa001(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    if fall.gespraeche and not potenzialanalyse_erfolgt(fall):
        yield treffer(("potenzialanalyse",), ("gespraeche",))


@R.regel(
    "PA002", "fehler", "3.1.1",
    "Potenzialanalyse ohne Zielberuf und ohne Annäherung",
    "Die Potenzialanalyse ist an keinem Zielberuf ausgerichtet und nennt auch keine Annäherung "
    "(Berufsgruppe, Jobfamilie)",
)  # fmt: skip
def pa002(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    pa = fall.potenzialanalyse
    if pa is not None and pa_durchgefuehrt(fall) and not pa.zielberuf and not pa.annaeherung:
        yield treffer(("potenzialanalyse", "zielberuf"), ("potenzialanalyse",))


@R.regel(
    "PA003", "warnung", "3.1.1",
    "Zielberuf offen und kein Folgegespräch terminiert",
    "Der Zielberuf ist noch offen, aber es ist kein Folgegespräch terminiert, in dem er "
    "festgelegt wird",
)  # fmt: skip
def pa003(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    pa = fall.potenzialanalyse
    if pa is None or not pa_durchgefuehrt(fall) or pa.zielberuf:
        return
    termin = fall.termine.folgegespraech if fall.termine else None
    if termin is None or termin < k.stichtag:
        yield treffer(("termine", "folgegespraech"), ("potenzialanalyse", "annaeherung"))


@R.regel(
    "PA004", "fehler", "3.1.2",
    "Potenzialanalyse ohne Stärken",
    "Die Potenzialanalyse erfasst keine Stärke (Stärkenanalyse)",
)  # fmt: skip
def pa004(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    pa = fall.potenzialanalyse
    if pa is not None and pa_durchgefuehrt(fall) and not pa.staerken:
        yield treffer(("potenzialanalyse", "staerken"), ("potenzialanalyse",))


def _ausnahme(fall: Fall, k: Pruefkontext) -> tuple[Ausnahme, Eintrag] | None:
    """The case's Anlage 1 Ausnahme with its catalog entry, if it has a known one."""
    pa = fall.potenzialanalyse
    if pa is None or pa.ausnahme is None:
        return None
    eintrag = k.kataloge["ausnahmen"].get(pa.ausnahme.grund)
    return (pa.ausnahme, eintrag) if eintrag is not None else None


def _name(eintrag: Eintrag) -> str:
    """An Ausnahme as a message names it: its letter in Anlage 1 and its (shortened) text."""
    buchstabe = f"{eintrag['buchstabe']}) " if eintrag["buchstabe"] else ""
    return f"{buchstabe}„{eintrag.kurz()}“"


@R.regel(
    "PA005", "fehler", "Anlage 1",
    "Ausnahme passt nicht zum Rechtskreis oder gilt nur für Rehabilitanden",
    "Die Ausnahme {ausnahme} gilt {grund}",
)  # fmt: skip
def pa005(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    gefunden = _ausnahme(fall, k)
    if gefunden is None:
        return
    _, eintrag = gefunden
    pfad = ("potenzialanalyse", "ausnahme", "grund")
    if eintrag["nur_rechtskreis"] and eintrag["nur_rechtskreis"] != fall.rechtskreis:
        grund = f"nur im {eintrag['nur_rechtskreis']}"
        yield treffer(pfad, ausnahme=_name(eintrag), grund=grund)
    if eintrag["nur_reha"] and not fall.reha:
        yield treffer(
            pfad, ausnahme=_name(eintrag), grund="nur für Rehabilitandinnen und Rehabilitanden"
        )


@R.regel(
    "PA006", "fehler", "Anlage 1",
    "Ausnahme ohne ihr Datum (bis bzw. massnahme_ende)",
    "Die Ausnahme {ausnahme} braucht ein Datum: {feld}",
)  # fmt: skip
def pa006(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    gefunden = _ausnahme(fall, k)
    if gefunden is None:
        return
    ausnahme, eintrag = gefunden
    feld = eintrag["benoetigt"]
    if feld and getattr(ausnahme, feld, None) is None:
        yield treffer(
            ("potenzialanalyse", "ausnahme", feld), ("potenzialanalyse", "ausnahme"),
            ausnahme=_name(eintrag), feld=AUSNAHME_DATEN.get(feld, feld),
        )  # fmt: skip


@R.regel(
    "PA007", "fehler", "3.1",
    "SGB II: gemeinsame Gespräche mit der Bedarfsgemeinschaft ohne Einwilligung aller",
    "Gespräche mit der gesamten Bedarfsgemeinschaft sind vorgesehen, aber die Einwilligung aller "
    "Mitglieder ist nicht dokumentiert",
)  # fmt: skip
def pa007(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    bg = fall.bedarfsgemeinschaft
    if (
        fall.rechtskreis == "SGB II"
        and bg
        and bg.gemeinsame_gespraeche
        and not bg.einwilligung_aller
    ):
        yield treffer(("bedarfsgemeinschaft", "einwilligung_aller"), ("bedarfsgemeinschaft",))


@R.regel(
    "ZI001", "fehler", "3.2",
    "Potenzialanalyse durchgeführt, aber keine Zieloption",
    "Die Potenzialanalyse ist durchgeführt, aber es ist kein Ziel (Zieloption nach Anlage 2) "
    "festgelegt",
)  # fmt: skip
def zi001(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    if pa_durchgefuehrt(fall) and not (fall.ziel and fall.ziel.option):
        yield treffer(("ziel", "option"), ("potenzialanalyse",))


@R.regel(
    "ZI002", "warnung", "3.2",
    "Zwischenziel ohne Datum (nicht überprüfbar)",
    "Das Zwischenziel Nr. {nr} hat kein Datum und ist damit nicht überprüfbar",
)  # fmt: skip
def zi002(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    for i, z in enumerate(fall.ziel.zwischenziele if fall.ziel else []):
        if z.bis is None and z.erreicht is None:
            yield treffer(("ziel", "zwischenziele", i, "bis"), nr=i + 1)


@R.regel(
    "AN001", "warnung", "Anlage 1",
    "Ausnahme a): das Ende liegt mehr als 2 Monate nach dem Erstgespräch",
    "Die Ausnahme{buchstabe} setzt voraus, dass das Ende i. d. R. innerhalb der nächsten "
    "{monate} Monate feststeht; {bis} liegt mehr als {monate} Monate nach dem {bezug}",
)  # fmt: skip
def an001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    gefunden = _ausnahme(fall, k)
    if gefunden is None:
        return
    ausnahme, eintrag = gefunden
    monate = eintrag["bis_hoechstens_monate"]
    pa = fall.potenzialanalyse
    # When the Potenzialanalyse would have been due: at the first conversation (SPEC §16).
    bezug = min((g.datum for g in fall.gespraeche), default=pa.datum if pa else None)
    if not monate or ausnahme.bis is None or bezug is None:
        return
    if ausnahme.bis > bezug + relativedelta(months=monate):
        yield treffer(
            ("potenzialanalyse", "ausnahme", "bis"), ("potenzialanalyse", "ausnahme"),
            buchstabe=f" nach Anlage 1 {eintrag['buchstabe']})" if eintrag["buchstabe"] else "",
            monate=monate, bis=deutsch(ausnahme.bis), bezug=deutsch(bezug),
        )  # fmt: skip
