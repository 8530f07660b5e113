"""The reports' cache (.vier-phasen/cache.sqlite): used while files are unchanged, never when
they are not – down to an edit that keeps size and modification time – and rebuilt silently
when broken, foreign, planted or made for other catalogs. Nothing in it can run code."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import REPO, Aufruf, dateistand
from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.storage import cache, einlesen, katalogdateien, lesen
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.eintrag import Eintrag
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
HOSTILE = REPO / "tests" / "data" / "hostile"
FALL = "911A100001"
NAME = "Sabine Krüger"


def _cache(ablage: Path) -> Path:
    return ablage / ".vier-phasen" / "cache.sqlite"


def _sql(ablage: Path, anweisung: str, *werte: Any) -> list[Any]:
    db = sqlite3.connect(_cache(ablage))
    try:
        with db:
            return db.execute(anweisung, werte).fetchall()
    finally:
        db.close()


def _zeilen(ablage: Path) -> dict[str, tuple[Any, ...]]:
    """The cache's rows by file name: rowid, state, hash, unsicher and the entry's parts."""
    spalten = "name, rowid, groesse, mtime_ns, ctime_ns, inode, hash, unsicher, eintrag, zeile"
    spalten += ", befunde"
    return {z[0]: z[1:] for z in _sql(ablage, f"SELECT {spalten} FROM dateien")}


def _csv(vp: Aufruf, ablage: Path, *mehr: str) -> str:
    ergebnis = vp("--ablage", ablage, "liste", "--format", "csv", *mehr)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ergebnis.stdout


def _manipuliere(ablage: Path, fall_id: str, name: str, spalte: str = "", um: int = 0) -> None:
    """Give a cached case another name (only the cache can then show it); with ``spalte``
    also move that part of the file's stored state by ``um``."""
    datei = f"{fall_id}.yaml"
    ((text,),) = _sql(ablage, "SELECT eintrag FROM dateien WHERE name = ?", datei)
    werte = orjson.loads(text)
    werte[2][1] = name  # the head; the row in ``liste`` repeats it
    _sql(ablage, "UPDATE dateien SET eintrag = ? WHERE name = ?", orjson.dumps(werte), datei)
    if spalte:
        _sql(ablage, f"UPDATE dateien SET {spalte} = {spalte} + ? WHERE name = ?", um, datei)


@pytest.fixture
def perfekte_uhr(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file clock of perfect resolution: no file is "unsicher" for being recent, so what
    is tested is the state alone (the demo's files were copied just now)."""
    monkeypatch.setattr(cache, "UNSICHER_NS", 0)
    monkeypatch.setattr(cache, "FEIN_NS", 0)


@pytest.fixture
def grobe_uhr(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file clock that ticks once a minute: every file changed lately is "unsicher"."""
    monkeypatch.setattr(cache, "FEIN_NS", 60_000_000_000)


def _zaehle(monkeypatch: pytest.MonkeyPatch, modul: Any, name: str) -> list[int]:
    """Count the calls of ``modul.name`` from now on."""
    aufrufe: list[int] = []
    echt: Callable[..., Any] = getattr(modul, name)

    def gezaehlt(*args: Any) -> Any:
        aufrufe.append(1)
        return echt(*args)

    monkeypatch.setattr(modul, name, gezaehlt)
    return aufrufe


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
    for datei in (_cache(demo), demo / ".vier-phasen" / "kataloge.json"):
        assert stat.S_IMODE(datei.stat().st_mode) == 0o600
    assert stat.S_IMODE(_cache(demo).parent.stat().st_mode) == 0o700


def test_cache_wird_benutzt_ohne_cache_nicht(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    assert "Aus dem Cache" in _csv(vp, demo)
    vorher = _cache(demo).read_bytes()
    ohne = _csv(vp, demo, "--ohne-cache")
    assert "Aus dem Cache" not in ohne and NAME in ohne
    assert _cache(demo).read_bytes() == vorher


@pytest.mark.parametrize("spalte", ["groesse", "mtime_ns", "ctime_ns", "inode"])
def test_jeder_teil_des_stands_zaehlt(vp: Aufruf, demo: Path, spalte: str) -> None:
    """A row counts only while size, mtime, ctime and inode all match the file."""
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache", spalte, 1)
    text = _csv(vp, demo)
    assert "Aus dem Cache" not in text and NAME in text


def _gleich_gross_anders(datei: Path) -> bytes:
    neu = datei.read_bytes().replace(b"Sabine Kr", b"Sabina Kr")
    assert len(neu) == datei.stat().st_size
    return neu


def _cp_p(datei: Path, tmp: Path) -> None:
    """``cp -p``: other content copied over the file, the source's times kept."""
    quelle = tmp / "quelle.yaml"
    quelle.write_bytes(_gleich_gross_anders(datei))
    vorher = datei.stat()
    os.utime(quelle, ns=(vorher.st_atime_ns, vorher.st_mtime_ns))
    subprocess.run(["cp", "-p", str(quelle), str(datei)], check=True)


def _touch_r(datei: Path, tmp: Path) -> None:
    """An edit, then ``touch -r`` with a copy of the old file (as ``rsync -t``, ``tar x``)."""
    alt = tmp / "alt.yaml"
    shutil.copy2(datei, alt)
    datei.write_bytes(_gleich_gross_anders(datei))
    subprocess.run(["touch", "-r", str(alt), str(datei)], check=True)


def _umbenannt(datei: Path, tmp: Path) -> None:
    """A sync client's save: a new file with the old size and times renamed over it."""
    neu = datei.with_name(".neu.tmp")
    neu.write_bytes(_gleich_gross_anders(datei))
    vorher = datei.stat()
    os.utime(neu, ns=(vorher.st_atime_ns, vorher.st_mtime_ns))
    os.replace(neu, datei)


@pytest.mark.usefixtures("perfekte_uhr")
@pytest.mark.parametrize("bearbeite", [_cp_p, _touch_r, _umbenannt], ids=lambda f: f.__name__)
def test_aenderung_mit_gleicher_groesse_und_zeit(
    vp: Aufruf, demo: Path, tmp_path: Path, bearbeite: Callable[[Path, Path], None]
) -> None:
    datei = demo / "cases" / f"{FALL}.yaml"
    assert NAME in _csv(vp, demo)
    assert _zeilen(demo)[datei.name][6] == 0  # trusted by its state alone, no hash
    vorher = datei.stat()
    bearbeite(datei, tmp_path)
    nachher = datei.stat()
    assert (nachher.st_size, nachher.st_mtime_ns) == (vorher.st_size, vorher.st_mtime_ns)
    text = _csv(vp, demo)
    assert "Sabina Krüger" in text and NAME not in text


@pytest.mark.usefixtures("grobe_uhr")
def test_aenderung_in_derselben_sekunde(vp: Aufruf, demo: Path) -> None:
    """Saved, reported and saved again within the clock's resolution: the content hash
    tells (here the stored state is made to match, as a coarse clock would)."""
    datei = demo / "cases" / f"{FALL}.yaml"
    datei.touch()
    assert NAME in _csv(vp, demo)
    zeile = _zeilen(demo)[datei.name]
    assert zeile[6] == 1 and len(zeile[5]) == 16  # recent: unsicher, with its hash
    assert NAME in _csv(vp, demo)  # checked by its hash, still unchanged
    datei.write_bytes(_gleich_gross_anders(datei))
    st = datei.stat()
    _sql(
        demo,
        "UPDATE dateien SET groesse = ?, mtime_ns = ?, ctime_ns = ?, inode = ? WHERE name = ?",
        *(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, datei.name),
    )
    nachher = _csv(vp, demo)
    assert "Sabina Krüger" in nachher and NAME not in nachher


@pytest.mark.usefixtures("grobe_uhr")
def test_unsicher_wird_sicher_wenn_alt_genug(
    vp: Aufruf, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datei = demo / "cases" / f"{FALL}.yaml"
    _csv(vp, demo)
    assert all(z[6] == 1 for z in _zeilen(demo).values())  # all copied just now
    monkeypatch.setattr(cache, "FEIN_NS", 0)  # time passes
    vorher = _zeilen(demo)
    hashes = _zaehle(monkeypatch, cache, "_hash")
    _csv(vp, demo)
    assert len(hashes) == len(vorher)  # compared by content once more …
    nachher = _zeilen(demo)
    assert all(z[6] == 0 for z in nachher.values())  # … then trusted by their state
    assert {n: z[:6] + z[7:] for n, z in nachher.items()} == {
        n: z[:6] + z[7:] for n, z in vorher.items()
    }
    _csv(vp, demo)
    assert len(hashes) == len(vorher)  # never again
    assert datei.name in nachher


@pytest.mark.usefixtures("perfekte_uhr")
def test_nach_kaltem_lauf_wird_nichts_neu_gelesen(
    vp: Aufruf, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold run leaves entries that the next run trusts as they are: no file is read
    again or hashed (a cold run once marked every entry unsicher)."""
    _csv(vp, demo)
    assert {z[6] for z in _zeilen(demo).values()} == {0}
    gelesen = _zaehle(monkeypatch, einlesen, "parse")
    hashes = _zaehle(monkeypatch, cache, "_hash")
    kataloge = _zaehle(monkeypatch, katalogdateien, "_baue")
    ergebnis = vp("--ablage", demo, "faellig", "--format", "json", "--stichtag", STICHTAG)
    assert ergebnis.exit_code == 0
    assert (gelesen, hashes, kataloge) == ([], [], [])  # nor are the catalogs validated


@pytest.mark.usefixtures("perfekte_uhr")
def test_nur_geaenderte_zeilen_werden_geschrieben(vp: Aufruf, demo: Path) -> None:
    faelle = demo / "cases"
    _csv(vp, demo)
    inode = _cache(demo).stat().st_ino
    vorher = _zeilen(demo)
    datei = faelle / f"{FALL}.yaml"
    datei.write_bytes(datei.read_bytes() + b"# bearbeitet\n")
    (faelle / "911A100002.yaml").unlink()
    _csv(vp, demo)
    nachher = _zeilen(demo)
    assert _cache(demo).stat().st_ino == inode  # changed in place, not written anew
    assert set(vorher) - set(nachher) == {"911A100002.yaml"}  # the removed file is forgotten
    geaendert = {n for n in nachher if nachher[n] != vorher[n]}
    assert geaendert == {datei.name}
    assert nachher[datei.name][1] == datei.stat().st_size


def test_neue_geaenderte_und_geloeschte_dateien(vp: Aufruf, demo: Path) -> None:
    faelle = demo / "cases"
    assert len(_csv(vp, demo).splitlines()) == 1 + 14
    neu = (faelle / f"{FALL}.yaml").read_text(encoding="utf-8")
    neu = neu.replace(f"id: {FALL}", "id: 911A100099").replace("Sabine", "Sabrina")
    (faelle / "911A100099.yaml").write_text(neu, encoding="utf-8")
    (faelle / "911A100002.yaml").unlink()
    text = _csv(vp, demo)
    assert "911A100099" in text and "Sabrina" in text and "911A100002" not in text
    assert len(text.splitlines()) == 1 + 14
    zeilen = _zeilen(demo)
    assert "911A100002.yaml" not in zeilen and "911A100099.yaml" in zeilen
    vp("--ablage", demo, "faellig", "--alle")
    fristen = {n for (n,) in _sql(demo, "SELECT DISTINCT name FROM fristen")}
    assert "911A100002.yaml" not in fristen and "911A100099.yaml" in fristen


def test_kaputte_datei_wird_nach_reparatur_gelesen(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100003.yaml"
    gut = datei.read_bytes()
    datei.write_bytes(gut.replace(b"kunde:", b"kunde: [", 1))
    for _ in range(2):  # the broken state is cached like any other
        kaputt = vp("--ablage", demo, "faellig", "--format", "json")
        assert kaputt.exit_code == 2 and "911A100003.yaml" in kaputt.stdout
    assert datei.name in _zeilen(demo)
    datei.write_bytes(gut)
    assert vp("--ablage", demo, "faellig", "--format", "json").exit_code == 0


def test_jeder_fall_passt_in_den_cache(vp: Aufruf, tmp_path: Path) -> None:
    """Every entry of realistic cases (with findings, data and broken files) is cached: an
    entry the JSON form could not hold would be read again on every run."""
    ablage = tmp_path / "erzeugt"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "erzeuge.py"), str(ablage), "--anzahl", "40"],
        check=True,
    )
    kaputt = ablage / "cases" / "kaputt.yaml"
    kaputt.write_bytes(b"kunde: [\n")
    for bericht in BERICHTE:
        vp("--ablage", ablage, *bericht)
    zeilen = _zeilen(ablage)
    assert len(zeilen) == 41
    ((mit_daten,),) = _sql(ablage, "SELECT count(*) FROM daten")
    assert mit_daten == 40
    ((mit_fristen,),) = _sql(ablage, "SELECT count(DISTINCT name) FROM fristen")
    assert mit_fristen > 30  # deadline items …
    assert any(orjson.loads(z[9])[1] for z in zeilen.values())  # … and findings are kept
    assert orjson.loads(zeilen["kaputt.yaml"][7])[0] is not None


# --- planted, broken and foreign caches ---------------------------------------------------


def test_geplanter_pickle_fuehrt_nichts_aus(
    vp: Aufruf, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old-style cache.pickle (or kataloge.pickle) whose loading would run code – the
    file of an earlier version, or one planted in a share – is removed, never loaded."""
    nutzlast = (HOSTILE / "cache-planted.pickle").read_bytes()
    monkeypatch.chdir(tmp_path)
    marke = tmp_path / "PICKLE-AUSGEFUEHRT"
    subprocess.run([sys.executable, "-c", "import pickle,sys; pickle.load(sys.stdin.buffer)"],
                   input=nutzlast, check=True)  # fmt: skip
    assert marke.exists()  # the payload is real: unpickled, it runs
    marke.unlink()
    erwartet = vp("--ablage", demo, "faellig", "--format", "json", "--ohne-cache")
    intern = demo / ".vier-phasen"
    intern.mkdir(mode=0o700)
    for name in ("cache.pickle", "kataloge.pickle", "cache.sqlite"):
        (intern / name).write_bytes(nutzlast)
        (intern / name).chmod(0o600)
    ergebnis = vp("--ablage", demo, "faellig", "--format", "json")
    assert not marke.exists()
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, erwartet.stdout, "")
    assert sorted(p.name for p in intern.iterdir()) == [
        "cache.sqlite", "feiertage.json", "kataloge.json"
    ]  # fmt: skip
    assert len(_zeilen(demo)) == 14


@pytest.mark.parametrize(
    "inhalt",
    [b"", b"kein sqlite", bytes(range(256)) * 64, pickle.dumps({"format": 999})],
    ids=["leer", "muell", "binaer", "pickle"],
)
def test_kaputter_cache_wird_still_neu_gebaut(vp: Aufruf, demo: Path, inhalt: bytes) -> None:
    erwartet = _csv(vp, demo, "--ohne-cache")
    _cache(demo).parent.mkdir(mode=0o700)
    _cache(demo).write_bytes(inhalt)
    _cache(demo).chmod(0o600)
    ergebnis = vp("--ablage", demo, "liste", "--format", "csv")
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, erwartet, "")
    assert len(_zeilen(demo)) == 14


def _mit_ausloeser(ablage: Path) -> None:
    _sql(
        ablage,
        "CREATE TRIGGER falle AFTER INSERT ON dateien BEGIN UPDATE dateien SET eintrag = '[]'; END",
    )


def _ausloeser_im_index(ablage: Path) -> None:
    _sql(
        ablage,
        "CREATE TRIGGER falle AFTER DELETE ON fristen BEGIN DELETE FROM dateien; END",
    )


def _andere_version(ablage: Path) -> None:
    _sql(ablage, "UPDATE meta SET wert = '0.0.1' WHERE schluessel = 'werkzeug'")


def _fremde_tabelle(ablage: Path) -> None:
    _sql(ablage, "ALTER TABLE dateien ADD COLUMN mehr TEXT")


@pytest.mark.parametrize(
    "verderbe",
    [_mit_ausloeser, _ausloeser_im_index, _andere_version, _fremde_tabelle],
    ids=lambda f: f.__name__,
)
def test_fremder_aufbau_wird_ersetzt(
    vp: Aufruf, demo: Path, verderbe: Callable[[Path], None]
) -> None:
    erwartet = _csv(vp, demo, "--ohne-cache")
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    verderbe(demo)
    datei = demo / "cases" / "911A100002.yaml"
    datei.write_bytes(datei.read_bytes() + b"# bearbeitet\n")  # something to write
    assert _csv(vp, demo) == erwartet
    assert _sql(demo, "SELECT type, name FROM sqlite_master WHERE type = 'trigger'") == []
    assert len(_zeilen(demo)) == 14


_KOPF = b'["911A100001","X","Y","SGB III","aktiv"]'
FEINDLICHE_EINTRAEGE = {
    "keine-liste": ("eintrag", b"{}"),
    "zu-kurz": ("eintrag", b"[null]"),
    "kein-json": ("eintrag", b"\x80\x02}q\x00."),
    "zahl-statt-text": ("eintrag", 42),
    "tief": ("eintrag", b"[" * 100_000),
    "kopf-zahlen": ("eintrag", b"[null,[],[1,2,3,4,5],[]]"),
    "problem-ohne-code": ("eintrag", b'[null,[[null,1,"x",null]],null,[]]'),
    "fehler-ohne-text": ("eintrag", b"[[1,2,3],[],null,[]]"),
    "alter-kern": ("eintrag", b"[null,[]," + _KOPF + b"]"),
    "ohne-kopf": ("eintrag", b"[null,[],null,[]]"),
    "fristen-ohne-kopf": ("eintrag", b'[["x",1,null],[],null,[739000]]'),
    "zeile-liste": ("zeile", b'{"phase":[1]}'),
    "zeile-text": ("zeile", b'"phase"'),
    # values of the right type that stopped ``liste`` with an internal error (exit 3)
    "zeile-kein-datum": (
        "zeile",
        b'{"phase":4,"integrationsprognose":null,"zieloption":null,"folgegespraech":"bald"}',
    ),
    "zeile-ohne-folgegespraech": (
        "zeile",
        b'{"phase":4,"integrationsprognose":null,"zieloption":null}',
    ),
    "zeile-phase-text": (
        "zeile",
        b'{"phase":"4","integrationsprognose":null,"zieloption":null,"folgegespraech":null}',
    ),
    "riesige-zahl": ("befunde", b"[[],[],99999999999999999999999,null]"),
    "befund-ohne-zeile": ("befunde", b'[[],[[null,"ST001","x"]],null,null]'),
    "unbekannt-kaputt": ("befunde", b"[[[[1.5],3]],[],null,null]"),
    "unbekannte-regel": ("befunde", b'[[],[[3,"XX999","x"]],null,null]'),
}
BERICHTE_JE_TEIL = {"eintrag": BERICHTE[:3], "zeile": BERICHTE[3:], "befunde": BERICHTE[2:3]}


@pytest.mark.parametrize(
    ("spalte", "wert", "bericht"),
    [
        pytest.param(spalte, wert, bericht, id=f"{name}-{bericht[0]}-{bericht[2]}")
        for name, (spalte, wert) in FEINDLICHE_EINTRAEGE.items()
        for bericht in BERICHTE_JE_TEIL[spalte]
    ],
)
def test_feindlicher_eintrag_wird_neu_gelesen(
    vp: Aufruf, demo: Path, spalte: str, wert: object, bericht: tuple[str, ...]
) -> None:
    """A row whose state matches its file but whose entry is not exactly what the tool
    writes is read again from the file, whatever it holds."""
    erwartet = vp("--ablage", demo, *bericht, "--ohne-cache")
    vp("--ablage", demo, *bericht)
    _sql(demo, f"UPDATE dateien SET {spalte} = ? WHERE name = ?", wert, f"{FALL}.yaml")
    ergebnis = vp("--ablage", demo, *bericht)
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (
        erwartet.exit_code,
        erwartet.stdout,
        erwartet.stderr,
    )
    assert orjson.loads(_zeilen(demo)[f"{FALL}.yaml"][7])[2][1] == NAME


@pytest.mark.parametrize(
    "daten",
    [b"kein zlib", zlib.compress(b"kein json"), zlib.compress(b"[1, 2]"), 42],
    ids=["kein-zlib", "kein-json", "keine-falldaten", "zahl"],
)
def test_feindliche_falldaten_werden_neu_gelesen(vp: Aufruf, demo: Path, daten: object) -> None:
    erwartet = vp("--ablage", demo, "liste", "--format", "json", "--ohne-cache")
    vp("--ablage", demo, "liste", "--format", "json")
    _sql(demo, "UPDATE daten SET daten = ? WHERE name = ?", daten, f"{FALL}.yaml")
    ergebnis = vp("--ablage", demo, "liste", "--format", "json")
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, erwartet.stdout, "")
    # read once more from the file, the row holds the case again
    ((ersetzt,),) = _sql(demo, "SELECT daten FROM daten WHERE name = ?", f"{FALL}.yaml")
    assert orjson.loads(zlib.decompress(ersetzt))["kunde"]["name"] == NAME


def test_kaputte_falldaten_und_kaputte_datei_in_der_reihenfolge_der_dateien(
    vp: Aufruf, demo: Path
) -> None:
    """A file found broken only when its cached data would not decode is reported among the
    others in the order of the files, as without the cache."""
    spaeter = demo / "cases" / "911A100013.yaml"
    spaeter.write_text(spaeter.read_text("utf-8").replace("SGB III", "SGB IV"), "utf-8")
    vp("--ablage", demo, "liste", "--format", "json")
    kaputt = demo / "cases" / "911A100003.yaml"
    kaputt.write_text("kunde: [\n", "utf-8")
    st = kaputt.stat()  # the row claims the broken file's state: only its data tells
    _sql(demo, "UPDATE dateien SET groesse = ?, mtime_ns = ?, ctime_ns = ?, inode = ?,"
         " unsicher = 0 WHERE name = ?", st.st_size, st.st_mtime_ns, st.st_ctime_ns,
         st.st_ino, kaputt.name)  # fmt: skip
    _sql(demo, "UPDATE daten SET daten = ? WHERE name = ?", b"\x00\x00", kaputt.name)
    erwartet = vp("--ablage", demo, "liste", "--format", "json", "--ohne-cache")
    ergebnis = vp("--ablage", demo, "liste", "--format", "json")
    assert [f["datei"] for f in orjson.loads(ergebnis.stdout)["fehler"]] == [
        "cases/911A100003.yaml", "cases/911A100013.yaml"
    ]  # fmt: skip
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (
        erwartet.exit_code, erwartet.stdout, erwartet.stderr
    )  # fmt: skip


def test_falldaten_einer_inzwischen_kaputten_datei(demo: Path) -> None:
    """A case whose cached data does not decode is read again as the report is written;
    a file broken since the report began is then an error, not a case and no traceback."""
    ablage = oeffne_ablage(demo)
    kataloge = lade_kataloge(ablage.kataloge)
    tag = date(2026, 12, 1)
    eintraege, _ = lesen.lesbare(lesen.lies_alle(ablage, kataloge, tag, daten=True))
    fall = next(e for e in eintraege if e.name == f"{FALL}.yaml")
    fall.daten_json = zlib.compress(b"[1, 2]")
    (demo / "cases" / fall.name).write_text("stammdaten: [\n", encoding="utf-8")
    gemeldet: list[Any] = []
    daten = list(lesen.falldaten(eintraege, ablage, kataloge, tag, gemeldet.append))
    assert [d["id"] for d in daten] == [e.name[:-5] for e in eintraege if e is not fall]
    assert [(f.datei, f.zeile) for f in gemeldet] == [(demo / "cases" / fall.name, 2)]


def test_cache_einer_anderen_version_gilt_nicht(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    _andere_version(demo)
    assert "Aus dem Cache" not in _csv(vp, demo)
    assert _sql(demo, "SELECT wert FROM meta WHERE schluessel = 'werkzeug'") != [("0.0.1",)]


def test_andere_kataloge_bauen_neu(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    (demo / "catalogs").mkdir()
    eigener = (REPO / "catalogs" / "staerken.yaml").read_text(encoding="utf-8") + "# eigener\n"
    (demo / "catalogs" / "staerken.yaml").write_text(eigener, encoding="utf-8")
    assert "Aus dem Cache" not in _csv(vp, demo)


def test_gesperrter_cache_wird_ersetzt(
    vp: Aufruf, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the cache locked (a hung network share) costs the report its
    time, not its result: the file is replaced by a new one."""
    monkeypatch.setattr(cache, "WARTEN_S", 0.05)
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    sperre = sqlite3.connect(_cache(demo), isolation_level=None)
    try:
        sperre.execute("BEGIN EXCLUSIVE")
        text = _csv(vp, demo)
    finally:
        sperre.close()
    assert "Aus dem Cache" not in text and NAME in text
    assert len(_zeilen(demo)) == 14


def test_cache_ordner_nicht_anlegbar(vp: Aufruf, demo: Path) -> None:
    (demo / ".vier-phasen").write_text("eine Datei, kein Ordner", encoding="utf-8")
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "faellig")
    assert ergebnis.exit_code == 0 and ergebnis.stderr == ""
    assert dateistand(demo) == vorher


@pytest.mark.parametrize("was", ["datei", "ordner"])
def test_fremd_beschreibbarer_cache_gilt_nicht(vp: Aufruf, demo: Path, was: str) -> None:
    """A cache others could have written is not used (defence in depth: nothing in it could
    run code, but a colleague's hand must not change one's reports)."""
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    ziel = _cache(demo) if was == "datei" else _cache(demo).parent
    ziel.chmod(0o666 if was == "datei" else 0o777)
    assert "Aus dem Cache" not in _csv(vp, demo)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="a file of another owner can only be made as root (chown)",
)
def test_cache_eines_anderen_gilt_nicht(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    _manipuliere(demo, FALL, "Aus dem Cache")
    os.chown(_cache(demo), 65534, 65534)
    assert "Aus dem Cache" not in _csv(vp, demo)


# --- the catalogs' cache -------------------------------------------------------------------


def test_kataloge_aus_dem_cache_und_kaputte_ueberschreibung(vp: Aufruf, demo: Path) -> None:
    _csv(vp, demo)
    assert (demo / ".vier-phasen" / "kataloge.json").is_file()
    (demo / "catalogs").mkdir()
    (demo / "catalogs" / "staerken.yaml").write_text("quelle: x\neintraege: [\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2 and "catalogs/staerken.yaml" in ergebnis.stderr


def _katalog_cache(ablage: Path) -> Path:
    return ablage / ".vier-phasen" / "kataloge.json"


def test_kataloge_aus_dem_cache_werden_benutzt(vp: Aufruf, demo: Path) -> None:
    vp("--ablage", demo, "katalog", "staerken")
    inhalt = orjson.loads(_katalog_cache(demo).read_bytes())
    inhalt["daten"]["staerken"]["eintraege"][0]["bezeichnung"] = "Aus dem Cache"
    _katalog_cache(demo).write_bytes(orjson.dumps(inhalt))
    assert "Aus dem Cache" in vp("--ablage", demo, "katalog", "staerken").stdout
    (demo / "catalogs").mkdir()  # another catalog file: the kept ones no longer count
    shutil.copy(REPO / "catalogs" / "leitfragen.yaml", demo / "catalogs")
    with (demo / "catalogs" / "leitfragen.yaml").open("a", encoding="utf-8") as f:
        f.write("# eigener\n")
    assert "Aus dem Cache" not in vp("--ablage", demo, "katalog", "staerken").stdout


@pytest.mark.parametrize(
    "verderbe",
    [
        lambda k: k["daten"]["staerken"].update(eintraege=[]),
        lambda k: k["daten"]["handlungsstrategien"]["eintraege"][0].update(handlungsbedarf="x"),
        lambda k: k["daten"]["integrationsprognosen"]["eintraege"][0].update(
            einv_ermessen_monate="sechs"
        ),
        lambda k: k["daten"].pop("staerken"),
        lambda k: k.update(daten=[1, 2]),
        lambda k: k.update(schluessel="0.0.1:x"),
    ],
    ids=["leer", "querbezug", "falscher-typ", "fehlt", "liste", "anderer-schluessel"],
)
def test_feindlicher_katalog_cache_wird_nicht_geglaubt(
    vp: Aufruf, demo: Path, verderbe: Callable[[dict[str, Any]], None]
) -> None:
    """What the catalogs' cache holds is validated as if just parsed: a damaged or planted
    one is ignored and the catalog files are read."""
    erwartet = vp("--ablage", demo, "faellig", "--format", "json", "--ohne-cache")
    vp("--ablage", demo, "katalog")
    gut = _katalog_cache(demo).read_bytes()
    inhalt = orjson.loads(gut)
    verderbe(inhalt)
    _katalog_cache(demo).write_bytes(orjson.dumps(inhalt))
    ergebnis = vp("--ablage", demo, "faellig", "--format", "json")
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, erwartet.stdout, "")
    assert _katalog_cache(demo).read_bytes() == gut  # written anew from the files


# --- reading itself ------------------------------------------------------------------------


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


@pytest.mark.parametrize("mit_cache", [False, True], ids=["ohne-cache", "aus-dem-cache"])
def test_statistik_liest_nur_ueberfaellige_fristen(demo: Path, mit_cache: bool) -> None:
    """statistik counts overdue items only: it reads the items due before the Stichtag from
    the date index (all items of 100,000 cases took most of its memory), cold or warm."""
    from vier_phasen_cli.storage.pruefung import lies_mit_befunden

    ablage = oeffne_ablage(demo)
    tag = date(2026, 12, 1)
    kontext = Pruefkontext(lade_kataloge(ablage.kataloge), tag)
    if mit_cache:  # a report of another day fills the cache with every item
        lesen.lies_alle(ablage, kontext.kataloge, date(2026, 1, 1), befunde=True, merkmale=True)
    eintraege = lies_mit_befunden(ablage, REGELWERK, kontext, merkmale=True, mit_cache=mit_cache)
    assert _cache(demo).exists() == mit_cache
    fristen = [f for e in eintraege for f in e.fristen]
    assert len(fristen) == 7  # the demo's overdue items on 01.12.2026 (faellig: 7 überfällig)
    assert all(f.faellig_am < tag for f in fristen)


def test_beide_kerne_lesen_wie_einer(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ablage = oeffne_ablage(demo)
    kataloge = lade_kataloge(ablage.kataloge)
    kaputt = demo / "cases" / "911A100005.yaml"
    kaputt.write_bytes(b"\xff\xfe kein UTF-8")
    shutil.copy(demo / "cases" / f"{FALL}.yaml", demo / "cases" / "falscher-name.yaml")
    tag = date(2026, 12, 1)
    seriell = lesen.lies_alle(ablage, kataloge, tag, mit_cache=False, daten=True)
    monkeypatch.setattr(einlesen, "PARALLEL_AB", 2)
    parallel = lesen.lies_alle(ablage, kataloge, tag, mit_cache=False, daten=True)
    assert len(parallel) == len(seriell) == 15

    def kern(e: Eintrag) -> tuple[object, ...]:
        fehler = e.fehler.meldung if e.fehler else None
        return (e.pfad, fehler, e.probleme, e.kopf, e.zeile, e.fristen, e.befunde, e.daten())

    assert [kern(e) for e in parallel] == [kern(e) for e in seriell]
    assert any(e.fehler for e in parallel) and any(e.probleme for e in parallel)


@pytest.mark.parametrize("stueck", [1, 500])
@pytest.mark.parametrize("mit_fehler", [False, True])
@pytest.mark.parametrize("anzahl", [0, 1, 3, 500, 501, 1203])
def test_json_stueckweise_wie_im_ganzen(anzahl: int, mit_fehler: bool, stueck: int) -> None:
    """liste --format json streams its cases; the text is the same as in one piece."""
    from vier_phasen_cli.cli.ausgabe import json_stuecke, json_text

    eintraege = [{"id": f"F{i}", "kunde": {"name": "Ä ö", "liste": [1, {"a": None}]}, "x": []}
                 for i in range(anzahl)]  # fmt: skip
    fehler = [{"datei": "cases/x.yaml", "zeile": 3, "meldung": "kaputt"}] if mit_fehler else []
    ganz = json_text({"faelle": eintraege, "fehler": fehler})
    stuecke = json_stuecke("faelle", iter(eintraege), {"fehler": fehler}, None, stueck)
    assert "".join(stuecke) == ganz


@pytest.mark.parametrize(
    "frage",
    [
        {"zeilen": False, "fristen": date(2026, 12, 15)},  # faellig
        {"zeilen": False, "fristen": False},  # uebergabe
        {"fristen": False},  # liste
        {"befunde": True, "zeilen": False, "fristen": False},  # pruefen
        {"befunde": True, "zeilen": False, "merkmale": True},  # statistik
    ],
    ids=["faellig", "uebergabe", "liste", "pruefen", "statistik"],
)
def test_gelesen_wie_aus_dem_cache(demo: Path, frage: dict[str, Any]) -> None:
    """An entry read from its file carries only what the report asked for, exactly as one
    from the cache does (a cold run over many files holds no more than a warm one)."""
    ablage = oeffne_ablage(demo)
    kataloge = lade_kataloge(ablage.kataloge)
    tag = date(2026, 12, 1)
    kalt = lesen.lies_alle(ablage, kataloge, tag, **frage)
    warm = lesen.lies_alle(ablage, kataloge, tag, **frage)
    assert _cache(demo).exists() and len(kalt) == 14
    assert kalt == warm
    if "fristen" in frage and frage["fristen"] is not False:
        assert any(e.fristen for e in kalt)  # not vacuous
