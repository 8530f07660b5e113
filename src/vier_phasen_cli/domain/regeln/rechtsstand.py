"""The Rechtsstand and the calendar (SPEC §14): an agreement under outdated law, the § 15a
Schlichtung never addressed, an appointment on a day the office is closed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vier_phasen_cli.domain.arbeitstage import arbeitstag, feiertag
from vier_phasen_cli.domain.befund import Pruefkontext, Treffer, treffer
from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.rechtsstand import rechtsstand_fuer
from vier_phasen_cli.domain.regeln import REGELWERK as R
from vier_phasen_cli.domain.vereinbarung import KOOPERATIONSPLAN, NAMEN

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall


@R.regel(
    "RS001", "warnung", "3.4.1/3.4.2",
    "Vereinbarung liegt nach dem Ende (gilt_bis) ihres Rechtsstands",
    "{art} vom {datum} liegt nach dem Ende des Rechtsstands „{stand}“ ({bis}): Rechtsstand "
    "prüfen{hinweis}",
)  # fmt: skip
def rs001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None or v.datum is None:
        return
    stand = rechtsstand_fuer(k.kataloge["rechtsstand"], v.datum, fall.rechtskreis)
    if stand.ueberholt_am(v.datum) and stand.gilt_bis is not None:
        yield treffer(
            ("vereinbarung", "datum"), ("vereinbarung",),
            art=NAMEN[v.art], datum=deutsch(v.datum), stand=stand.bezeichnung,
            bis=f"gilt bis {deutsch(stand.gilt_bis)}",
            hinweis=f". {stand.hinweis}" if stand.hinweis else "",
        )  # fmt: skip


@R.regel(
    "SC001", "hinweis", "3.4.2",
    "Kooperationsplan: Schlichtungsverfahren (§ 15a SGB II) nie angesprochen",
    "Beim Kooperationsplan ist nicht festgehalten, ob ein Schlichtungsverfahren nach § 15a "
    "SGB II verlangt wurde; das nächste Folgegespräch fragt danach",
)  # fmt: skip
def sc001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    v = fall.vereinbarung
    if v is None or v.art != KOOPERATIONSPLAN or v.schlichtung is not None:
        return
    tag = v.datum or k.stichtag
    if rechtsstand_fuer(k.kataloge["rechtsstand"], tag, fall.rechtskreis).schlichtung:
        yield treffer(("vereinbarung", "schlichtung"), ("vereinbarung",))


_WOCHENTAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@R.regel(
    "TE001", "warnung", "3.4.3",
    "Folgegespräch an einem Wochenende oder Feiertag terminiert",
    "Das Folgegespräch am {datum} fällt auf {tag}",
)  # fmt: skip
def te001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    termin = fall.termine.folgegespraech if fall.termine else None
    if termin is None or arbeitstag(termin, k.kataloge.bundesland):
        return
    # Appointments never move (unlike a customer's deadline, § 26 Abs. 3 SGB X): say so.
    if feiertag(termin, k.kataloge.bundesland):
        land = f" in {k.kataloge.bundesland}" if k.kataloge.bundesland else ""
        tag = f"einen Feiertag{land}"
    else:
        tag = f"einen {_WOCHENTAGE[termin.weekday()]}"
    yield treffer(("termine", "folgegespraech"), ("termine",), datum=deutsch(termin), tag=tag)
