"""The reports' cache (.vier-phasen/cache.pickle): used when files are unchanged, never when
they are not – down to an edit in the same second that keeps size and time – and rebuilt
silently when broken, foreign or made for other catalogs."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import REPO, Aufruf, dateistand
from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.storage import einlesen, lesen
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.pruefung import pruefe_dateien

STICHTAG = "2026-12-01"
BERICHTE = [
    ("faellig", "--format", "json", "--stichtag", STICHTAG),
    ("faellig", "--format", "csv", "--alle", "--stichtag", STICHTAG),
    ("pruefen", "--format", "json", "--stichtag", STICHTAG),
    ("liste", "--format", "json"),
    ("liste", "--format", "csv"),
]


def _cache(ablage: Path) -> Path:
    return ablage / ".vier-phasen" / "cache.pickle"


def _csv(vp: Aufruf, ablage: Path, *mehr: str) -> str:
    ergebnis = vp("--ablage", ablage, "liste", "--format", "csv", *mehr)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ergebnis.stdout


def _manipuliere(ablage: Path, fall_id: str, name: str) -> None:
    """Give a cached case another name (only the cache can then show it)."""
    datei = _cache(ablage)
    inhalt = pickle.loads(datei.read_bytes())
    _, eintrag = inhalt["eintraege"][f"{fall_id}.yaml"]
    assert eintrag.zeile is not None and eintrag.kopf is not None
    eintrag.zeile["name"] = name
    eintrag.kopf = eintrag.kopf._replace(name=name)
    datei.write_bytes(pickle.dumps(inhalt))


@pytest.mark.parametrize("bericht", BERICHTE, ids=lambda b: " ".join(b[:3]))
def test_warm_wie_kalt(vp: Aufruf, demo: Path, bericht: tuple[str, ...]) -> None:
    ohne = vp("--ablage", demo, *bericht, "--ohne-cache")
    assert not (demo / ".vier-phasen").exists()  # --ohne-cache writes no cache at all
    kalt = vp("--ablage", demo, *bericht)
    assert _cache(demo).exists()
    warm = vp("--ablage", demo, *bericht)
    assert ohne.stdout == kalt.stdout == warm.stdout
    assert ohne.exit_code == kalt.exit_code == warm.exit_code


def test_cache_ist_privat(vp: Aufruf, demo: Path) -> None:
    vp("--ablage", demo, "faellig")
    assert stat.S_IMODE(_cache(demo).stat().st_mode) == 0o600
    assert stat.S_IMODE(_cache(demo).parent.stat().st_mode) == 0o700


def test_cache_wird_benutzt_ohne_cache_nicht(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, "911A100001", "Aus dem Cache")
    assert "Aus dem Cache" in _csv(vp, demo)
    vorher = _cache(demo).read_bytes()
    ohne = _csv(vp, demo, "--ohne-cache")
    assert "Aus dem Cache" not in ohne and "Sabine Krüger" in ohne
    assert _cache(demo).read_bytes() == vorher


def test_aenderung_in_derselben_sekunde(vp: Aufruf, demo: Path) -> None:
    """Saved, reported and saved again within a second (same size, and a coarse clock that
    did not move): the content hash tells."""
    datei = demo / "cases" / "911A100001.yaml"
    datei.touch()
    assert "Sabine Krüger" in _csv(vp, demo)
    assert "Sabine Krüger" in _csv(vp, demo)  # checked by its hash, still unchanged
    vorher = datei.stat()
    datei.write_bytes(datei.read_bytes().replace(b"Sabine Kr", b"Sabina Kr"))
    os.utime(datei, ns=(vorher.st_atime_ns, vorher.st_mtime_ns))
    assert datei.stat().st_size == vorher.st_size
    nachher = _csv(vp, demo)
    assert "Sabina Krüger" in nachher and "Sabine Krüger" not in nachher


def test_neue_geaenderte_und_geloeschte_dateien(vp: Aufruf, demo: Path) -> None:
    faelle = demo / "cases"
    assert len(_csv(vp, demo).splitlines()) == 1 + 14
    neu = (faelle / "911A100001.yaml").read_text(encoding="utf-8")
    neu = neu.replace("id: 911A100001", "id: 911A100099").replace("Sabine", "Sabrina")
    (faelle / "911A100099.yaml").write_text(neu, encoding="utf-8")
    (faelle / "911A100002.yaml").unlink()
    text = _csv(vp, demo)
    assert "911A100099" in text and "Sabrina" in text and "911A100002" not in text
    assert len(text.splitlines()) == 1 + 14
    eintraege = pickle.loads(_cache(demo).read_bytes())["eintraege"]
    assert "911A100002.yaml" not in eintraege and "911A100099.yaml" in eintraege


def test_kaputte_datei_wird_nach_reparatur_gelesen(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100003.yaml"
    gut = datei.read_bytes()
    datei.write_bytes(gut.replace(b"kunde:", b"kunde: [", 1))
    for _ in range(2):  # the broken state is cached like any other
        kaputt = vp("--ablage", demo, "faellig", "--format", "json")
        assert kaputt.exit_code == 2 and "911A100003.yaml" in kaputt.stdout
    datei.write_bytes(gut)
    assert vp("--ablage", demo, "faellig", "--format", "json").exit_code == 0


@pytest.mark.parametrize(
    "inhalt",
    [
        b"",
        b"kein pickle",
        pickle.dumps({"format": 999, "eintraege": {}}),
        pickle.dumps(["eine", "liste"]),
    ],
    ids=["leer", "muell", "anderes-format", "liste"],
)
def test_kaputter_cache_wird_still_neu_gebaut(vp: Aufruf, demo: Path, inhalt: bytes) -> None:
    erwartet = _csv(vp, demo, "--ohne-cache")
    _cache(demo).parent.mkdir(mode=0o700)
    _cache(demo).write_bytes(inhalt)
    ergebnis = vp("--ablage", demo, "liste", "--format", "csv")
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, erwartet, "")
    assert len(pickle.loads(_cache(demo).read_bytes())["eintraege"]) == 14


def test_cache_einer_anderen_version_gilt_nicht(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, "911A100001", "Aus dem Cache")
    inhalt = pickle.loads(_cache(demo).read_bytes())
    inhalt["werkzeug"] = "0.0.1"
    _cache(demo).write_bytes(pickle.dumps(inhalt))
    assert "Aus dem Cache" not in _csv(vp, demo)


def test_andere_kataloge_bauen_neu(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, "911A100001", "Aus dem Cache")
    (demo / "catalogs").mkdir()
    eigener = (REPO / "catalogs" / "staerken.yaml").read_text(encoding="utf-8") + "# eigener\n"
    (demo / "catalogs" / "staerken.yaml").write_text(eigener, encoding="utf-8")
    assert "Aus dem Cache" not in _csv(vp, demo)


def test_cache_ordner_nicht_anlegbar(vp: Aufruf, demo: Path) -> None:
    (demo / ".vier-phasen").write_text("eine Datei, kein Ordner", encoding="utf-8")
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "faellig")
    assert ergebnis.exit_code == 0 and ergebnis.stderr == ""
    assert dateistand(demo) == vorher


def test_pruefen_an_wechselnden_stichtagen(demo: Path) -> None:
    """Findings kept from another day are used only where they are sure to hold."""
    ablage = oeffne_ablage(demo)
    kataloge = lade_kataloge(ablage.kataloge)
    tage = [date(2026, m, d) for m in (1, 4, 7, 10, 11, 12) for d in (1, 15, 28)]
    tage += [date(2027, 3, 1), date(2027, 9, 30)]
    random.Random(5).shuffle(tage)
    for tag in tage:
        kontext = Pruefkontext(kataloge, tag)
        mit = pruefe_dateien(None, ablage, REGELWERK, kontext, Auswahl(("",)))
        ohne = pruefe_dateien(None, ablage, REGELWERK, kontext, Auswahl(("",)), mit_cache=False)
        assert mit.befunde == ohne.befunde, tag
        assert mit.faelle == ohne.faelle


def test_beide_kerne_lesen_wie_einer(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ablage = oeffne_ablage(demo)
    kataloge = lade_kataloge(ablage.kataloge)
    kaputt = demo / "cases" / "911A100005.yaml"
    kaputt.write_bytes(b"\xff\xfe kein UTF-8")
    shutil.copy(demo / "cases" / "911A100001.yaml", demo / "cases" / "falscher-name.yaml")
    tag = date(2026, 12, 1)
    seriell = lesen.lies_alle(ablage, kataloge, tag, mit_cache=False, daten=True)
    monkeypatch.setattr(einlesen, "PARALLEL_AB", 2)
    parallel = lesen.lies_alle(ablage, kataloge, tag, mit_cache=False, daten=True)
    assert len(parallel) == len(seriell) == 15

    def kern(e: lesen.Eintrag) -> tuple[object, ...]:
        fehler = e.fehler.meldung if e.fehler else None
        return (e.pfad, fehler, e.probleme, e.kopf, e.zeile, e.fristen, e.befunde, e.daten())

    assert [kern(e) for e in parallel] == [kern(e) for e in seriell]
    assert any(e.fehler for e in parallel) and any(e.probleme for e in parallel)


@pytest.mark.parametrize("was", ["datei", "ordner"])
def test_fremd_beschreibbarer_cache_gilt_nicht(vp: Aufruf, demo: Path, was: str) -> None:
    """Unpickling runs code: a cache others could have written is never loaded."""
    _csv(vp, demo)
    _manipuliere(demo, "911A100001", "Aus dem Cache")
    ziel = _cache(demo) if was == "datei" else _cache(demo).parent
    ziel.chmod(0o666 if was == "datei" else 0o777)
    assert "Aus dem Cache" not in _csv(vp, demo)


def test_kataloge_aus_dem_cache_und_kaputte_ueberschreibung(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    assert (demo / ".vier-phasen" / "kataloge.pickle").is_file()
    (demo / "catalogs").mkdir()
    (demo / "catalogs" / "staerken.yaml").write_text("quelle: x\neintraege: [\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2 and "catalogs/staerken.yaml" in ergebnis.stderr


@pytest.mark.parametrize("mit_fehler", [False, True])
@pytest.mark.parametrize("anzahl", [0, 1, 3, 500, 501, 1203])
def test_json_stueckweise_wie_im_ganzen(anzahl: int, mit_fehler: bool) -> None:
    """liste --format json streams its cases; the text is the same as in one piece."""
    from vier_phasen_cli.cli.ausgabe import json_stuecke, json_text

    eintraege = [{"id": f"F{i}", "kunde": {"name": "Ä ö", "liste": [1, {"a": None}]}, "x": []}
                 for i in range(anzahl)]  # fmt: skip
    fehler = [{"datei": "cases/x.yaml", "zeile": 3, "meldung": "kaputt"}] if mit_fehler else []
    ganz = json_text({"faelle": eintraege, "fehler": fehler})
    assert "".join(json_stuecke("faelle", iter(eintraege), {"fehler": fehler})) == ganz
