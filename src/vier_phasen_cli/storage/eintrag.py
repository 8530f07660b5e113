"""What reports need of one case file (:class:`Eintrag`), and its form in the cache: JSON.

The cache is read back from disk, so it holds data only, never anything that names code to
run (no pickle, no marshal). :func:`als_json` writes every field as JSON values (dates as
day numbers); :func:`aus_json` checks the shape and type of every value it reads and raises
:class:`Unbrauchbar` at the first surprise, so a damaged or planted entry is read again from
the case file instead of being believed. See docs/cache.md.
"""

from __future__ import annotations

import functools
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from vier_phasen_cli.domain.fallmerkmale import PHASEN, Fallmerkmale
from vier_phasen_cli.domain.fristen import ART_NAMEN, Fallkopf, Frist, Vertretungszeit
from vier_phasen_cli.domain.gueltigkeit import Gueltigkeit
from vier_phasen_cli.fehler import EXIT_EINGABE, DatenFehler

if TYPE_CHECKING:
    from vier_phasen_cli.domain.probleme import Pfad
    from vier_phasen_cli.storage.faelle import Dateiproblem


@dataclass(slots=True)
class Eintrag:
    """What reports need of one case file, computed once per version of the file and kept
    in the workspace's cache: small, so that 10,000 of them load in a blink."""

    ordner: Path
    name: str
    """The file is ``ordner / name`` (kept apart: 100,000 Path objects cost a report time)."""
    fehler: DatenFehler | None = None
    """DA001: the file could not be read or parsed."""
    probleme: list[Dateiproblem] = field(default_factory=list)
    """DA002 (then there is no case), DA003, KA001."""
    unbekannt: list[tuple[Pfad, int]] = field(default_factory=list)
    """Unknown keys (DA004) with their lines."""
    kopf: Fallkopf | None = None
    zeile: dict[str, Any] | None = None
    """The case's row in ``liste``."""
    fristen: tuple[Frist, ...] = ()
    befunde: list[tuple[int, str, str]] = field(default_factory=list)
    """The rules' findings as (line, code, message) …"""
    gueltig_ab: date | None = None
    gueltig_bis: date | None = None
    """… on the Stichtage for which they were computed to hold (None: unbounded)."""
    daten_json: bytes = b""
    """The validated case as JSON (zlib), for ``liste --format json``; only computed when
    asked for (it is the costliest part of an entry)."""
    merkmale: Fallmerkmale | None = None
    """What ``statistik`` counts of the case (None without a case)."""

    @property
    def pfad(self) -> Path:
        return self.ordner / self.name

    def gilt_am(self, stichtag: date) -> bool:
        """Whether the cached findings hold on ``stichtag``."""
        return Gueltigkeit(self.gueltig_ab, self.gueltig_bis).umfasst(stichtag)

    def als_fehler(self) -> DatenFehler | None:
        """What keeps the file out of ``liste`` and ``faellig`` (``pruefen`` reports each
        problem as a finding instead), or None for a usable case."""
        if self.fehler is not None:
            return self.fehler
        if not self.probleme:
            return None
        from vier_phasen_cli.storage.faelle import als_fehler

        return als_fehler(self.pfad, self.probleme)

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent from worker processes (in memory, never through a file) as one flat tuple,
        without the path: the receiver knows which file it asked for."""
        felder = (self.fehler, self.probleme, self.unbekannt, self.kopf, self.zeile)
        gueltig = (self.gueltig_ab, self.gueltig_bis)
        rest = (self.daten_json, self.merkmale)
        return (_eintrag, (*felder, self.fristen, self.befunde, *gueltig, *rest))

    def daten(self) -> dict[str, Any] | None:
        """The validated case as JSON data (ISO dates), as ``zeige --format json`` gives it;
        None when there is none, or what the cache held does not decode to a case (a
        damaged or planted row: decoded only here, once, as the report is written)."""
        if not self.daten_json:
            return None
        try:
            daten = orjson.loads(zlib.decompress(self.daten_json))
        except (zlib.error, ValueError):
            return None
        return daten if type(daten) is dict else None


_OHNE_ORDNER = Path()


def _eintrag(*felder: Any) -> Eintrag:
    """An entry from a worker; its folder and name are set by whoever asked for the file."""
    return Eintrag(_OHNE_ORDNER, "", *felder)


class Unbrauchbar(ValueError):
    """A cached entry that is not exactly what :func:`als_json` writes."""


# --- writing ------------------------------------------------------------------------------
#
# An entry is four JSON texts, so that a report reads only what it uses: the core
# ``[fehler, probleme, kopf]``, the rest of the row in ``liste`` (the keys beyond the
# head's), the findings ``[unbekannt, befunde, gueltig_ab, gueltig_bis]`` and what
# ``statistik`` counts (``Fallmerkmale`` as a list, or None); and its deadline items as rows
# of plain values (``FristZeile``), which the cache keeps sorted by date so that ``faellig``
# reads only those due by its horizon. Dates are day numbers (``date.toordinal``).

FristZeile = tuple[Any, ...]
"""One deadline item as the cache keeps it: ``(tag, nr, art, schluessel, fenster_ab, text,
fundstelle, verschoben_von)``, ``tag`` the due day and ``nr`` its place among the case's
items (which are sorted by date); without the case ID (the head has it)."""


class EintragJson(NamedTuple):
    """An entry in the cache's form: JSON texts, and the rows of its deadline items (None
    where a report did not read them)."""

    kern: bytes
    zeile: bytes | None
    befunde: bytes | None
    merkmale: bytes | None
    fristen: list[FristZeile] | None


_KOPF_IN_ZEILE = ("fall", "name", "rechtskreis", "fachkraft", "status")
"""The keys of ``Eintrag.zeile`` that repeat ``Eintrag.kopf`` (see ``_zeile_aus_json``)."""


def als_json(eintrag: Eintrag) -> EintragJson | None:
    """The entry (without its path and case data) in the cache's form; None for an entry
    the cache cannot hold exactly (it is then read from its file every time)."""
    try:
        kopf, zeile = eintrag.kopf, eintrag.zeile
        rest = None
        if zeile is not None:
            rest = {k: v for k, v in zeile.items() if k not in _KOPF_IN_ZEILE}
        kern = [
            _fehler_als_json(eintrag.fehler, eintrag.pfad),
            [[p.code, p.zeile, p.meldung, p.hinweis] for p in eintrag.probleme],
            _kopf_als_json(kopf) if kopf is not None else None,
            [f.faellig_am.toordinal() for f in eintrag.fristen],
        ]
        befunde = [
            [[list(pfad), zeile] for pfad, zeile in eintrag.unbekannt],
            [list(b) for b in eintrag.befunde],
            _tag_als_json(eintrag.gueltig_ab),
            _tag_als_json(eintrag.gueltig_bis),
        ]
        merkmale = _merkmale_als_json(eintrag.merkmale)
        kern_text, zeile_text, befunde_text, merkmale_text = (
            _kompakt(orjson.dumps(t)) for t in (kern, rest, befunde, merkmale)
        )
        fristen = _fristen_als_zeilen(eintrag.fristen)
        teile = EintragJson(kern_text, zeile_text, befunde_text, merkmale_text, fristen)
        # Reading back is the proof that nothing was lost or became something else.
        zurueck = aus_json(teile, eintrag.ordner, eintrag.name)
    except (Unbrauchbar, TypeError, ValueError, AttributeError):
        return None
    zurueck.daten_json = eintrag.daten_json
    if zurueck != eintrag or list(zurueck.zeile or ()) != list(zeile or ()):
        return None
    return teile


def _kompakt(text: bytes) -> bytes:
    """``text`` in memory of its size: orjson's result keeps its whole write buffer (about
    4 KiB), which would triple what a cold run over 100,000 cases holds until it saves."""
    return memoryview(text).tobytes()


def _fehler_als_json(fehler: DatenFehler | None, pfad: Path) -> list[Any] | None:
    if fehler is None:
        return None
    if (
        type(fehler) is not DatenFehler
        or fehler.datei != pfad
        or fehler.exit_status != EXIT_EINGABE
        or fehler.weitere
    ):
        raise Unbrauchbar("ein Fehler, den der Cache nicht abbildet")
    return [fehler.meldung, fehler.zeile, fehler.hinweis]


def _kopf_als_json(kopf: Fallkopf) -> list[Any]:
    """The head as five texts and its Vertretung (None, or ``[fachkraft, ab, bis]``)."""
    v = kopf.vertretung
    vertretung = None if v is None else [v.fachkraft, _tag_als_json(v.ab), _tag_als_json(v.bis)]
    return [*kopf[:5], vertretung]


def _fristen_als_zeilen(fristen: tuple[Frist, ...]) -> list[FristZeile]:
    return [
        (f.faellig_am.toordinal(), nr, f.art, f.schluessel, _tag_als_json(f.fenster_ab), f.text,
         f.fundstelle, _tag_als_json(f.verschoben_von))
        for nr, f in enumerate(fristen)
    ]  # fmt: skip


def _tag_als_json(tag: date | None) -> int | None:
    return tag.toordinal() if tag is not None else None


def _merkmale_als_json(m: Fallmerkmale | None) -> list[Any] | None:
    if m is None:
        return None
    return [*m[:7], [t.toordinal() for t in m.gespraeche], m.tage_bis_vereinbarung]


# --- reading ------------------------------------------------------------------------------
#
# Every value is checked for its exact type (JSON gives no subclasses): texts by joining
# them (a TypeError for anything else), day numbers by ``date.fromordinal``. Fast, because
# a warm report reads 10,000 entries.

_tag = date.fromordinal


def aus_json(
    teile: tuple[Any, Any, Any, Any, Any],
    ordner: Path,
    name: str,
    bis: int | None = None,
    fertig: list[Frist] | None = None,
) -> Eintrag:
    """The entry :func:`als_json` wrote (its row in ``liste``, its findings, what
    ``statistik`` counts and its deadline items only where those parts are given, not None;
    with ``bis``, the items given are those due by that day, ``fertig`` the items built from
    them); Unbrauchbar for anything else.

    The core lists the due day of every item, so the items given must be exactly those it
    says are due by ``bis``: an item lost from the cache cannot vanish from a report."""
    kern_text, zeile_text, befunde_text, merkmale_text, fristen = teile
    try:
        kern = orjson.loads(kern_text)
        if type(kern) is not list or len(kern) != 4:
            raise Unbrauchbar("kein Eintrag")
        fehler, probleme, kopf, tage = kern
        eintrag = Eintrag(ordner, name)
        if fehler is not None:
            eintrag.fehler = _fehler_aus_json(fehler, ordner / name)
        if probleme:
            eintrag.probleme = _probleme_aus_json(probleme)
        if kopf is not None:
            eintrag.kopf = kopf = _kopf_aus_json(kopf)
        elif fehler is None and not probleme:
            raise Unbrauchbar("weder Fall noch Fehler")
        if _liste(tage) and kopf is None:
            raise Unbrauchbar("Fristen ohne Fall")
        if fristen is not None:
            anzahl = len(tage) if bis is None else bisect_right(tage, bis)
            if len(fristen) != anzahl:
                raise Unbrauchbar("Fristen fehlen")
            if anzahl:
                eintrag.fristen = fristen_aus_zeilen(fristen, kopf, tage, fertig)
        if zeile_text is not None and (zeile := orjson.loads(zeile_text)) is not None:
            eintrag.zeile = _zeile_aus_json(zeile, kopf)
        if befunde_text is not None:
            _befunde_aus_json(orjson.loads(befunde_text), eintrag)
        if merkmale_text is not None and (merkmale := orjson.loads(merkmale_text)) is not None:
            if kopf is None:
                raise Unbrauchbar("Merkmale ohne Fall")
            eintrag.merkmale = _merkmale_aus_json(merkmale)
    except Unbrauchbar:
        raise
    except (TypeError, ValueError, OverflowError) as exc:  # orjson's errors are ValueErrors
        raise Unbrauchbar(type(exc).__name__) from None
    return eintrag


def _kopf_aus_json(werte: Any) -> Fallkopf:
    fall, name, fachkraft, rechtskreis, status, v = _liste(werte, 6)
    "".join((fall, name, fachkraft, rechtskreis, status))
    if v is None:  # almost every case: no Vertretung
        return Fallkopf(fall, name, fachkraft, rechtskreis, status)
    vertreter, ab, bis = _liste(v, 3)
    vertretung = Vertretungszeit(_text(vertreter), _tag(_zahl(ab)), _tag(_zahl(bis)))
    return Fallkopf(fall, name, fachkraft, rechtskreis, status, vertretung)


def _befunde_aus_json(werte: Any, eintrag: Eintrag) -> None:
    unbekannt, befunde, ab, bis = _liste(werte, 4)
    if unbekannt:
        eintrag.unbekannt = [_unbekannt_aus_json(u) for u in _liste(unbekannt)]
    if befunde:
        eintrag.befunde = [_befund_aus_json(b) for b in _liste(befunde)]
    if ab is not None:
        eintrag.gueltig_ab = _tag(_zahl(ab))
    if bis is not None:
        eintrag.gueltig_bis = _tag(_zahl(bis))


def daten_aus_cache(wert: Any) -> bytes:
    """A case's data as kept in the cache (``Eintrag.daten_json``). Decoding it twice (here
    to prove it, then to write it) cost ``liste --format json`` a third of its time:
    ``Eintrag.daten`` proves it as it decodes it, and ``lesen.falldaten`` reads the file
    again where it does not give a case."""
    if type(wert) is bytes and wert:
        return wert
    raise Unbrauchbar("keine Falldaten")


def _liste(wert: Any, laenge: int | None = None) -> list[Any]:
    if type(wert) is not list or (laenge is not None and len(wert) != laenge):
        raise Unbrauchbar("Liste erwartet")
    return wert


def _text(wert: Any) -> str:
    if type(wert) is not str:
        raise Unbrauchbar("Text erwartet")
    return wert


def _zahl(wert: Any) -> int:
    if type(wert) is not int:
        raise Unbrauchbar("ganze Zahl erwartet")
    return wert


def _text_oder_nichts(wert: Any) -> str | None:
    return None if wert is None else _text(wert)


def _fehler_aus_json(wert: Any, pfad: Path) -> DatenFehler:
    meldung, zeile, hinweis = _liste(wert, 3)
    zeile = None if zeile is None else _zahl(zeile)
    return DatenFehler(_text(meldung), datei=pfad, zeile=zeile, hinweis=_text_oder_nichts(hinweis))


def _probleme_aus_json(wert: Any) -> list[Dateiproblem]:
    from vier_phasen_cli.storage.faelle import Dateiproblem  # only for files with problems

    probleme = []
    for problem in _liste(wert):
        code, zeile, meldung, hinweis = _liste(problem, 4)
        probleme.append(
            Dateiproblem(_text(code), _zahl(zeile), _text(meldung), _text_oder_nichts(hinweis))
        )
    return probleme


def _unbekannt_aus_json(wert: Any) -> tuple[Pfad, int]:
    pfad, zeile = _liste(wert, 2)
    for teil in _liste(pfad):
        if type(teil) is not str and type(teil) is not int:
            raise Unbrauchbar("Schlüssel erwartet")
    return tuple(pfad), _zahl(zeile)


_ZEILENWERTE = (str, int, bool, type(None))


_ZEILENSCHLUESSEL = ["phase", "integrationsprognose", "zieloption", "folgegespraech"]
"""The keys of a case's row in ``liste`` beyond its head's, in order (``listenzeile``)."""


def _zeile_aus_json(rest: Any, kopf: Fallkopf | None) -> dict[str, Any]:
    if type(rest) is not dict or kopf is None or list(rest) != _ZEILENSCHLUESSEL:
        raise Unbrauchbar("Abschnitt erwartet")
    for inhalt in rest.values():  # keys are always texts in JSON
        if type(inhalt) not in _ZEILENWERTE:
            raise Unbrauchbar("einfacher Wert erwartet")
    if type(rest["phase"]) is not int:
        raise Unbrauchbar("Phase erwartet")
    folge = rest["folgegespraech"]
    if folge is not None:  # the table shows it as a German date
        try:
            if type(folge) is not str or date.fromisoformat(folge).isoformat() != folge:
                raise Unbrauchbar("Datum erwartet")
        except ValueError as fehler:
            raise Unbrauchbar("Datum erwartet") from fehler
    fall, name, fachkraft, rechtskreis, status, _ = kopf
    zeile = {"fall": fall, "name": name, "rechtskreis": rechtskreis, "fachkraft": fachkraft}
    zeile["status"] = status
    zeile.update(rest)
    return zeile


_ARTEN = frozenset(ART_NAMEN)
"""The kinds of deadline items this version knows (a planted one would stop a report)."""
_neue_frist = functools.partial(tuple.__new__, Frist)
"""A Frist from a tuple of its fields, without a Python call per item."""


def fristen_aus_zeilen(
    zeilen: list[Any],
    kopf: Fallkopf | None,
    tage: list[Any],
    fertig: list[Frist] | None = None,
) -> tuple[Frist, ...]:
    """The first deadline items of the case ``kopf`` from their rows in the cache, every
    value checked for its type; ``tage`` are the due days of all its items. ``fertig``:
    the items already built from these rows (:func:`fristen_je_datei`)."""
    if kopf is None:
        raise Unbrauchbar("Fristen ohne Fall")
    if [z[0] for z in zeilen] != tage[: len(zeilen)] or [z[1] for z in zeilen] != list(
        range(len(zeilen))
    ):
        raise Unbrauchbar("andere Fristen")
    if fertig is not None:
        if fertig[0].fall == kopf.id:
            return tuple(fertig)
        return tuple(f._replace(fall=kopf.id) for f in fertig)
    am, _, arten, schluessel, ab, texte, fundstellen, von = zip(*zeilen, strict=True)
    for spalte in (arten, schluessel, texte, fundstellen):
        "".join(spalte)
    if not _ARTEN.issuperset(arten):
        raise Unbrauchbar("unbekannte Art")
    faellig = map(_tag, am)
    fenster = [None if t is None else _tag(t) for t in ab]
    verschoben = [None if t is None else _tag(t) for t in von]
    felder = zip(
        repeat(kopf.id), arten, schluessel, faellig, fenster, texte, fundstellen, verschoben
    )
    return tuple(map(_neue_frist, felder))


def fristen_je_datei(
    zeilen: list[tuple[Any, ...]],
) -> tuple[dict[str, list[Any]], dict[str, list[Frist]]]:
    """The cache's item rows (each the file's name, then a ``FristZeile``) by file, and the
    items built from them – in one pass over each column, with a file's name less
    ``.yaml`` as the case ID (``fristen_aus_zeilen`` puts the head's in its place if it
    differs). Where items are built, a file's rows are kept as ``(tag, nr)`` only, which is
    all their check needs; when any value has the wrong type none are built, and each
    file's rows are kept whole, to be built and checked on their own."""
    if not zeilen:
        return {}, {}
    namen, am, nummern, arten, schluessel, ab, texte, fundstellen, von = zip(*zeilen, strict=True)
    try:
        for spalte in (namen, arten, schluessel, texte, fundstellen):
            "".join(spalte)
        if not _ARTEN.issuperset(arten):  # each file's rows checked on their own
            raise ValueError("unbekannte Art")
        faellig = map(_tag, am)
        fenster = [None if t is None else _tag(t) for t in ab]
        verschoben = [None if t is None else _tag(t) for t in von]
        faelle = [n.removesuffix(".yaml") for n in namen]
        felder = zip(
            faelle, arten, schluessel, faellig, fenster, texte, fundstellen, verschoben, strict=True
        )
        fristen = list(map(_neue_frist, felder))
    except (TypeError, ValueError, OverflowError):
        roh: dict[str, list[Any]] = {}
        for zeile in zeilen:
            roh.setdefault(zeile[0], []).append(zeile[1:])
        return roh, {}
    je_datei: dict[str, list[Any]] = {}
    gebaut: dict[str, list[Frist]] = {}
    for name, paar, frist in zip(namen, zip(am, nummern, strict=True), fristen, strict=True):
        eigene = je_datei.get(name)
        if eigene is None:
            je_datei[name] = [paar]
            gebaut[name] = [frist]
        else:
            eigene.append(paar)
            gebaut[name].append(frist)
    return je_datei, gebaut


_PHASEN = frozenset(PHASEN)


def _merkmale_aus_json(werte: Any) -> Fallmerkmale:
    phase, prognose, option, bedarfe, strategien, grund, vereinbarung, tage, bis = _liste(werte, 9)
    if phase not in _PHASEN or type(vereinbarung) is not bool:
        raise Unbrauchbar("keine Merkmale")
    "".join((*_liste(bedarfe), *_liste(strategien)))
    return Fallmerkmale(
        phase,
        _text_oder_nichts(prognose),
        _text_oder_nichts(option),
        tuple(bedarfe),
        tuple(strategien),
        _text_oder_nichts(grund),
        vereinbarung,
        tuple(map(_tag, map(_zahl, _liste(tage)))),
        None if bis is None else _zahl(bis),
    )


def _befund_aus_json(wert: Any) -> tuple[int, str, str]:
    zeile, code, meldung = _liste(wert, 3)
    return _zahl(zeile), _text(code), _text(meldung)
