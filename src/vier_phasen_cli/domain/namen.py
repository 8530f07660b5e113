"""Names the shell completion offers, kept as plain tuples so completing loads nothing else.

The catalog names are defined here (``domain.kataloge`` uses them); the rule codes and the
deadline kinds are copies of what ``domain.regeln`` and ``domain.fristen`` register, which
import pydantic and the case model. ``tests/test_vervollstaendigung.py`` fails when a copy
differs from the real registry.
"""

from __future__ import annotations

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
    "rechtsstand",
)
"""Pinned catalog names (SPEC §4), in the order ``katalog`` lists them."""

REGELCODES: tuple[str, ...] = (
    "DA001", "DA002", "DA003", "DA004", "KA001",
    "PA001", "PA002", "PA003", "PA004", "PA005", "PA006", "PA007",
    "ZI001", "ZI002", "AN001",
    "ST001", "ST002", "ST003", "ST004", "ST005", "ST006", "ST007",
    "PR001", "PR002", "AB001",
    "VE001", "VE002", "VE003", "VE004", "VE005", "VE006", "VE007", "VE008", "VE009", "VE010",
    "FG001", "FG002", "KO001",
    "IP001", "IP002", "IP003", "IP004", "IP005",
    "DO001", "NH001", "RS001", "SC001", "TE001",
)  # fmt: skip
"""The codes of ``domain.regeln.REGELWERK``, in its order."""

FRISTARTEN: tuple[str, ...] = (
    "folgegespraech",
    "vereinbarung-abschliessen",
    "vereinbarung-ueberpruefen",
    "absolventengespraech",
    "eigenbemuehung",
    "zwischenziel",
    "aktivitaet",
    "potenzialanalyse-nachholen",
    "wiedervorlage",
)
"""The kinds of ``domain.fristen.ARTEN``, in its order."""
