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
    "integrationsprognose",
    "unterstuetzungsbedarf",
    "ziel",
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

# Parts of a Vereinbarung that track its use rather than make its content.
_KEIN_INHALT = ("ueberprueft", "ausgehaendigt")


def rt(wert: Any) -> Any:
    """Plain data as round-trip data (so ruamel writes it in block style like the rest)."""
    if isinstance(wert, Mapping):
        karte = CommentedMap()
        for k, v in wert.items():
            karte[k] = rt(v)
        return karte
    if isinstance(wert, list | tuple):
        return CommentedSeq(rt(v) for v in wert)
    return wert


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


def inhalt(vereinbarung: Any) -> Any:
    """What a Vereinbarung says, without when it was reviewed and what has been done."""
    daten = klar(vereinbarung)
    if not isinstance(daten, dict):
        return daten
    for k in _KEIN_INHALT:
        daten.pop(k, None)
    for e in daten.get("eigenbemuehungen") or []:
        if isinstance(e, dict):
            e.pop("erledigt", None)
            e.pop("nr", None)
    return daten


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
        if alte is not None and inhalt(alte) != inhalt(neue):
            historie = dok.get("vereinbarung_historie")
            if historie is None:
                historie = CommentedSeq()
                setze_abschnitt(dok, "vereinbarung_historie", historie)
            historie.append(copy.deepcopy(alte))
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
        gespraeche = dok.get("gespraeche")
        if gespraeche is None:
            gespraeche = CommentedSeq()
            setze_abschnitt(dok, "gespraeche", gespraeche)
        gespraeche.append(rt(eintrag))


def neuer_fall(fall_id: str) -> CommentedMap:
    """The document of a case that the Erstgespräch creates (its Stammdaten come as answers)."""
    dok = CommentedMap()
    dok["format"] = 1
    dok["id"] = fall_id
    dok["status"] = "aktiv"
    return dok
