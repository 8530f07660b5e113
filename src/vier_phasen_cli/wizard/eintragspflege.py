"""What every save of the tool does to the item lists it writes (SPEC §10, §16).

After a command has changed the case document: every item list that differs from the file's
version gets its missing numbers (``nr``), and every recurring Eigenbemühung ticked done in
this save gets its successor. Lists the command did not change stay byte for byte as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.datum import im_bereich
from vier_phasen_cli.domain.eintraege import gespeicherte_nummern as gespeicherte_nummern
from vier_phasen_cli.domain.eintraege import naechste_frist, wirksame_nummern


def _liste(abschnitt: Any, schluessel: str) -> Any:
    if isinstance(abschnitt, Mapping):
        wert = abschnitt.get(schluessel)
        return wert if isinstance(wert, list) else None
    return None


def _listen(dok: Mapping[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every item list of the case with a key that finds it again in another version."""
    yield ("zwischenziele",), _liste(dok.get("ziel"), "zwischenziele")
    yield ("eigenbemuehungen",), _liste(dok.get("vereinbarung"), "eigenbemuehungen")
    yield ("wiedervorlagen",), _liste(dok, "wiedervorlagen")
    strategien = dok.get("strategien")
    if isinstance(strategien, list):
        gesehen: dict[Any, int] = {}
        for s in strategien:
            if isinstance(s, Mapping):
                code = s.get("code")
                gesehen[code] = gesehen.get(code, 0) + 1
                yield ("aktivitaeten", code, gesehen[code]), _liste(s, "aktivitaeten")


def _vergeben(liste: list[Any]) -> set[int]:
    return {nr for nr in gespeicherte_nummern(liste) if nr is not None}


def pflege(alt: Mapping[str, Any] | None, neu: MutableMapping[str, Any]) -> None:
    """Number the changed item lists of ``neu`` and add recurring successors, in place."""
    vorher = dict(_listen(alt)) if alt is not None else {}
    for schluessel, liste in _listen(neu):
        frueher = vorher.get(schluessel)
        if liste is None or liste == frueher:
            continue
        alte_nummern = wirksame_nummern(gespeicherte_nummern(frueher)) if frueher else []
        if schluessel == ("eigenbemuehungen",):
            _wiederhole(liste, frueher or [], alte_nummern)
        # Numbers of items removed in this save are not given again.
        entfernt = _vergeben(frueher or []) - _vergeben(liste)
        nummern = wirksame_nummern(gespeicherte_nummern(liste), entfernt)
        for e, nr in zip(liste, nummern, strict=True):
            if isinstance(e, MutableMapping) and e.get("nr") != nr:
                _setze_nr(e, nr)


def _setze_nr(eintrag: MutableMapping[str, Any], nr: int) -> None:
    if isinstance(eintrag, CommentedMap) and "nr" not in eintrag:
        eintrag.insert(0, "nr", nr)
    else:
        eintrag["nr"] = nr


def _wiederhole(liste: list[Any], frueher: list[Any], alte_nummern: list[int]) -> None:
    """Append the successor of each recurring Eigenbemühung that was open in ``frueher`` and
    is done now – unless the list already holds that successor (SPEC §16)."""
    offen_vorher = {
        nr
        for e, nr in zip(frueher, alte_nummern, strict=True)
        if isinstance(e, Mapping) and e.get("erledigt") is None
    }
    neue_nummern = wirksame_nummern(gespeicherte_nummern(liste))
    for e, nr in list(zip(liste, neue_nummern, strict=True)):
        if not isinstance(e, Mapping) or nr not in offen_vorher:
            continue
        art, frist, text = e.get("wiederholung"), e.get("frist"), e.get("text")
        if e.get("erledigt") is None or art not in ("monatlich", "woechentlich") or not frist:
            continue
        folgefrist = naechste_frist(frist, art)
        if not im_bereich(folgefrist):
            continue  # past the dates a case file may hold (SPEC §15): the series ends
        if any(
            isinstance(x, Mapping)
            and x.get("text") == text
            and x.get("frist") == folgefrist
            and x.get("erledigt") is None
            for x in liste
        ):
            continue
        folge = CommentedMap()
        folge["text"] = text
        folge["frist"] = folgefrist
        folge["erledigt"] = None
        folge["wiederholung"] = art
        liste.append(folge)
