"""A problem in parsed data, located by its path, with a German message.

Storage turns the path into a file line; the domain never knows about files. Messages
never repeat the offending value: values may be Sozialdaten, and messages end up in logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # reports served from the cache never import pydantic for it
    from pydantic import ValidationError

Pfad = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    pfad: Pfad
    meldung: str
    hinweis: str | None = None


def pfad_text(pfad: Pfad) -> str:
    """``('potenzialanalyse', 'staerken', 0, 'art')`` → ``potenzialanalyse.staerken[1].art``."""
    teile: list[str] = []
    for teil in pfad:
        if isinstance(teil, int):
            teile.append(f"[{teil + 1}]")
        else:
            teile.append(("." if teile else "") + teil)
    return "".join(teile)


_ERWARTET = {
    "string_type": "Text erwartet",
    "bool_type": "Wahrheitswert erwartet (true oder false)",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet",
    "dict_type": "Abschnitt mit Schlüsseln erwartet",
    "model_type": "Abschnitt mit Schlüsseln erwartet",
    "list_type": "Liste erwartet",
    "date_type": "Datum erwartet (JJJJ-MM-TT)",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet (JJJJ-MM-TT)",
    "date_parsing": "Datum erwartet (JJJJ-MM-TT)",
    "string_too_short": "darf nicht leer sein",
    "too_short": "darf nicht leer sein",
    "string_pattern_mismatch": "enthält unzulässige Zeichen",
    "greater_than_equal": "Wert zu klein",
    "less_than_equal": "Wert zu groß",
    "extra_forbidden": "unbekannte Angabe",
}


def meldung_zu_fehler(fehler: Any) -> tuple[str, str | None]:
    """German message and hint for one pydantic error dict."""
    art = fehler.get("type", "")
    ctx = fehler.get("ctx") or {}
    if art == "missing":
        return "Pflichtangabe fehlt", None
    if art == "literal_error":
        erlaubt = ctx.get("expected", "")
        return "Wert ist nicht zulässig", f"Erlaubt sind: {erlaubt.replace(' or ', ', ')}."
    if art in ("value_error", "assertion_error"):
        ursache = ctx.get("error")
        text = str(ursache) if ursache is not None else str(fehler.get("msg", ""))
        meldung, _, hinweis = text.partition("|")
        return meldung.strip(), (hinweis.strip() or None)
    if art in _ERWARTET:
        return _ERWARTET[art], None
    return "ungültiger Wert", None


def probleme_aus_validierung(exc: ValidationError) -> list[Problem]:
    """Turn a pydantic ValidationError into located problems, one per error."""
    probleme = []
    for fehler in exc.errors(include_url=False, include_input=False):
        pfad = tuple(p for p in fehler["loc"] if isinstance(p, str | int))
        # Union members and validator names show up in loc; keep only real data keys.
        pfad = tuple(p for p in pfad if not (isinstance(p, str) and _intern(p)))
        meldung, hinweis = meldung_zu_fehler(fehler)
        probleme.append(Problem(pfad, meldung, hinweis))
    return probleme


def _intern(teil: str) -> bool:
    """Union members and validator names pydantic puts into ``loc``; data keys never look so."""
    return "[" in teil or teil in {"str", "int", "bool", "date", "float", "none"}
