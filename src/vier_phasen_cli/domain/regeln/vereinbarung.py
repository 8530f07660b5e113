"""Phase 4: Eingliederungsvereinbarung (3.4.1) and Kooperationsplan (3.4.2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vier_phasen_cli.domain.befund import Pruefkontext, Treffer, treffer
from vier_phasen_cli.domain.fallstand import laufende_strategien, pa_durchgefuehrt
from vier_phasen_cli.domain.rechtsstand import rechtsstand_des_falls
from vier_phasen_cli.domain.regeln import REGELWERK as R
from vier_phasen_cli.domain.vereinbarung import (
    EINV,
    KOOPERATIONSPLAN,
    NAMEN,
    TEILHABEPLAN,
    ermessen_bis,
)

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall

_OHNE_VEREINBARUNG = (("vereinbarung",), ("potenzialanalyse",))


def einv_ermessen(fall: Fall, k: Pruefkontext) -> bool:
    bis = ermessen_bis(fall, k.kataloge)
    return bis is not None and k.stichtag < bis


@R.regel(
    "VE001", "fehler", "3.4.1",
    "SGB III: Potenzialanalyse durchgeführt, aber keine Eingliederungsvereinbarung "
    "(bzw. Teilhabeplan)",
    "Nach der Potenzialanalyse ist eine Eingliederungsvereinbarung abzuschließen{reha}",
)  # fmt: skip
def ve001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    pflicht = fall.rechtskreis == "SGB III" and pa_durchgefuehrt(fall)
    if pflicht and fall.vereinbarung is None and not einv_ermessen(fall, k):
        reha = " (oder der Teilhabeplan zu erstellen)" if fall.reha else ""
        yield treffer(*_OHNE_VEREINBARUNG, reha=reha)


@R.regel(
    "VE002", "hinweis", "3.4.1 Fn. 5",
    "SGB III, marktnah, erste drei Monate der Arbeitslosigkeit: EinV nach Ermessen",
    "Marktnah und erst seit Kurzem arbeitslos: bis {bis} entscheidet die Fachkraft, ob eine "
    "Eingliederungsvereinbarung erforderlich ist",
)  # fmt: skip
def ve002(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    if fall.rechtskreis == "SGB III" and pa_durchgefuehrt(fall) and fall.vereinbarung is None:
        bis = ermessen_bis(fall, k.kataloge)
        if bis is not None and k.stichtag < bis:
            yield treffer(*_OHNE_VEREINBARUNG, bis=bis.strftime("%d.%m.%Y"))


@R.regel(
    "VE003", "fehler", "3.4.2",
    "SGB II: Potenzialanalyse durchgeführt, kein Kooperationsplan (außer bei Aufstockenden)",
    "Auf Basis der Potenzialanalyse ist unverzüglich ein Kooperationsplan zu erstellen",
)  # fmt: skip
def ve003(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    pflicht = fall.rechtskreis == "SGB II" and pa_durchgefuehrt(fall) and not fall.aufstocker
    if pflicht and fall.vereinbarung is None:
        yield treffer(*_OHNE_VEREINBARUNG)


@R.regel(
    "VE004", "hinweis", "3.4.2",
    "Aufstockend mit Kooperationsplan (nicht erforderlich)",
    "Aufstockende Personen benötigen keinen Kooperationsplan; die Vermittlung liegt bei der "
    "Agentur für Arbeit",
)  # fmt: skip
def ve004(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if (
        fall.rechtskreis == "SGB II"
        and fall.aufstocker
        and v is not None
        and v.art == KOOPERATIONSPLAN
    ):
        yield treffer(("vereinbarung", "art"))


@R.regel(
    "VE005", "fehler", "3.4.1/3.4.2",
    "Art der Vereinbarung passt nicht zum Rechtskreis (oder Teilhabeplan ohne Reha)",
    "{art} {grund}",
)  # fmt: skip
def ve005(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None:
        return
    # Which types a Rechtskreis has is the Rechtsstand's (SPEC §14): a newer one may differ.
    if v.art not in rechtsstand_des_falls(fall, k.kataloge, k.stichtag).vereinbarung:
        grund = (
            "gibt es im SGB II nicht"
            if fall.rechtskreis == "SGB II"
            else "gibt es im SGB III nicht"
        )
        if v.art == TEILHABEPLAN:
            grund = "ersetzt nur im SGB III die Eingliederungsvereinbarung"
        yield treffer(("vereinbarung", "art"), art=NAMEN[v.art], grund=grund)
    elif v.art == TEILHABEPLAN and not fall.reha:
        yield treffer(
            ("vereinbarung", "art"), art=NAMEN[v.art], grund="gibt es nur für Rehabilitanden"
        )


@R.regel(
    "VE006", "fehler", "3.4.1",
    "EinV ohne Leistungen oder ohne Eigenbemühungen",
    "Die Eingliederungsvereinbarung nennt keine {was}",
)  # fmt: skip
def ve006(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None or v.art != EINV:
        return
    if not v.leistungen:
        yield treffer(("vereinbarung", "leistungen"), ("vereinbarung",), was="Leistungen")
    if not v.eigenbemuehungen:
        yield treffer(
            ("vereinbarung", "eigenbemuehungen"), ("vereinbarung",), was="Eigenbemühungen"
        )


@R.regel(
    "VE007", "fehler", "3.4.3",
    "SGB III: Eigenbemühung ohne Frist (nicht verbindlich terminiert)",
    "Die Eigenbemühung Nr. {nr} ist nicht verbindlich terminiert (Frist fehlt)",
)  # fmt: skip
def ve007(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if fall.rechtskreis != "SGB III" or v is None:
        return
    for i, e in enumerate(v.eigenbemuehungen):
        if e.frist is None:
            yield treffer(("vereinbarung", "eigenbemuehungen", i, "frist"), nr=i + 1)


@R.regel(
    "VE008", "warnung", "3.4.1",
    "EinV nicht als ausgehändigt und erläutert vermerkt",
    "Die Eingliederungsvereinbarung ist nicht als ausgehändigt und erläutert vermerkt",
)  # fmt: skip
def ve008(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is not None and v.art == EINV and v.ausgehaendigt is not True:
        yield treffer(("vereinbarung", "ausgehaendigt"), ("vereinbarung",))


@R.regel(
    "VE009", "fehler", "3.4.2",
    "Kooperationsplan ohne Ziel oder ohne Schritte (Strategien oder Aktivitäten)",
    "Der Kooperationsplan legt kein {was} fest",
)  # fmt: skip
def ve009(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None or v.art != KOOPERATIONSPLAN:
        return
    if not (fall.ziel and fall.ziel.option):
        yield treffer(("ziel",), ("vereinbarung",), was="Eingliederungsziel")
    if not laufende_strategien(fall):
        yield treffer(("strategien",), ("vereinbarung",), was="Schritt zur Eingliederung")


@R.regel(
    "VE010", "warnung", "3.4.2",
    "Kooperationsplan ohne Leistungen, Eigenbemühungen oder Vermittlungsrichtung",
    "Der Kooperationsplan soll festhalten: {was}",
)  # fmt: skip
def ve010(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None or v.art != KOOPERATIONSPLAN:
        return
    fehlt = [
        name
        for name, wert in (
            ("Leistungen", v.leistungen),
            ("Eigenbemühungen", v.eigenbemuehungen),
            ("Vermittlungsrichtung", v.vermittlungsrichtung),
        )
        if not wert
    ]
    if fehlt:
        yield treffer(("vereinbarung",), was=", ".join(fehlt))
