"""What a Folgegespräch changed, in words for its Beratungsvermerk (3.4.3): items ticked off,
needs resolved, strategies ended or added, new items, Produkte begun or ended.

Pure: the case's sections before and after the conversation (plain data) in, German lines out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from vier_phasen_cli.domain.aenderungen import wert_text

Bezeichnung = Callable[[str, str], str]
"""``(katalog, code) -> label``: how a code is named for people."""


def _liste(abschnitt: Any, feld: str) -> list[Mapping[str, Any]]:
    werte = abschnitt.get(feld) if isinstance(abschnitt, Mapping) else None
    return [w for w in (werte or []) if isinstance(w, Mapping)]


def _neu_erledigt(
    vorher: Iterable[Mapping[str, Any]], nachher: Iterable[Mapping[str, Any]], feld: str, text: str
) -> list[str]:
    offen = {e.get(text) for e in vorher if e.get(feld) is None}
    return [str(e[text]) for e in nachher if e.get(feld) is not None and e.get(text) in offen]


def _neu(
    vorher: Iterable[Mapping[str, Any]], nachher: Iterable[Mapping[str, Any]], text: str
) -> list[str]:
    bekannt = {e.get(text) for e in vorher}
    return [str(e[text]) for e in nachher if e.get(text) not in bekannt and e.get(text)]


def _durchgefuehrt(pa: Any) -> bool:
    return isinstance(pa, Mapping) and pa.get("datum") is not None and not pa.get("ausnahme")


def _mit_grund(text: str, grund: Any) -> str:
    return f"{text} ({grund})" if grund else text


def festgehalten(alt: Mapping[str, Any], neu: Mapping[str, Any], name: Bezeichnung) -> list[str]:
    """One line per kind of change, e.g. ``Erledigt: Fünf Bewerbungen im Monat``."""
    zeilen: list[str] = []

    def zeile(titel: str, eintraege: list[str]) -> None:
        if eintraege:
            zeilen.append(f"{titel}: {'; '.join(eintraege)}")

    pa_alt, pa_neu = alt.get("potenzialanalyse"), neu.get("potenzialanalyse")
    if _durchgefuehrt(pa_neu) and not _durchgefuehrt(pa_alt):
        zeilen.append("Potenzialanalyse durchgeführt")

    v_alt, v_neu = alt.get("vereinbarung"), neu.get("vereinbarung")
    s_alt, s_neu = _liste(alt, "strategien"), _liste(neu, "strategien")
    a_alt = [a for s in s_alt for a in _liste(s, "aktivitaeten")]
    a_neu = [a for s in s_neu for a in _liste(s, "aktivitaeten")]
    z_alt, z_neu = (
        _liste(alt.get("ziel"), "zwischenziele"),
        _liste(neu.get("ziel"), "zwischenziele"),
    )
    b_alt = _liste(alt.get("potenzialanalyse"), "handlungsbedarfe")
    b_neu = _liste(neu.get("potenzialanalyse"), "handlungsbedarfe")
    e_alt, e_neu = _liste(v_alt, "eigenbemuehungen"), _liste(v_neu, "eigenbemuehungen")
    zeile(
        "Erledigt",
        _neu_erledigt(e_alt, e_neu, "erledigt", "text")
        + _neu_erledigt(a_alt, a_neu, "erledigt", "was"),
    )
    zeile("Zwischenziel erreicht", _neu_erledigt(z_alt, z_neu, "erreicht", "text"))
    behoben = _neu_erledigt(b_alt, b_neu, "erledigt", "code")
    zeile("Handlungsbedarf behoben", [name("handlungsbedarfe", c) for c in behoben])
    zeile(
        "Neuer Handlungsbedarf", [name("handlungsbedarfe", c) for c in _neu(b_alt, b_neu, "code")]
    )
    gruende = {s.get("code"): s.get("beendigungsgrund") for s in s_neu}
    beendet = _neu_erledigt(s_alt, s_neu, "beendet", "code")
    zeile(
        "Strategie beendet",
        [_mit_grund(name("handlungsstrategien", c), gruende.get(c)) for c in beendet],
    )
    laufend_vorher = {s.get("code") for s in s_alt if s.get("beendet") is None}
    dazu = [
        str(s["code"])
        for s in s_neu
        if s.get("beendet") is None and s.get("code") not in laufend_vorher
    ]
    zeile("Strategie aufgenommen", [name("handlungsstrategien", c) for c in dazu])
    zeile("Neue Eigenbemühung", _neu(e_alt, e_neu, "text"))
    zeile("Neue Aktivität", _neu(a_alt, a_neu, "was"))
    zeile("Neue Stärke", _neu(_liste(pa_alt, "staerken"), _liste(pa_neu, "staerken"), "text"))
    p_alt, p_neu = _liste(alt, "produkte"), _liste(neu, "produkte")
    austritt = {p.get("bezeichnung"): p for p in p_neu}
    for bezeichnung in _neu_erledigt(p_alt, p_neu, "austritt", "bezeichnung"):
        p = austritt[bezeichnung]
        was = "Maßnahme abgebrochen" if p.get("abbruch") else "Maßnahme beendet"
        zeilen.append(f"{was}: {bezeichnung} (Austritt {wert_text(p.get('austritt'))})")
    zeile("Neuer Produkteinsatz", _neu(p_alt, p_neu, "bezeichnung"))
    if isinstance(v_neu, Mapping) and not isinstance(v_alt, Mapping):
        zeilen.append("Vereinbarung abgeschlossen")
    ziel_alt = (
        (alt.get("ziel") or {}).get("option") if isinstance(alt.get("ziel"), Mapping) else None
    )
    ziel_neu = (
        (neu.get("ziel") or {}).get("option") if isinstance(neu.get("ziel"), Mapping) else None
    )
    if ziel_alt and ziel_neu and ziel_alt != ziel_neu:
        zeilen.append(f"Neue Zieloption: {name('zieloptionen', ziel_neu)}")
    return zeilen
