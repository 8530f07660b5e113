"""One semantics for case files: the round-trip reader (``zeige``, wizards, edits) and the fast
reader (``liste``, ``faellig``, ``pruefen``) accept and refuse the same files, with equal values
and equal lines (docs/yaml-lesen.md).

A differential property test, as CPython compared its old and new parsers: hypothesis writes
case-like YAML documents full of scalars that YAML versions and libraries read differently,
and both readers must agree on each. The fast reader may hand a file to the round-trip reader
(``Sonderfall``): reports then use that reader's verdict, so only what the fast reader
returns itself needs comparing. ``VIER_PHASEN_FUZZ=N`` runs N examples instead of 300.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import VersionedResolver

from tests.conftest import REPO, Aufruf
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell
from vier_phasen_cli.storage.zeilen import Zeilenkarte

Leser = Callable[[str], tuple[Any, Zeilenkarte]]

# Scalars that YAML 1.1, YAML 1.2, ruamel.yaml and LibYAML do not all read alike.
WERTE = [
    "=", "~", "null", "Null", "NULL", "", "no", "No", "on", "off", "Yes", "y", "n", "true",
    "False", "TRUE", "1:20", "190:20:30", "0815", "0123", "0o17", "0x1F", "-0x1f", "0b101",
    "1_000", "-_", "0b_", "0o_", "0x_", "_", "__1", "-_1", "1._", "._1", ".5e3", "1e3",
    "1.0e+3", "1.10", "+1", "-0", "0.", ".", "-", "1,5", "50%", ".inf", "-.Inf", "+.INF",
    ".nan", "-.NaN", ".NAN", "2026-02-28", "2026-02-30", "9999-12-31", "0001-01-01",
    "0000-01-01", "1899-12-31", "2026-2-3", "2026-12-01T10:00:00", "2026-12-01 10:00:00+02:00",
    "2026-12-01t10:00:00.5Z", "2026-12-01 10:00:00 +0200", "2026-12-01T25:00:00",
    "2026-02-30T10:00:00", "2026-12-01T10:00:00.1234567-5", "'2026-12-01'", '"2026-12-01"',
    "'no'", '"~"', "''", '""', "'it''s'", '"\\e"', '"\\x9b"', '"\\x1b[8m"', '"\\u2028"',
    '"\\x85"', '"\\N"', '"\\_"', '"\\L"', '"\\P"', '"\\t"', '"a\\tb"', '"\\0"', '"\\uFEFF"',
    "x\u2028y", "x\u0085y", "x\u2029", "\ufeffx", "x\x1by", "x\x9by", "a\tb", "Erika Müller",
    "😀", "\u202egegenläufig", "e\u0301", "x # Kommentar", "x#y", "a: b", "'a: b'", "a -b",
    "@x", "`x", "%x", "!!str 1", "!!int 3", "!!python/object:os.system ls", "!x y", "&a x",
    "*a", "&a", "[]", "{}", "[no, ~, 1:20]", "{a: 1, b: ~}", "[a, [b, [c]]]", "{? x}",
    "beschaeftigung-lokal", "SGB II", "M. Schmidt", "4711A000123",
]  # fmt: skip
SCHLUESSEL = [
    "format", "id", "status", "kunde", "name", "geburtsdatum", "rechtskreis", "fachkraft",
    "reha", "potenzialanalyse", "datum", "ausnahme", "staerken", "art", "text",
    "handlungsbedarfe", "code", "notiz", "erledigt", "ziel", "bis", "strategien",
    "aktivitaeten", "was", "vereinbarung", "termine", "gespraeche", "vermerk", "unbekannt",
]  # fmt: skip
FEINDLICHE_SCHLUESSEL = [
    "~", "null", "''", '""', "1", "0x10", "true", "False", "1.5", "-1", "2026-01-01", "<<",
    '"<<"', "=", "'~'", '"1"', "!!str k", "&s k", "'#raute'", '"mit\\ttab"', "'a: b'",
    "no", "on", "Yes", "_", "? [a]", "? {a: 1}", "? x",
]  # fmt: skip
BLOCKSKALARE = ["|", "|-", "|+", ">", ">-", "|2"]


@dataclass(frozen=True)
class Skalar:
    text: str  # as written after "key: " or "- "


@dataclass(frozen=True)
class Block:
    kopf: str  # "|", ">-", …
    zeilen: tuple[str, ...]


@dataclass(frozen=True)
class Mehrzeilig:
    zeichen: str  # "", "'" or '"': plain or quoted, folded over several lines
    zeilen: tuple[str, ...]


@dataclass(frozen=True)
class Karte:
    eintraege: tuple[tuple[str, Any], ...]
    fluss: bool


@dataclass(frozen=True)
class Folge:
    eintraege: tuple[Any, ...]
    fluss: bool


ABGEGEBEN = frozenset("!&*\t\x1b\x9b\x85\u2028\u2029\ufeff")
"""Characters that send every file to the round-trip reader (tags, anchors, aliases, tabs,
control characters, YAML 1.1 line breaks): half the documents go without them, so that the
fast reader reads them itself and the values are compared."""


def _ohne(texte: list[str]) -> list[str]:
    return [t for t in texte if not ABGEGEBEN.intersection(t)]


Strategien = tuple[st.SearchStrategy[Any], st.SearchStrategy[Any], Any]


def _knoten(mild: bool, alle_werte: list[str] = WERTE) -> Strategien:
    """The strategies for keys, scalars and nodes; ``mild``: nothing that is handed over."""
    werte = _ohne(alle_werte) if mild else alle_werte
    feindlich = _ohne(FEINDLICHE_SCHLUESSEL) if mild else FEINDLICHE_SCHLUESSEL
    schluessel = st.one_of(
        st.sampled_from(SCHLUESSEL), st.sampled_from(SCHLUESSEL), st.sampled_from(feindlich)
    )
    zeichen = (
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=ABGEGEBEN)
        if mild
        else st.characters(codec="utf-8", exclude_characters="\n\r")
    )
    freitext = st.text(alphabet=zeichen, min_size=1, max_size=30)
    skalar = st.one_of(
        st.sampled_from(werte).map(Skalar),
        st.sampled_from(werte).map(Skalar),
        freitext.map(lambda t: Skalar(json.dumps(t))),  # any text, double-quoted (JSON escapes)
        freitext.map(lambda t: Skalar("'" + t.replace("'", "''") + "'")),
        freitext.map(Skalar),  # plain: may be anything
        st.integers(1, 3000).map(lambda n: Skalar("x" * n)),
        st.dates(date(1, 1, 1), date(9999, 12, 31)).map(lambda d: Skalar(d.isoformat())),
    )
    zeilentext = st.text(alphabet=" abcxyzäö#:-'\"\\" + ("" if mild else "\t"), max_size=8)
    mehrzeilig = st.builds(
        Mehrzeilig,
        st.sampled_from(["", "'", '"']),
        st.lists(zeilentext, min_size=2, max_size=4).map(tuple),
    )
    block = st.builds(
        Block,
        st.sampled_from(BLOCKSKALARE),
        st.lists(st.one_of(st.sampled_from(werte), freitext), min_size=1, max_size=3).map(tuple),
    )

    def sammlungen(innen: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.builds(
                Karte, st.lists(st.tuples(schluessel, innen), max_size=5).map(tuple), st.booleans()
            ),
            st.builds(Folge, st.lists(innen, max_size=4).map(tuple), st.booleans()),
        )

    knoten = st.recursive(st.one_of(skalar, block, mehrzeilig), sammlungen, max_leaves=25)
    return schluessel, skalar, knoten


STRATEGIEN = {mild: _knoten(mild) for mild in (False, True)}


def _fluss(k: Any) -> str:
    if isinstance(k, Karte):
        return "{" + ", ".join(f"{s}: {_fluss(w)}" for s, w in k.eintraege) + "}"
    if isinstance(k, Folge):
        return "[" + ", ".join(_fluss(w) for w in k.eintraege) + "]"
    if isinstance(k, Block):
        return json.dumps("\n".join(k.zeilen))
    if isinstance(k, Mehrzeilig):
        return k.zeichen + " ".join(k.zeilen) + k.zeichen
    return str(k.text)


def _block(k: Any, einzug: int) -> list[str]:
    """``k`` as the lines of a block collection at ``einzug`` (a scalar: one line)."""
    rand = " " * einzug
    if isinstance(k, Karte) and not k.fluss and k.eintraege:
        zeilen = []
        for s, w in k.eintraege:
            if s.startswith("? "):  # a complex key: "? key" then ": value"
                zeilen.append(rand + s)
                zeilen.extend(_wert(rand + ":", w, einzug))
            else:
                zeilen.extend(_wert(f"{rand}{s}:", w, einzug))
        return zeilen
    if isinstance(k, Folge) and not k.fluss and k.eintraege:
        zeilen = []
        for w in k.eintraege:
            zeilen.extend(_wert(rand + "-", w, einzug))
        return zeilen
    return [rand + _fluss(k)]


def _wert(anfang: str, w: Any, einzug: int) -> list[str]:
    if isinstance(w, Block):
        innen = " " * (einzug + 2)
        return [f"{anfang} {w.kopf}", *(innen + z for z in w.zeilen)]
    if isinstance(w, Mehrzeilig):
        erste, *weitere = w.zeilen
        innen = " " * (einzug + 2)
        return [f"{anfang} {w.zeichen}{erste}", *(innen + z for z in weitere[:-1]),
                innen + weitere[-1] + w.zeichen]  # fmt: skip
    if isinstance(w, Karte | Folge) and not w.fluss and w.eintraege:
        return [anfang, *_block(w, einzug + 2)]
    text = _fluss(w)
    return [f"{anfang} {text}" if text else anfang]


@st.composite
def falldokument(draw: st.DrawFn, strategien: dict[bool, Strategien] = STRATEGIEN) -> str:
    """A case-like document: the required keys, then generated sections, maybe a
    directive, document markers, comments and a duplicated line."""
    schluessel, skalar, knoten = strategien[draw(st.booleans())]
    kopf = [
        "format: 1",
        f"id: {draw(st.sampled_from(['4711A000123', '0815', 'X1', '~', '2026-01-01']))}",
        "kunde:",
        f"  name: {draw(skalar).text}",
        "rechtskreis: SGB III",
        f"fachkraft: {draw(skalar).text}",
    ]
    rest = _block(draw(st.builds(Karte, st.lists(st.tuples(schluessel, knoten), max_size=6)
                                 .map(tuple), st.just(False))), 0)  # fmt: skip
    zeilen = kopf + (rest if rest != ["{}"] else [])
    if draw(st.integers(0, 19)) == 0:  # now and then no mapping at the top
        zeilen = _block(draw(knoten), 0)
    if draw(st.booleans()):
        i = draw(st.integers(0, len(zeilen) - 1))
        zeilen.insert(i, draw(st.sampled_from([zeilen[i], "# Kommentar", "", "  # eingerückt"])))
    vorspann = draw(st.sampled_from(["", "", "", "---\n", "%YAML 1.2\n---\n", "%YAML 1.1\n---\n"]))
    return vorspann + "\n".join(zeilen) + draw(st.sampled_from(["\n", "", "\n...\n"]))


def _rt(text: str) -> tuple[Any, yamldatei.Dokumentzeilen] | DatenFehler:
    """What the round-trip reader makes of ``text``: data and line map, or its refusal."""
    try:
        dokument = yamldatei.lade(Path("fall.yaml"), text.encode("utf-8"))
    except DatenFehler as exc:
        return exc
    return dokument.daten, yamldatei.Dokumentzeilen(dokument.daten)


def _gleich(a: Any, b: Any) -> bool:
    """Deep equality that also compares the plain type of every value (date ≠ datetime,
    1 ≠ 1.0 ≠ True) and takes NaN as equal to NaN."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and list(a) == list(b)
            and all(_art(x) is _art(y) for x, y in zip(a, b, strict=True))
            and all(_gleich(a[k], b[k]) for k in a)
        )
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(_gleich(x, y) for x, y in zip(a, b, strict=True))
        )
    if _art(a) is not _art(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    return bool(a == b)


def _art(wert: Any) -> type:
    """The plain type behind a value (ruamel returns subclasses such as ScalarFloat)."""
    return next(
        t for t in (bool, int, float, str, datetime, date, type(None)) if isinstance(wert, t)
    )


def _pfade(daten: Any, pfad: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(daten, CommentedMap):
        for k, v in daten.items():
            yield (*pfad, k)
            yield from _pfade(v, (*pfad, k))
    elif isinstance(daten, CommentedSeq):
        for i, v in enumerate(daten):
            yield (*pfad, i)
            yield from _pfade(v, (*pfad, i))


def pruefe_gleich(text: str, leser: Leser = lade_schnell) -> str:
    """Assert that ``leser`` (a fast reader) and the round-trip reader agree on ``text``;
    what happened, for statistics."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a library's warning would print the file's lines
        rt = _rt(text)  # a crash here (not a DatenFehler) fails the test: never a traceback
        try:
            daten, karte = leser(text)
        except Sonderfall:  # reports use the round-trip reader's verdict
            return f"abgegeben, {rt.meldung if isinstance(rt, DatenFehler) else 'gelesen'}"
    assert not isinstance(rt, DatenFehler), f"nur der schnelle Leser nimmt an: {rt}"
    rt_daten, rt_karte = rt
    assert _gleich(daten, yamldatei.klar(rt_daten)), (daten, yamldatei.klar(rt_daten))
    for pfad in _pfade(rt_daten):
        assert all(isinstance(t, str | int) for t in pfad)
        assert karte.zeile(pfad) == rt_karte.zeile(pfad) is not None, pfad
        assert karte.zeile_von((*pfad, "fehlt")) == rt_karte.zeile_von((*pfad, "fehlt")), pfad
    return "gleich"


@settings(
    max_examples=int(os.environ.get("VIER_PHASEN_FUZZ", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(falldokument())
@example("format: 1\nnotiz: =\n")
@example("format: 1\n~: x\n")
@example("format: 1\nkunde:\n  null: x\n")
@example("format: 1\n<<: {a: 1}\n")
@example("%YAML 1.1\n---\nformat: 1\nreha: no\n")
@example("%YAML 1.3\n---\nformat: 1\n")
@example("format: 1\nnotiz: -_\nx: 0x_\ny: 0b_\n")
@example("format: 1\n2026-01-01: a\n1: b\n")
@example("format: 1\nx: #\n  \\\n  \n")  # ruamel: NotImplementedError (now refused alike)
def test_beide_leser_gleich(text: str) -> None:
    event(pruefe_gleich(text))


@pytest.mark.parametrize(
    ("text", "meldung", "zeile"),
    [
        ("format: 1\n~: x\n", "Schlüssel muss ein Text sein", 2),
        ("format: 1\nkunde:\n  null: x\n", "Schlüssel muss ein Text sein", 3),
        ("format: 1\n1: x\n", "Schlüssel muss ein Text sein", 2),
        ("format: 1\ntrue: x\n", "Schlüssel muss ein Text sein", 2),
        ("format: 1\n2026-01-01: x\n", "Schlüssel muss ein Text sein", 2),
        ("format: 1\n? [a]\n: x\n", "Schlüssel muss ein Text sein", 2),
        ("format: 1\nb: 2\n<<: {a: 1}\n", "Zusammenführen mit << ist in dieser Datei", 3),
        ("%YAML 1.1\n---\nformat: 1\n", "Die Datei verlangt eine andere YAML-Version", 1),
        ("%YAML 1.3\n---\nformat: 1\n", "Die Datei verlangt eine andere YAML-Version", 1),
        (
            "format: 1\nid: a\x08b\n",
            "Datei enthält ein Zeichen, das YAML nicht erlaubt (U+0008)",
            2,
        ),
        ("format: 1\nid: a\tb\n", "Kein gültiges YAML: Tabulator zum Einrücken oder in einem", 2),
        ("~\n", "Datei enthält keine Angaben", None),
        ("format: 1\nvermerk: # Freitext\n  pünktlich\n\nx: 1\n", "Kommentar hinter einem", 2),
    ],
)
def test_beide_leser_lehnen_ab(text: str, meldung: str, zeile: int | None) -> None:
    """Refused by the round-trip reader with file and line; the fast reader hands it over."""
    with pytest.raises(Sonderfall):
        lade_schnell(text)
    fehler = _rt(text)
    assert isinstance(fehler, DatenFehler)
    assert str(fehler).startswith(meldung) and fehler.zeile == zeile


@pytest.mark.parametrize(
    ("text", "wert"),
    [
        ("notiz: =\n", "="),
        ("notiz: -_\n", "-_"),
        ("notiz: 0x_\n", "0x_"),
        ("notiz: 0b_\n", "0b_"),
        ("notiz: 0o_\n", "0o_"),
        ("'~': x\nnotiz: 1\n", 1),
        ('"<<": x\nnotiz: 2\n', 2),
        ("%YAML 1.2\n---\nnotiz: no\n", "no"),
    ],
)
def test_beide_leser_lesen(text: str, wert: Any) -> None:
    rt = _rt(text)
    assert not isinstance(rt, DatenFehler)
    assert yamldatei.klar(rt[0])["notiz"] == wert
    pruefe_gleich(text)


def test_aufloeser_haken_gibt_es_noch() -> None:
    """yamldatei.Aufloeser overrides two undocumented members of ruamel's resolver: fail
    loudly when an upgrade renames them (the table would silently not apply)."""
    assert isinstance(VersionedResolver.__dict__["versioned_resolver"], property)
    assert isinstance(VersionedResolver.__dict__["processing_version"], property)
    assert yamldatei.klar(yamldatei.rt_yaml().load("a: =\nb: 0x_\n")) == {"a": "=", "b": "0x_"}


FALL = """\
format: 1
id: {id}
kunde:
  name: Test Person
rechtskreis: SGB III
fachkraft: M. Schmidt
potenzialanalyse:
  datum: 2026-10-01
  handlungsbedarfe:
    - code: oertliche-mobilitaet
      notiz: =
{extra}"""


@pytest.mark.parametrize(
    ("extra", "meldung", "zeile"),
    [
        ("", None, None),
        ("~: x\n", "Schlüssel muss ein Text sein", 12),
        ("<<: {status: aktiv}\n", "Zusammenführen mit << ist in dieser Datei nicht erlaubt", 12),
    ],
)
def test_zeige_und_berichte_gleich(
    vp: Aufruf, demo: Path, extra: str, meldung: str | None, zeile: int | None
) -> None:
    """Issue 12: ``notiz: =`` passed ``pruefen``/``liste`` but ``zeige`` refused the file
    ("Typangaben mit ! oder !!"); a ``~: x`` key the other way round. Now every command
    reads such a file alike."""
    (demo / "cases" / "H5X.yaml").write_text(FALL.format(id="H5X", extra=extra), "utf-8")
    zeige = vp("--ablage", demo, "zeige", "H5X", "--format", "json")
    liste = vp("--ablage", demo, "liste", "--format", "json")
    pruefen = vp("--ablage", demo, "pruefen", "--format", "json")
    assert "Traceback" not in zeige.stderr + liste.stderr + pruefen.stderr
    if meldung is None:
        assert zeige.exit_code == 0, zeige.stderr
        bedarf = json.loads(zeige.stdout)["potenzialanalyse"]["handlungsbedarfe"][0]
        assert bedarf["notiz"] == "="
        assert "H5X" in {f["id"] for f in json.loads(liste.stdout)["faelle"]}
        befunde = json.loads(pruefen.stdout)["befunde"]
        assert not [b for b in befunde if b["fall"] == "H5X" and b["code"].startswith("DA")]
        return
    assert zeige.exit_code == 2 and zeige.stdout == ""
    assert zeige.stderr.startswith(f"Fehler: {demo / 'cases' / 'H5X.yaml'}:{zeile}: {meldung}")
    fehler = {f["datei"]: f for f in json.loads(liste.stdout)["fehler"]}
    assert liste.exit_code == 2
    eintrag = fehler["cases/H5X.yaml"]
    assert eintrag["meldung"].startswith(meldung) and eintrag["zeile"] == zeile
    befund = next(b for b in json.loads(pruefen.stdout)["befunde"] if b["fall"] == "H5X")
    assert befund["code"] == "DA001" and befund["meldung"].startswith(meldung)
    assert befund["zeile"] == zeile


@pytest.mark.filterwarnings("error")  # a library's warning prints the file's lines (H56)
def test_feindliche_dateien_gleich_beurteilt(vp: Aufruf, demo: Path) -> None:
    """Every hostile file gets one verdict: ``zeige`` (round-trip reader) and ``liste``
    (fast reader) both read it, or both refuse it with the same message and line."""
    dateien = sorted((REPO / "tests" / "data" / "hostile").glob("*.yaml"))
    for datei in dateien:
        shutil.copy(datei, demo / "cases" / datei.name)
    liste = vp("--ablage", demo, "liste", "--format", "json")
    daten = json.loads(liste.stdout)
    gelesen = {f["id"] for f in daten["faelle"]}
    abgelehnt = {Path(f["datei"]).stem: f for f in daten["fehler"]}
    for datei in dateien:
        zeige = vp("--ablage", demo, "zeige", datei.stem, "--format", "json")
        if zeige.exit_code == 0:
            assert datei.stem in gelesen, datei.name
            continue
        fehler = abgelehnt[datei.stem]
        zeile = f":{fehler['zeile']}" if fehler["zeile"] else ""
        ort = f"{demo / 'cases' / datei.name}{zeile}"
        assert zeige.stderr.startswith(f"Fehler: {ort}: {fehler['meldung']}\n"), datei.name


def test_katalog_mit_gleichheitszeichen(vp: Aufruf, demo: Path) -> None:
    """A catalog override is read with the same table: ``=`` is text there too (it was
    refused as a tag, and after the case readers' fix an internal error)."""
    (demo / "catalogs").mkdir(exist_ok=True)
    text = (REPO / "catalogs" / "staerken.yaml").read_text(encoding="utf-8")
    zeilen = text.splitlines()
    i = next(i for i, z in enumerate(zeilen) if z.strip().startswith("bezeichnung:"))
    zeilen[i] = zeilen[i].split("bezeichnung:")[0] + "bezeichnung: ="
    (demo / "catalogs" / "staerken.yaml").write_text("\n".join(zeilen) + "\n", "utf-8")
    ergebnis = vp("--ablage", demo, "katalog", "staerken", "--format", "json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert json.loads(ergebnis.stdout)["eintraege"][0]["bezeichnung"] == "="


werte = st.recursive(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
        st.sampled_from(WERTE),
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.dates(date(1, 1, 1), date(9999, 12, 31)),
    ),
    lambda innen: st.one_of(
        st.lists(innen, max_size=4),
        st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True), innen, max_size=4),
    ),
    max_leaves=15,
)


@settings(max_examples=int(os.environ.get("VIER_PHASEN_FUZZ", "150")) // 2, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True), werte, min_size=1))
def test_was_das_werkzeug_schreibt_lesen_beide_so(daten: dict[str, Any]) -> None:
    """Whatever text, number, date or nothing an edit stores, both readers read back as
    it was stored (``=``, ``no``, ``-_``, NEL and LS included)."""
    dokument = yamldatei.YamlDokument(Path("fall.yaml"), b"", daten, yamldatei.Schreibweise())
    text = yamldatei.dump(dokument).decode("utf-8")
    rt = _rt(text)
    assert not isinstance(rt, DatenFehler), (text, rt)
    assert _gleich(yamldatei.klar(rt[0]), daten), text
    assert pruefe_gleich(text) in ("gleich", "abgegeben, gelesen")


@pytest.mark.filterwarnings("error")
def test_keine_bibliothekswarnung() -> None:
    """A reused anchor next to an impossible date (two parses) warns nowhere: ruamel's
    warning would print the file's lines, values included."""
    pruefe_gleich("format: 1\nx: 0000-01-01\n&s k: =\n&s l: =\n")
    pruefe_gleich("format: 1\n&s k: =\n&s l: =\n")
