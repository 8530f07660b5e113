"""What a plain YAML scalar in a case file means: the one table both readers resolve by.

YAML 1.2 as ruamel.yaml reads it (bool, float, int, null, timestamp, in its order), with
three changes that make the round-trip reader (storage/yamldatei.py, which installs this
table as ruamel's resolver) and the fast reader (storage/schnell.py, which matches the same
patterns) agree on every file: a number needs a digit (ruamel takes ``-_`` or ``0x_`` for a
number and then fails on it), ``=`` is text (ruamel keeps YAML 1.1's "value" type even for
1.2), and ``<<`` is no merge but a key the files refuse (:data:`ZUSAMMENFUEHREN`). See
docs/yaml-lesen.md. No YAML library is imported here.
"""

from __future__ import annotations

import re
from typing import Any

WAHRHEITSWERTE: dict[str, bool] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
NICHTS = frozenset({"~", "null", "Null", "NULL", ""})

GLEITKOMMA = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\._*[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
# Each kind needs one digit: ``_*`` before it cannot backtrack, so a long line of digits
# that is no number fails in linear time.
GANZZAHL = re.compile(
    r"^(?:[-+]?0b_*[0-1][0-1_]*"
    r"|[-+]?0o_*[0-7][0-7_]*"
    r"|[-+]?_*[0-9][0-9_]*"
    r"|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*)$"
)
DATUM = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
ZEITSTEMPEL = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$"
)

ZAHLENANFANG = frozenset("0123456789+-.")
"""Only a plain scalar starting with one of these can be a number or a date."""

ZUSAMMENFUEHREN = "<<"
"""A plain ``<<`` key: YAML 1.1's merge. YAML 1.2 has no merge, but most other YAML tools
apply it, so a file with one would mean one thing here and another there: refused."""

_TAG = "tag:yaml.org,2002:"

AUFLOESUNG: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_TAG + "bool", re.compile("^(?:" + "|".join(WAHRHEITSWERTE) + ")$"), "tTfF"),
    (_TAG + "float", GLEITKOMMA, "-+0123456789."),
    (_TAG + "int", GANZZAHL, "-+0123456789"),
    (_TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_TAG + "timestamp", re.compile(f"{DATUM.pattern}|{ZEITSTEMPEL.pattern}"), "0123456789"),
)
"""(tag, pattern, first characters) in the order they are tried; the empty scalar is null."""


def aufloesungstabelle() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The table by first character, as ruamel's resolver looks it up (``""``: empty)."""
    tabelle: dict[str, list[tuple[str, Any]]] = {"": [(_TAG + "null", AUFLOESUNG[3][1])]}
    for tag, muster, anfaenge in AUFLOESUNG:
        for zeichen in anfaenge:
            tabelle.setdefault(zeichen, []).append((tag, muster))
    return tabelle
