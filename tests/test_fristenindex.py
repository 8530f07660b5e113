"""The cache's date-sorted index of deadline items: ``faellig`` reads only the items due by
its horizon, and reports exactly what reading every file would – on every Stichtag, at the
boundary, and whatever a damaged index holds. Also: which entries are "unsicher" (compared
by content) follows the resolution of the file's clock."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DEMO, REPO, Aufruf
from vier_phasen_cli.domain.fristen import ART_NAMEN, Berichtszeile, bericht, letzter_tag
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.storage import cache
from vier_phasen_cli.storage.ablage import Ablage, oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.lesen import lesbare, lies_alle

FALL = "911A100001"


def _sql(ablage: Path, anweisung: str, *werte: Any) -> list[Any]:
    db = sqlite3.connect(ablage / ".vier-phasen" / "cache.sqlite")
    try:
        with db:
            return db.execute(anweisung, werte).fetchall()
    finally:
        db.close()


@pytest.fixture(scope="module")
def erzeugt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ablage, Kataloge, list[date]]:
    """60 generated cases and the demo's, cached once (files old enough to be trusted by
    their state), with the due days of all their items."""
    ablage = tmp_path_factory.mktemp("index") / "ablage"
    skript = REPO / "benchmarks" / "erzeuge.py"
    subprocess.run([sys.executable, str(skript), str(ablage), "--anzahl", "60"], check=True)
    for datei in (DEMO / "cases").iterdir():
        shutil.copy(datei, ablage / "cases")
    offen = oeffne_ablage(ablage)
    kataloge = lade_kataloge(offen.kataloge)
    alle = lies_alle(offen, kataloge, date(2026, 11, 23), mit_cache=False)
    tage = sorted({f.faellig_am for e in alle for f in e.fristen})
    return offen, kataloge, tage


def _bericht(
    ablage: Ablage, kataloge: Kataloge, mit_cache: bool, tag: date, tage: int, **wahl: Any
) -> list[Berichtszeile]:
    bis = letzter_tag(tag, tage, alle=wahl["alle"], nur_ueberfaellig=wahl["nur_ueberfaellig"])
    eintraege = lies_alle(
        ablage, kataloge, tag, zeilen=False, befunde=False, fristen=bis, mit_cache=mit_cache
    )
    faelle, _ = lesbare(eintraege)
    return bericht(((e.kopf, e.fristen) for e in faelle if e.kopf), tag, tage, **wahl)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    wahl=st.data(),
    tage=st.integers(0, 60),
    versatz=st.integers(-1, 1),
    alle=st.booleans(),
    nur_ueberfaellig=st.booleans(),
    je_fall=st.booleans(),
    arten=st.none() | st.sets(st.sampled_from(sorted(ART_NAMEN)), min_size=1),
)
def test_index_berichtet_wie_ohne_cache(
    erzeugt: tuple[Ablage, Kataloge, list[date]],
    monkeypatch: pytest.MonkeyPatch,
    wahl: st.DataObject,
    tage: int,
    versatz: int,
    alle: bool,
    nur_ueberfaellig: bool,
    je_fall: bool,
    arten: set[str] | None,
) -> None:
    """On any Stichtag – above all those whose horizon falls on an item's due day, the day
    before or the day after – the report from the index equals the one from the files."""
    monkeypatch.setattr(cache, "FEIN_NS", 0)
    monkeypatch.setattr(cache, "UNSICHER_NS", 0)
    ablage, kataloge, tage_der_fristen = erzeugt
    frist = wahl.draw(st.sampled_from(tage_der_fristen))
    tag = frist - timedelta(days=tage + versatz)
    optionen = {"alle": alle, "nur_ueberfaellig": nur_ueberfaellig, "je_fall": je_fall}
    optionen["arten"] = arten
    mit = _bericht(ablage, kataloge, True, tag, tage, **optionen)
    ohne = _bericht(ablage, kataloge, False, tag, tage, **optionen)
    assert mit == ohne


def test_nur_faellige_zeilen_werden_gelesen(
    erzeugt: tuple[Ablage, Kataloge, list[date]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is read as a range: only the items due by the horizon leave the cache."""
    ablage, kataloge, _ = erzeugt
    lies_alle(ablage, kataloge, date(2026, 11, 23), zeilen=False)  # the cache is complete
    bis = date(2026, 12, 7)
    speicher = cache.Cache.lade(
        ablage.intern,
        kataloge.kennung,
        zeilen=False,
        befunde=False,
        fristen=bis,
        vorgaben=f"kontakt_tage={ablage.einstellungen.kontakt_tage}",
    )
    gelesen = [f for fristen in speicher._fristen.values() for f in fristen]
    ((faellig,), (alle,)) = _sql(
        ablage.wurzel,
        "SELECT count(*) FROM fristen WHERE tag <= ? UNION ALL SELECT count(*) FROM fristen",
        bis.toordinal(),
    )
    assert len(gelesen) == faellig < alle
    assert all(f[0] <= bis.toordinal() for f in gelesen)
    speicher.speichere()


def _faellig(vp: Aufruf, ablage: Path, *mehr: str) -> Any:
    ergebnis = vp("--ablage", ablage, "faellig", "--format", "json", *mehr)
    assert ergebnis.exit_code in (0, 2), ergebnis.stderr
    return orjson.loads(ergebnis.stdout)


def test_frist_genau_am_horizont(vp: Aufruf, demo: Path) -> None:
    """An item due exactly on the last day of the look-ahead is reported, one a day later
    is not – from the cache as from the files."""
    alle = _faellig(vp, demo, "--alle", "--stichtag", "2026-11-23")["eintraege"]
    spaet = max(alle, key=lambda e: e["faellig_am"])
    am = date.fromisoformat(spaet["faellig_am"])
    for tage, dabei in ((20, True), (19, False)):
        stichtag = (am - timedelta(days=20)).isoformat()
        optionen = ("--stichtag", stichtag, "--tage", str(tage))
        ohne = _faellig(vp, demo, *optionen, "--ohne-cache")
        vp("--ablage", demo, "faellig", *optionen)  # the cache is written
        mit = _faellig(vp, demo, *optionen)
        assert mit == ohne
        gefunden = [(e["fall"], e["art"], e["faellig_am"]) for e in mit["eintraege"]]
        assert ((spaet["fall"], spaet["art"], spaet["faellig_am"]) in gefunden) is dabei


VERDORBEN = {
    "tag-als-text": "UPDATE fristen SET tag = 'x' WHERE name = ? AND nr = 0",
    "zeile-fehlt": "DELETE FROM fristen WHERE name = ? AND nr = 0",
    "letzte-fehlt": "DELETE FROM fristen WHERE name = ? AND nr = (SELECT max(nr) FROM fristen)",
    "tag-verschoben": "UPDATE fristen SET tag = tag - 1 WHERE name = ? AND nr = 0",
    "nummer-falsch": "UPDATE fristen SET nr = nr + 7 WHERE name = ?",
    "text-als-zahl": "UPDATE fristen SET text = 42 WHERE name = ?",
    "art-fehlt": "UPDATE fristen SET art = NULL WHERE name = ?",
    "art-unbekannt": "UPDATE fristen SET art = 'termin' WHERE name = ?",  # stopped the report
    "fenster-als-text": "UPDATE fristen SET ab = 'gestern' WHERE name = ?",
    "verschoben-als-blob": "UPDATE fristen SET von = x'00ff' WHERE name = ?",
}


@pytest.mark.parametrize("anweisung", VERDORBEN.values(), ids=VERDORBEN.keys())
@pytest.mark.parametrize("optionen", [(), ("--alle",)], ids=["horizont", "alle"])
def test_verdorbener_index_wird_neu_gelesen(
    vp: Aufruf, demo: Path, anweisung: str, optionen: tuple[str, ...]
) -> None:
    """A damaged item row costs its file a read, never an item in the report."""
    fest = ("--stichtag", "2026-11-23", *optionen)
    ohne = _faellig(vp, demo, *fest, "--ohne-cache")
    _faellig(vp, demo, *fest)
    vorher = _sql(demo, "SELECT * FROM fristen WHERE name = ? ORDER BY nr", f"{FALL}.yaml")
    _sql(demo, anweisung, f"{FALL}.yaml")
    assert _faellig(vp, demo, *fest) == ohne
    assert _faellig(vp, demo, "--alle", "--stichtag", "2026-11-23") == _faellig(
        vp, demo, "--alle", "--stichtag", "2026-11-23", "--ohne-cache"
    )
    nachher = _sql(demo, "SELECT * FROM fristen WHERE name = ? ORDER BY nr", f"{FALL}.yaml")
    assert nachher == vorher  # read again and written back


def test_bearbeitete_datei_ersetzt_nur_ihre_fristen(vp: Aufruf, demo: Path) -> None:
    """One edited file: its items are replaced, those of every other file stay as they are."""
    datei = demo / "cases" / f"{FALL}.yaml"
    _faellig(vp, demo)
    andere = "SELECT * FROM fristen WHERE name != ? ORDER BY name, nr"
    vorher = _sql(demo, andere, datei.name)
    text = datei.read_text(encoding="utf-8").replace("Sabine Krüger", "Sabina Krüger")
    datei.write_text(text, encoding="utf-8")
    namen = {e["name"] for e in _faellig(vp, demo, "--alle")["eintraege"]}
    assert "Sabina Krüger" in namen and "Sabine Krüger" not in namen
    assert _sql(demo, andere, datei.name) == vorher


# --- the clock's resolution ----------------------------------------------------------------


def _unsicher(ablage: Path, name: str) -> int:
    ((wert,),) = _sql(ablage, "SELECT unsicher FROM dateien WHERE name = ?", name)
    return int(wert)


def test_unsicher_nach_aufloesung_der_uhr(vp: Aufruf, demo: Path) -> None:
    """A file whose times are whole seconds (a coarse clock, or times set by hand) counts as
    recent for two seconds; one with finer times only for a few clock ticks."""
    faelle = demo / "cases"
    grob, fein = faelle / f"{FALL}.yaml", faelle / "911A100002.yaml"
    sekunde = time.time_ns() // 1_000_000_000 * 1_000_000_000
    os.utime(grob, ns=(sekunde, sekunde))
    eben = time.time_ns() - 1_000_000_000 + 123
    os.utime(fein, ns=(eben, eben))
    time.sleep(0.05)  # more than a tick: the change time (set just now) is fine-grained
    _faellig(vp, demo)
    assert _unsicher(demo, grob.name) == 1
    assert _unsicher(demo, fein.name) == 0


def test_touch_r_nach_bearbeitung_in_derselben_sekunde(vp: Aufruf, demo: Path) -> None:
    """Edited, reported, edited again and its old times restored (``touch -r``): the change
    time still tells, and within the clock's resolution the content hash does."""
    datei = demo / "cases" / f"{FALL}.yaml"
    alt = demo / "alt.yaml"
    shutil.copy2(datei, alt)
    assert "Sabine Krüger" in {e["name"] for e in _faellig(vp, demo, "--alle")["eintraege"]}
    text = datei.read_bytes().replace(b"Sabine Kr", b"Sabina Kr")
    datei.write_bytes(text)
    subprocess.run(["touch", "-r", str(alt), str(datei)], check=True)
    namen = {e["name"] for e in _faellig(vp, demo, "--alle")["eintraege"]}
    assert "Sabina Krüger" in namen and "Sabine Krüger" not in namen
