"""The Dienststelle's name inside a German sentence: with its article in the case it needs."""

from __future__ import annotations

from typing import Literal

ARTIKEL = ("der", "die", "das")
"""What ``[dienststelle] artikel`` may say: the article the name takes ("die Agentur …",
"das Jobcenter …", "der Landkreis …")."""

Kasus = Literal["dativ", "akkusativ"]

_FORMEN: dict[Kasus, dict[str, str]] = {
    "dativ": {"der": "dem", "die": "der", "das": "dem"},
    "akkusativ": {"der": "den", "die": "die", "das": "das"},
}


def mit_artikel(name: str, artikel: str | None, kasus: Kasus) -> str:
    """``name`` as "Zwischen …" (dativ) or "Für …" (akkusativ) needs it. Without a known
    article the name follows "Dienststelle", whose gender is known, so the sentence stays
    grammatical whatever the name is."""
    if artikel in ARTIKEL:
        return f"{_FORMEN[kasus][artikel]} {name}"
    return f"{_FORMEN[kasus]['die']} Dienststelle {name}"
