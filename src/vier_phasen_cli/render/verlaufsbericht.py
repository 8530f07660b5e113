"""``verlauf``: a case's versions in git, newest first, each with its changed fields.

The changes are the change summary's (``domain/aenderungen.py``): field paths with German
keys and values as the caseworker reads them (TT.MM.JJJJ, ja/nein) in text; ISO values in
JSON. Commit messages and author names are other people's text: the text lines here are
plain (escaped only before wrapping, so that escapes count), the CLI writes them through the
safe writers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vier_phasen_cli.domain.aenderungen import Aenderung
from vier_phasen_cli.domain.steuerzeichen import sicher, sicher_einzeilig
from vier_phasen_cli.render.aenderungen import aenderungszeilen


@dataclass(frozen=True)
class Verlaufseintrag:
    """One version of the case file: who, when, why, and what changed against the one before."""

    commit: str
    datum: str
    """The author date, ISO 8601 with time and offset (as git gives it)."""
    autor: str
    email: str
    nachricht: str
    aenderungen: Sequence[Aenderung]
    alt: Any = None
    neu: Any = None
    """The case data before and after (for the text lines); None where unreadable."""
    hinweis: str | None = None
    """Why no changes can be shown (a version that is no readable case file)."""
    diff: Sequence[str] | None = None
    """The YAML lines (``--diff``)."""


def zeitpunkt(iso: str) -> str:
    """``2026-11-23T14:05:09+01:00`` → ``23.11.2026 14:05`` (the author's own clock)."""
    try:
        return f"{datetime.fromisoformat(iso):%d.%m.%Y %H:%M}"
    except ValueError:
        return iso


def als_text(
    fall_id: str, eintraege: Sequence[Verlaufseintrag], breite: int | None = None
) -> list[str]:
    """The versions as text lines; with ``breite`` (a terminal's width) long lines wrap at
    word boundaries, continued under their text (files and pipes get whole lines). Wrapped
    after escaping control characters, so that the escapes count."""
    if breite is None:
        return _zeilen(fall_id, eintraege)
    return [teil for z in _zeilen(fall_id, eintraege) for teil in umbrochen(sicher(z), breite)]


def umbrochen(zeile: str, breite: int) -> list[str]:
    """``zeile`` wrapped at word boundaries to ``breite`` columns; continuation lines are
    indented four columns deeper than the line (a word longer than a line is split)."""
    if len(zeile) <= breite:
        return [zeile]
    einzug = " " * (len(zeile) - len(zeile.lstrip(" ")))
    return textwrap.wrap(
        zeile,
        max(breite, 20),
        initial_indent="",
        subsequent_indent=einzug + "    ",
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [zeile]


def _zeilen(fall_id: str, eintraege: Sequence[Verlaufseintrag]) -> list[str]:
    """Each line one line: a line break in a message, a name, a key or a value is shown as
    an escape, so it cannot forge a version entry."""
    return [sicher_einzeilig(z) for z in _rohzeilen(fall_id, eintraege)]


def _rohzeilen(fall_id: str, eintraege: Sequence[Verlaufseintrag]) -> list[str]:
    if not eintraege:
        return [f"Fall {fall_id}: noch keine Version in Git (erst nach dem ersten Commit)."]
    anzahl = "eine Version" if len(eintraege) == 1 else f"{len(eintraege)} Versionen"
    zeilen = [f"Verlauf von Fall {fall_id} ({anzahl}, neueste zuerst)"]
    for e in eintraege:
        zeilen += ["", f"{e.commit[:7]}  {zeitpunkt(e.datum)}  {e.autor} <{e.email}>"]
        zeilen.append(f"  {e.nachricht}")
        if e.hinweis is not None:
            zeilen.append(f"  ({e.hinweis})")
        elif not e.aenderungen:
            zeilen.append("  (keine inhaltliche Änderung)")
        elif e.alt == {}:
            zeilen.append(f"  + Fall aufgenommen ({len(e.aenderungen)} Angaben)")
        else:
            zeilen += [f"  {z}" for z in aenderungszeilen(e.alt, e.neu)]
        if e.diff is not None:
            zeilen += [f"    {z}" for z in e.diff]
    return zeilen


def als_json(fall_id: str, eintraege: Sequence[Verlaufseintrag]) -> dict[str, Any]:
    """SPEC §16: ``{"fall", "versionen": [{"commit", "datum", "autor", "email", "nachricht",
    "aenderungen": [{"feld", "von", "nach"}]}]}``; ``diff`` only with ``--diff``."""
    versionen = []
    for e in eintraege:
        version: dict[str, Any] = {
            "commit": e.commit,
            "datum": e.datum,
            "autor": e.autor,
            "email": e.email,
            "nachricht": e.nachricht,
            "aenderungen": [
                {
                    "feld": a.ort,
                    "von": None if a.neu else _json_wert(a.von),
                    "nach": None if a.entfernt else _json_wert(a.nach),
                }
                for a in e.aenderungen
            ],
        }
        if e.hinweis is not None:
            version["hinweis"] = e.hinweis
        if e.diff is not None:
            version["diff"] = list(e.diff)
        versionen.append(version)
    return {"fall": fall_id, "versionen": versionen}


def _json_wert(wert: Any) -> Any:
    if isinstance(wert, date):
        return wert.isoformat()
    if isinstance(wert, dict):
        return {str(k): _json_wert(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_json_wert(v) for v in wert]
    return wert
