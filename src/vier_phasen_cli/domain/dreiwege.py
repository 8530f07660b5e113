"""The three-way merge of a case's data (SPEC §11, identities pinned in §16).

Two colleagues changed the same case file since a common version (``basis``): ``unsere`` is
the version being merged into, ``ihre`` the incoming one. Mappings merge key by key; lists of
records merge by identity, so two conversations, ticked items and new Eigenbemühungen of both
sides all stay:

- ``gespraeche``, ``wechsel`` and every ``*_historie`` list by whole content (a recorded
  conversation is never edited, so two same-day notes of two colleagues are two entries);
- ``strategien`` and ``handlungsbedarfe`` by ``code``, ``staerken`` by (``art``, ``text``),
  ``produkte`` by (``bezeichnung``, ``beginn``);
- items (Zwischenziele, Aktivitäten within their strategy, Eigenbemühungen, Wiedervorlagen) by
  ``nr`` (their stable number, :mod:`vier_phasen_cli.domain.eintraege`); an item both sides
  added with the same ``nr`` but different content is two items: the incoming one gets the
  next free number;
- ``leistungen`` and ``andere_traeger`` (plain strings) as ordered set unions.

Within a matched record fields merge three-way. ``termine.folgegespraech`` and
``vereinbarung.ueberprueft`` take the later date when both sides changed them; any other value
changed differently on both sides is a conflict. A deletion on one side with no change on the
other is honoured; deleted on one side and changed on the other is a conflict.

The result comes twice: with every conflict resolved as ``unsere`` (``daten``) and as ``ihre``
(``ihre_fassung``). The two differ exactly where the conflicts are, which is what the merge
driver wraps in conflict markers (docs/zusammenfuehren.md). Pure: plain data in, plain data
out (dicts, lists, scalars), nothing is changed in place.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from vier_phasen_cli.domain.eintraege import gespeicherte_nummern, wirksame_nummern
from vier_phasen_cli.domain.probleme import Pfad


class _Fehlt(enum.Enum):
    FEHLT = "fehlt"


FEHLT = _Fehlt.FEHLT
"""A key or entry that one version does not have."""

Schema = tuple[str, ...]
"""A place in the case format: the keys of a path without list positions
(``("strategien", "aktivitaeten")`` for every strategy's activities)."""


@dataclass(frozen=True)
class Listenregel:
    """How the entries of a list are matched across versions."""

    art: Literal["inhalt", "felder", "nr"]
    felder: tuple[str, ...] = ()


INHALT = Listenregel("inhalt")
NR = Listenregel("nr")

LISTEN: dict[Schema, Listenregel] = {
    ("gespraeche",): INHALT,
    ("wechsel",): INHALT,
    ("strategien",): Listenregel("felder", ("code",)),
    ("potenzialanalyse", "handlungsbedarfe"): Listenregel("felder", ("code",)),
    ("potenzialanalyse", "staerken"): Listenregel("felder", ("art", "text")),
    ("produkte",): Listenregel("felder", ("bezeichnung", "beginn")),
    ("ziel", "zwischenziele"): NR,
    ("strategien", "aktivitaeten"): NR,
    ("vereinbarung", "eigenbemuehungen"): NR,
    ("wiedervorlagen",): NR,
    ("vereinbarung", "leistungen"): INHALT,
    ("vereinbarung", "andere_traeger"): INHALT,
}
"""The lists merged by identity (SPEC §16); ``*_historie`` lists are added by
:func:`listenregel`. Any other list is one value."""

SPAETERES_DATUM: frozenset[Schema] = frozenset(
    {("termine", "folgegespraech"), ("vereinbarung", "ueberprueft")}
)
"""Dates where both sides moving them is no conflict: the later one holds."""


def listenregel(schema: Schema) -> Listenregel | None:
    """How the list at ``schema`` merges, or None when it is one value."""
    if len(schema) == 1 and schema[0].endswith("_historie"):
        return INHALT
    return LISTEN.get(schema)


@dataclass(frozen=True)
class Konflikt:
    """A value both sides changed differently, where it is in the merged data."""

    pfad: Pfad


@dataclass(frozen=True)
class Zusammenfuehrung:
    daten: Any
    """The merged data, every conflict resolved as ``unsere``."""
    ihre_fassung: Any
    """The same with every conflict resolved as ``ihre`` (equal to ``daten`` without one)."""
    konflikte: tuple[Konflikt, ...]


def zusammenfuehren(basis: Any, unsere: Any, ihre: Any) -> Zusammenfuehrung:
    """Merge the changes of ``unsere`` and ``ihre`` since ``basis`` (:data:`FEHLT` when the
    versions have no common one)."""
    lauf = _Lauf("unsere")
    daten = lauf.wert(basis, unsere, ihre, (), ())
    if not lauf.konflikte:
        return Zusammenfuehrung(daten, daten, ())
    ihre_fassung = _Lauf("ihre").wert(basis, unsere, ihre, (), ())
    return Zusammenfuehrung(daten, ihre_fassung, tuple(lauf.konflikte))


def inhalt(wert: Any) -> Hashable:
    """A hashable image of plain data that tells apart what YAML tells apart (``1`` and
    ``true``, ``1`` and ``1.0``, a date and a text) and ignores key order."""
    if isinstance(wert, dict):
        return ("{}", frozenset((k, inhalt(v)) for k, v in wert.items()))
    if isinstance(wert, list | tuple):
        return ("[]", tuple(inhalt(v) for v in wert))
    return (type(wert).__name__, wert)


def gleich(a: Any, b: Any) -> bool:
    """Whether two pieces of plain data hold the same values (see :func:`inhalt`)."""
    return a is b or inhalt(a) == inhalt(b)


Identitaet = tuple[Hashable, int]
"""An entry's identity in its list: what identifies it, and which occurrence of that it is."""


def identitaeten(liste: Sequence[Any], regel: Listenregel) -> list[Identitaet]:
    """Each entry's identity under ``regel``; a repeated identity is counted on, so two equal
    entries stay two."""
    if regel.art == "nr":
        roh: list[Hashable] = list(wirksame_nummern(gespeicherte_nummern(liste)))
    elif regel.art == "felder":
        roh = [
            tuple(inhalt(e.get(f)) for f in regel.felder) if isinstance(e, dict) else inhalt(e)
            for e in liste
        ]
    else:
        roh = [inhalt(e) for e in liste]
    gezaehlt: dict[Hashable, int] = {}
    ergebnis: list[Identitaet] = []
    for schluessel in roh:
        gezaehlt[schluessel] = gezaehlt.get(schluessel, 0) + 1
        ergebnis.append((schluessel, gezaehlt[schluessel]))
    return ergebnis


@dataclass
class _Lauf:
    """One pass of the merge, resolving conflicts to one side."""

    seite: Literal["unsere", "ihre"]
    konflikte: list[Konflikt] = field(default_factory=list)

    def wert(self, b: Any, o: Any, t: Any, pfad: Pfad, schema: Schema) -> Any:
        if gleich(o, t):
            return o
        if gleich(b, o):
            return t
        if gleich(b, t):
            return o
        if isinstance(o, dict) and isinstance(t, dict):
            return self.karte(b if isinstance(b, dict) else {}, o, t, pfad, schema)
        regel = listenregel(schema)
        if regel is not None and isinstance(o, list) and isinstance(t, list):
            b_liste = b if isinstance(b, list) else []
            return self.liste(b_liste, o, t, regel, pfad, schema)
        if schema in SPAETERES_DATUM and _ist_datum(o) and _ist_datum(t):
            return max(o, t)
        return self.konflikt(pfad, o, t)

    def konflikt(self, pfad: Pfad, o: Any, t: Any) -> Any:
        self.konflikte.append(Konflikt(pfad))
        return o if self.seite == "unsere" else t

    def karte(
        self, b: dict[str, Any], o: dict[str, Any], t: dict[str, Any], pfad: Pfad, schema: Schema
    ) -> dict[str, Any]:
        ergebnis: dict[str, Any] = {}
        for k in [*o, *(k for k in t if k not in o)]:
            bk, ok, tk = b.get(k, FEHLT), o.get(k, FEHLT), t.get(k, FEHLT)
            w = self.wert(bk, ok, tk, (*pfad, k), (*schema, k))
            if w is not FEHLT:
                ergebnis[k] = w
        return ergebnis

    def liste(
        self,
        b: list[Any],
        o: list[Any],
        t: list[Any],
        regel: Listenregel,
        pfad: Pfad,
        schema: Schema,
    ) -> list[Any]:
        bk = dict(zip(identitaeten(b, regel), b, strict=True))
        ok = dict(zip(identitaeten(o, regel), o, strict=True))
        tk = dict(zip(identitaeten(t, regel), t, strict=True))
        naechste = max((_nr(k) for k in (*bk, *ok, *tk)), default=0)
        ergebnis: list[tuple[Any, int]] = []  # each entry with its number (item lists)
        for k, e in ok.items():
            stelle = (*pfad, len(ergebnis))
            if k in tk and (k in bk or regel.art != "nr" or gleich(e, tk[k])):
                w = self.wert(bk.get(k, FEHLT), e, tk[k], stelle, schema)
            elif k in tk or k not in bk:  # added by us (and, as another item, by them)
                w = e
            else:  # deleted by them
                w = FEHLT if gleich(bk[k], e) else self.konflikt(stelle, e, FEHLT)
            if w is not FEHLT:
                ergebnis.append((w, _nr(k)))
        for k, e in tk.items():
            if k in ok and (k in bk or regel.art != "nr" or gleich(e, ok[k])):
                continue  # merged above
            nr = _nr(k)
            if k in ok:  # the same nr added on both sides for different items
                naechste += 1
                w, nr = _mit_nr(e, naechste), naechste
            elif k in bk:  # deleted by us
                w = FEHLT if gleich(bk[k], e) else self.konflikt((*pfad, len(ergebnis)), FEHLT, e)
            else:
                w = e
            if w is not FEHLT:
                _reihe_ein(ergebnis, (w, nr), regel)
        liste = [e for e, _ in ergebnis]
        if regel.art == "nr" and not gleich(liste, o):
            # Every save of the tool writes the numbers of a list it changed; here it matters:
            # an unnumbered item counts by its position, which the merge may have moved.
            liste = [
                _mit_nr(e, nr) if isinstance(e, dict) and e.get("nr") is None else e
                for e, nr in ergebnis
            ]
        return liste


def _mit_nr(eintrag: Any, nr: int) -> Any:
    if not isinstance(eintrag, dict):
        return eintrag
    return {"nr": nr, **{f: v for f, v in eintrag.items() if f != "nr"}}


def _ist_datum(wert: Any) -> bool:
    return isinstance(wert, date)


def _nr(identitaet: Identitaet) -> int:
    """The number of an item (0 for an entry of a list not merged by ``nr``)."""
    nr = identitaet[0]
    return nr if isinstance(nr, int) and not isinstance(nr, bool) else 0


def _reihe_ein(liste: list[tuple[Any, int]], eintrag: tuple[Any, int], regel: Listenregel) -> None:
    """Add an entry of theirs: a dated record of a content list (a conversation, a history
    entry) before the first later one, so conversations stay in date order; else at the end."""
    datum = eintrag[0].get("datum") if isinstance(eintrag[0], dict) else None
    if regel.art == "inhalt" and isinstance(datum, date):
        for i, (vorhanden, _) in enumerate(liste):
            anderes = vorhanden.get("datum") if isinstance(vorhanden, dict) else None
            if isinstance(anderes, date) and anderes > datum:
                liste.insert(i, eintrag)
                return
    liste.append(eintrag)
