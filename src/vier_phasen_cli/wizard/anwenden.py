"""Applying a wizard's answers to the case document (SPEC §5, merge rule).

A top-level section in the answers replaces the case's section of that name whole; sections
not named stay byte for byte as they were (ruamel.yaml round trip). ``gespraech`` is appended
to ``gespraeche`` as a new conversation. A Vereinbarung replaced with different content goes
to ``vereinbarung_historie`` first.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vier_phasen_cli.storage.yamldatei import klar
from vier_phasen_cli.storage.yamldatei import rt as rt
from vier_phasen_cli.wizard import verschmelzen

# The order of the top-level keys of a case file (SPEC §3): new sections go where they belong.
REIHENFOLGE = (
    "format",
    "id",
    "status",
    "kunde",
    "rechtskreis",
    "fachkraft",
    "vertretung",
    "reha",
    "ausbildungsvermittlung",
    "arbeitslos_seit",
    "aufstocker",
    "reha_bedarf_geprueft",
    "bedarfsgemeinschaft",
    "potenzialanalyse",
    "potenzialanalyse_historie",
    "integrationsprognose",
    "unterstuetzungsbedarf",
    "ziel",
    "ziel_historie",
    "strategien",
    "produkte",
    "vereinbarung",
    "vereinbarung_historie",
    "termine",
    "wiedervorlagen",
    "gespraeche",
    "wechsel",
    "nachhaltigkeit",
    "abschluss",
    "abschluss_historie",
)

# The fields of a conversation after datum and art, in the file's order (SPEC §3).
_GESPRAECH = ("form", "anliegen", "prognose", "vermerk", "aktivitaeten", "produkt")

# Parts of a Vereinbarung that track its use rather than make its content: recording them
# (the joint review, the handing over, whether a Schlichtung was asked for) replaces nothing.
_KEIN_INHALT = ("ueberprueft", "ausgehaendigt", "schlichtung")


def setze_abschnitt(dok: CommentedMap, schluessel: str, wert: Any) -> None:
    """Set a top-level section; a new one goes where SPEC §3 puts it."""
    if schluessel in dok:
        dok[schluessel] = wert
        return
    rang = REIHENFOLGE.index(schluessel) if schluessel in REIHENFOLGE else len(REIHENFOLGE)
    position = len(dok)
    for i, vorhanden in enumerate(dok):
        if vorhanden in REIHENFOLGE and REIHENFOLGE.index(vorhanden) > rang:
            position = i
            break
    dok.insert(position, schluessel, wert)


def haenge_an(dok: CommentedMap, schluessel: str, eintrag: Any) -> None:
    """Append ``eintrag`` to the top-level list ``schluessel``, created where SPEC §3 puts it."""
    liste = dok.get(schluessel)
    if not isinstance(liste, list):
        liste = CommentedSeq()
        setze_abschnitt(dok, schluessel, liste)
    liste.append(eintrag)


def inhalt(vereinbarung: Any) -> Any:
    """What a Vereinbarung says, without when it was reviewed and its Eigenbemühungen."""
    daten = klar(vereinbarung)
    if not isinstance(daten, dict):
        return daten
    for k in (*_KEIN_INHALT, "eigenbemuehungen"):
        daten.pop(k, None)
    return daten


def _pflichten(vereinbarung: Any) -> list[Any]:
    """Each Eigenbemühung as what it obliges to (text, deadline, recurrence)."""
    liste = vereinbarung.get("eigenbemuehungen") if isinstance(vereinbarung, Mapping) else None
    return [
        tuple(e.get(k) for k in ("text", "frist", "wiederholung")) if isinstance(e, Mapping) else e
        for e in (liste or [])
    ]


def ersetzt(alte: Any, neue: Any) -> bool:
    """Whether ``neue`` replaces the agreement ``alte`` (SPEC §16): its content changed, or an
    Eigenbemühung was changed or removed. Ticking, adding or recurring items is no replacement."""
    if inhalt(alte) != inhalt(neue):
        return True
    vorher, nachher = _pflichten(alte), _pflichten(neue)
    return nachher[: len(vorher)] != vorher


def anwenden(
    dok: CommentedMap,
    antworten: Mapping[str, Any],
    *,
    art: str,
    datum: date,
    produkt: str | None = None,
) -> None:
    """Merge ``antworten`` into the case document ``dok`` in place."""
    kopie = copy.deepcopy(dict(antworten))
    gespraech = kopie.pop("gespraech", None)
    pa = kopie.get("potenzialanalyse")
    if isinstance(pa, dict) and pa.get("datum") is None and pa:
        pa["datum"] = datum
    neue = kopie.get("vereinbarung")
    if isinstance(neue, dict):
        neue.setdefault("datum", datum)
        if neue.get("datum") is None:
            neue["datum"] = datum
        alte = dok.get("vereinbarung")
        if art in FOLGE_ARTEN and isinstance(alte, Mapping):
            _verschmelze_unterliste(alte, neue, "vereinbarung")
        if alte is not None and ersetzt(alte, neue):
            haenge_an(dok, "vereinbarung_historie", copy.deepcopy(alte))
    _bewahre_fruehere(dok, kopie, art, datum)
    if art in FOLGE_ARTEN:
        _verschmelze_listen(dok, kopie)
    for schluessel, wert in kopie.items():
        setze_abschnitt(dok, schluessel, rt(wert))
    if gespraech is not None:
        gegeben = dict(gespraech)
        eintrag: dict[str, Any] = {"datum": datum, "art": art}
        for feld in _GESPRAECH:
            if gegeben.get(feld) is not None:
                eintrag[feld] = gegeben[feld]
        # SPEC §5: the prognosis reviewed at this contact defaults to the case's, as it now is.
        eintrag["prognose"] = gegeben.get("prognose") or dok.get("integrationsprognose")
        eintrag = {k: eintrag[k] for k in ("datum", "art", *_GESPRAECH) if k in eintrag}
        if produkt is not None and "produkt" not in eintrag:
            eintrag["produkt"] = produkt
        haenge_an(dok, "gespraeche", rt(eintrag))


def _bewahre_fruehere(dok: CommentedMap, kopie: dict[str, Any], art: str, datum: date) -> None:
    """Keep what the answers replace (SPEC §16): the Ziel when its Zieloption changes, the
    Potenzialanalyse when a second Erstgespräch or a completed owed one replaces it."""
    alt_ziel, neu_ziel = dok.get("ziel"), kopie.get("ziel")
    if (
        isinstance(alt_ziel, Mapping)
        and isinstance(neu_ziel, Mapping)
        and alt_ziel.get("option")
        and neu_ziel.get("option") != alt_ziel.get("option")
    ):
        _historie(dok, "ziel_historie", datum, "ziel", alt_ziel)
    alte_pa, neue_pa = dok.get("potenzialanalyse"), kopie.get("potenzialanalyse")
    if isinstance(alte_pa, Mapping) and isinstance(neue_pa, Mapping):
        nachgeholt = alte_pa.get("ausnahme") is not None and neue_pa.get("ausnahme") is None
        erfolgt = alte_pa.get("datum") is not None or alte_pa.get("ausnahme") is not None
        if erfolgt and (art == "erstgespraech" or nachgeholt):
            _historie(dok, "potenzialanalyse_historie", datum, "potenzialanalyse", alte_pa)


def _historie(dok: CommentedMap, liste: str, datum: date, feld: str, alt: Any) -> None:
    eintrag = CommentedMap()
    eintrag["datum"] = datum
    eintrag[feld] = copy.deepcopy(alt)
    haenge_an(dok, liste, eintrag)


FOLGE_ARTEN = ("folgegespraech", "absolventengespraech")
"""Conversations whose answers merge lists by identity instead of replacing them (SPEC §16)."""

_NACH_IDENTITAET = {
    "strategien": verschmelzen.STRATEGIE,
    "produkte": verschmelzen.PRODUKT,
    "wiedervorlagen": verschmelzen.WIEDERVORLAGE,
}


def _verschmelze_listen(dok: CommentedMap, kopie: dict[str, Any]) -> None:
    """Merge the answers' identity-merged lists into ``dok`` (and out of ``kopie``)."""
    for schluessel, passt in _NACH_IDENTITAET.items():
        neu = kopie.get(schluessel)
        if not isinstance(neu, list):
            continue
        del kopie[schluessel]
        bisher = dok.get(schluessel)
        liste = verschmelzen.verschmelze(
            bisher if isinstance(bisher, list) else None,
            neu,
            passt,
            rt,
            verschmelzen.UNTERLISTEN.get(schluessel),
        )
        if liste is not bisher:
            setze_abschnitt(dok, schluessel, liste)
    if isinstance(kopie.get("ziel"), dict) and isinstance(dok.get("ziel"), Mapping):
        _verschmelze_unterliste(dok["ziel"], kopie["ziel"], "ziel")


def _verschmelze_unterliste(alt: Mapping[str, Any], neu: dict[str, Any], abschnitt: str) -> None:
    """A section named in the answers replaces the case's, but its item list is merged: the
    old items (a copy) updated and extended by the named ones."""
    feld, passt = verschmelzen.UNTERLISTEN[abschnitt]
    if not isinstance(neu.get(feld), list):
        return
    bisher = alt.get(feld)
    kopie = copy.deepcopy(bisher) if isinstance(bisher, list) else None
    neu[feld] = verschmelzen.verschmelze(kopie, neu[feld], passt, rt)


def neuer_fall(fall_id: str) -> CommentedMap:
    """The document of a case that the Erstgespräch creates (its Stammdaten come as answers)."""
    dok = CommentedMap()
    dok["format"] = 1
    dok["id"] = fall_id
    dok["status"] = "aktiv"
    return dok
