"""The check rules of SPEC §7, registered in one Regelwerk in the order of the table.

Each submodule holds the rules of one part of the Integrationskonzept; importing this package
registers them all. Rules read codes and restrictions from the catalogs, never from literals.
"""

from vier_phasen_cli.domain.befund import Regel, Regelwerk

REGELWERK = Regelwerk()

# File rules: reported by storage while reading a case, listed here for --regeln and settings.
for _regel in (
    Regel("DA001", "fehler", None, "Datei ist kein gültiges YAML (oder nicht lesbar)", "{meldung}"),
    Regel("DA002", "fehler", None, "Falscher Typ oder fehlende Pflichtangabe", "{meldung}"),
    Regel("DA003", "fehler", None, "Dateiname und id stimmen nicht überein", "{meldung}"),
    Regel("DA004", "warnung", None, "Unbekannter Schlüssel (bleibt erhalten)", "{meldung}"),
    Regel("KA001", "fehler", "Anlagen", "Code steht nicht in seinem Katalog", "{meldung}"),
):
    REGELWERK.melde_an(_regel)

# isort: off
# Registration order is the order of SPEC §7, which --regeln and the README follow.
from vier_phasen_cli.domain.regeln import potenzialanalyse  # noqa: E402
from vier_phasen_cli.domain.regeln import strategie  # noqa: E402
from vier_phasen_cli.domain.regeln import vereinbarung  # noqa: E402
from vier_phasen_cli.domain.regeln import gespraeche  # noqa: E402
from vier_phasen_cli.domain.regeln import rechtsstand  # noqa: E402
# isort: on

__all__ = [
    "REGELWERK",
    "gespraeche",
    "potenzialanalyse",
    "rechtsstand",
    "strategie",
    "vereinbarung",
]
