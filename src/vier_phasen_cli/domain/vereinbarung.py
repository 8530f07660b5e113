"""What the Integrationskonzept asks of the agreement of phase 4, shared by rules and deadlines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from vier_phasen_cli.domain.kataloge import Kataloge

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall

# The values of vereinbarung.art (SPEC §3).
EINV = "eingliederungsvereinbarung"
KOOPERATIONSPLAN = "kooperationsplan"
TEILHABEPLAN = "teilhabeplan"
NAMEN = {
    EINV: "Eingliederungsvereinbarung",
    KOOPERATIONSPLAN: "Kooperationsplan",
    TEILHABEPLAN: "Teilhabeplan",
}


def ermessen_bis(fall: Fall, kataloge: Kataloge) -> date | None:
    """3.4.1 Fn. 5: until when an SGB III EinV is at the caseworker's discretion, or None."""
    return ermessen_ende(
        fall.rechtskreis, fall.arbeitslos_seit, fall.integrationsprognose, kataloge
    )


def ermessen_ende(
    rechtskreis: str, arbeitslos_seit: date | None, prognose: str | None, kataloge: Kataloge
) -> date | None:
    """The end of the discretion: the catalog says for which Integrationsprognose and for how
    many months after the start of unemployment (``einv_ermessen_monate``)."""
    if rechtskreis != "SGB III" or arbeitslos_seit is None:
        return None
    eintrag = kataloge["integrationsprognosen"].get(prognose)
    monate = eintrag["einv_ermessen_monate"] if eintrag else None
    if not monate:
        return None
    return arbeitslos_seit + relativedelta(months=monate)
