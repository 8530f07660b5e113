"""Which input fields may span lines, and which given answers hold control characters.

SPEC §15/§16: every field is single-line except ``vermerk``, ``notiz``, ``begruendung``,
``anliegen`` and the texts of a Folgegespräch's ``aktivitaeten``. On input (``neu``, the
wizards' prompts, answers files, drafts) a single-line field refuses every control character
including tab and newline; a multi-line field refuses them except tab and newline. A case file
edited by hand is not checked here: the output layer shows such characters escaped. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vier_phasen_cli.domain.probleme import Pfad
from vier_phasen_cli.domain.steuerzeichen import hat_steuerzeichen

MEHRZEILIGE_FELDER = frozenset({"vermerk", "notiz", "begruendung", "anliegen"})

_GESPRAECHE = ("gespraech", "gespraeche")
"""Where a conversation sits: ``gespraech`` in answers, ``gespraeche[i]`` in a case file."""


def ist_mehrzeilig(pfad: Sequence[str | int]) -> bool:
    """Whether the field at ``pfad`` (keys and list positions) may hold line breaks."""
    schluessel = [teil for teil in pfad if isinstance(teil, str)]
    if not schluessel:
        return False
    if schluessel[-1] in MEHRZEILIGE_FELDER:
        return True
    # A Folgegespräch's activities (3.4.3): gespraech.aktivitaeten.abgleich and so on.
    return len(schluessel) == 3 and schluessel[0] in _GESPRAECHE and schluessel[1] == "aktivitaeten"


def felder_mit_steuerzeichen(daten: object, pfad: Pfad = ()) -> list[Pfad]:
    """The paths of every text in ``daten`` (nested mappings and lists) that its field refuses."""
    if isinstance(daten, str):
        return [pfad] if hat_steuerzeichen(daten, mehrzeilig=ist_mehrzeilig(pfad)) else []
    funde: list[Pfad] = []
    if isinstance(daten, Mapping):
        for schluessel, wert in daten.items():
            teil = schluessel if isinstance(schluessel, str | int) else str(schluessel)
            funde += felder_mit_steuerzeichen(wert, (*pfad, teil))
    elif isinstance(daten, list | tuple):
        for i, wert in enumerate(daten):
            funde += felder_mit_steuerzeichen(wert, (*pfad, i))
    return funde
