"""Merging a Folgegespräch's answers into the case by identity (SPEC §16).

In a Folgegespräch these lists are not replaced but merged: ``strategien`` by ``code``,
``produkte`` by (``bezeichnung``, ``beginn``), ``wiedervorlagen`` and the items inside
sections – Eigenbemühungen (``vereinbarung``), Zwischenziele (``ziel``), Aktivitäten (per
strategy) – by ``nr``. A named entry is updated (its named fields) or added; an entry left out
stays as it is. An item named without ``nr`` is the open-ended case of a hand-written answer:
it matches the entry with the same text, else it is new.

The merge edits the round-trip entries in place, so comments inside them survive.

**Updating versus replacing the Vereinbarung.** A ``vereinbarung`` answer that names nothing
but ``eigenbemuehungen``, ``ueberprueft``, ``ausgehaendigt`` and ``schlichtung`` (what tracks
the agreement's use) updates the agreement in place: its datum and every other field stay, no
``vereinbarung_historie`` entry is written (a ``ziel`` answer naming only ``zwischenziele``
likewise keeps the Zieloption and writes no ``ziel_historie``). Naming anything else
(``art``, ``datum``, ``leistungen``, ``andere_traeger``, ``integrationskurs``, …) gives the
agreement anew: the section replaces the case's (SPEC §5), dated the conversation's day,
and the old one goes to the historie when its content differs. Changing an existing
Eigenbemühung's text, deadline or recurrence changes what the agreement obliges to, so it,
too, is a replacement (``anwenden.ersetzt``: historie, new datum); ticking, adding and
recurring items are not (SPEC §16).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from vier_phasen_cli.domain.eintraege import wirksame_nummern
from vier_phasen_cli.domain.probleme import Problem
from vier_phasen_cli.wizard.eintragspflege import gespeicherte_nummern

Passt = Callable[[Mapping[str, Any], int, Mapping[str, Any]], bool]
"""Whether an old entry (with its effective number) is the entry an answer names."""


def _nach_nummer(textfeld: str) -> Passt:
    def passt(alt: Mapping[str, Any], nr: int, neu: Mapping[str, Any]) -> bool:
        if isinstance(neu.get("nr"), int):
            return bool(neu["nr"] == nr)
        return bool(alt.get(textfeld) == neu.get(textfeld))

    return passt


def _nach_feldern(*felder: str) -> Passt:
    def passt(alt: Mapping[str, Any], _nr: int, neu: Mapping[str, Any]) -> bool:
        return all(alt.get(f) == neu.get(f) for f in felder)

    return passt


EIGENBEMUEHUNG = _nach_nummer("text")
ZWISCHENZIEL = _nach_nummer("text")
AKTIVITAET = _nach_nummer("was")
WIEDERVORLAGE = _nach_nummer("text")
PRODUKT = _nach_feldern("bezeichnung", "beginn")
STRATEGIE = _nach_feldern("code")

UNTERLISTEN: dict[str, tuple[str, Passt]] = {
    "strategien": ("aktivitaeten", AKTIVITAET),
    "vereinbarung": ("eigenbemuehungen", EIGENBEMUEHUNG),
    "ziel": ("zwischenziele", ZWISCHENZIEL),
}
"""Sections (or entries of a list) holding an item list merged by ``nr``."""


def verschmelze(
    alt: list[Any] | None,
    neu: list[Any],
    passt: Passt,
    rt: Callable[[Any], Any],
    unterliste: tuple[str, Passt] | None = None,
) -> list[Any]:
    """``alt`` (round-trip, changed in place) with every entry of ``neu`` merged into it."""
    liste: list[Any] = alt if alt is not None else CommentedSeq()
    for eintrag, treffer in zip(neu, zuordnung(liste, neu, passt), strict=True):
        if treffer is None:
            liste.append(rt(eintrag))
        else:
            aktualisiere(liste[treffer], eintrag, rt, unterliste)
    return liste


def zuordnung(liste: Sequence[Any], neu: Sequence[Any], passt: Passt) -> list[int | None]:
    """For each entry of ``neu``: the index of the entry of ``liste`` it names, or None (new)."""
    nummern = wirksame_nummern(gespeicherte_nummern(liste))
    vergeben: set[int] = set()
    ergebnis: list[int | None] = []
    for eintrag in neu:
        treffer = None
        if isinstance(eintrag, Mapping):
            treffer = next(
                (
                    i
                    for i, (e, nr) in enumerate(zip(liste[: len(nummern)], nummern, strict=True))
                    if i not in vergeben and isinstance(e, MutableMapping) and passt(e, nr, eintrag)
                ),
                None,
            )
        if treffer is not None:
            vergeben.add(treffer)
        ergebnis.append(treffer)
    return ergebnis


FORTSCHREIBBAR: dict[str, frozenset[str]] = {
    "vereinbarung": frozenset({"eigenbemuehungen", "ueberprueft", "ausgehaendigt", "schlichtung"}),
    "ziel": frozenset({"zwischenziele"}),
}
"""What a Folgegespräch's answer for a section may name and still update the section in
place (see the module's docstring)."""


def fortgeschrieben(abschnitt: str, antwort: Any) -> bool:
    """Whether the answer ``antwort`` for ``abschnitt`` updates the case's section in place."""
    return isinstance(antwort, Mapping) and set(antwort) <= FORTSCHREIBBAR.get(abschnitt, set())


def schreibe_fort(
    abschnitt: str, bisher: Mapping[str, Any], antwort: Mapping[str, Any]
) -> dict[str, Any]:
    """The section ``bisher`` (plain data, not changed) updated by ``antwort``."""
    ergebnis = copy.deepcopy(dict(bisher))
    aktualisiere(ergebnis, antwort, copy.deepcopy, UNTERLISTEN[abschnitt])
    return ergebnis


_PFLICHT: dict[str, tuple[str, ...]] = {
    "eigenbemuehungen": ("text",),
    "zwischenziele": ("text",),
    "aktivitaeten": ("wer", "was"),
}


def fehlende_angaben(fall: Mapping[str, Any], antworten: Mapping[str, Any]) -> list[Problem]:
    """What a Folgegespräch's answers (plain data) lack for the case ``fall`` (plain data):
    an entry that names an existing one needs only the fields it changes, a new entry its
    required fields; a Vereinbarung where the case has none needs its ``art``. Paths are the
    answers' own, so the message points into the answers file."""
    probleme: list[Problem] = []
    v = antworten.get("vereinbarung")
    if isinstance(v, Mapping):
        bisher = fall.get("vereinbarung")
        if not isinstance(bisher, Mapping) and not v.get("art"):
            probleme.append(
                Problem(
                    ("vereinbarung", "art"),
                    "Pflichtangabe fehlt (der Fall hat noch keine Vereinbarung)",
                )
            )
        probleme += _neue_ohne_pflicht(("vereinbarung",), bisher, v, "eigenbemuehungen")
    ziel = antworten.get("ziel")
    if isinstance(ziel, Mapping):
        probleme += _neue_ohne_pflicht(("ziel",), fall.get("ziel"), ziel, "zwischenziele")
    strategien = antworten.get("strategien")
    bisherige = fall.get("strategien")
    bisherige = bisherige if isinstance(bisherige, list) else []
    if isinstance(strategien, list):
        for i, (s, treffer) in enumerate(
            zip(strategien, zuordnung(bisherige, strategien, STRATEGIE), strict=True)
        ):
            if isinstance(s, Mapping):
                alt = bisherige[treffer] if treffer is not None else None
                probleme += _neue_ohne_pflicht(("strategien", i), alt, s, "aktivitaeten")
    return probleme


def _neue_ohne_pflicht(
    ort: tuple[str | int, ...], bisher: Any, antwort: Mapping[str, Any], feld: str
) -> list[Problem]:
    neu = antwort.get(feld)
    if not isinstance(neu, list):
        return []
    alt = bisher.get(feld) if isinstance(bisher, Mapping) else None
    liste = alt if isinstance(alt, list) else []
    passt = UNTERLISTEN[str(ort[0])][1]  # the section the item list belongs to
    return [
        Problem((*ort, feld, i, pflicht), "Pflichtangabe fehlt")
        for i, (eintrag, treffer) in enumerate(zip(neu, zuordnung(liste, neu, passt), strict=True))
        if treffer is None and isinstance(eintrag, Mapping)
        for pflicht in _PFLICHT[feld]
        if eintrag.get(pflicht) in (None, "")
    ]


def aktualisiere(
    ziel: MutableMapping[str, Any],
    felder: Mapping[str, Any],
    rt: Callable[[Any], Any],
    unterliste: tuple[str, Passt] | None = None,
) -> None:
    """Set the named fields of ``ziel``; its item list (if named) is merged, not replaced."""
    for k, v in felder.items():
        if unterliste is not None and k == unterliste[0] and isinstance(v, list):
            bisher = ziel.get(k)
            ziel[k] = verschmelze(
                bisher if isinstance(bisher, list) else None, v, unterliste[1], rt
            )
        elif ziel.get(k) != v or k not in ziel:
            ziel[k] = rt(v)
