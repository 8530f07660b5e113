"""The file system as an attacker or an accident leaves it (SPEC §15, issue 12): the limits
every YAML/TOML input shares, ``-o`` into special files, temp files and locks that name their
host, and a workspace in another user's world-writable folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HEUTE, REPO, Aufruf

FEINDLICH = REPO / "tests" / "data" / "hostile"
TIEF = "Datei ist zu tief verschachtelt"


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in its own process: a crash (segfault) is an exit status here,
    not the end of the test run."""
    env = {k: v for k, v in os.environ.items() if k != "VIER_PHASEN_ABLAGE"}
    env["VIER_PHASEN_HEUTE"] = HEUTE
    return subprocess.run(
        [sys.executable, "-m", "vier_phasen_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _ohne_absturz(ergebnis: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in ergebnis.stderr
    assert "Interner Fehler" not in ergebnis.stderr


# --- Item 5: one guarded loader for every YAML/TOML input ------------------------------


def test_korpus_h3_wird_benutzt() -> None:
    """Every H3 file of the hostile corpus is used by a test of this module."""
    quelltext = Path(__file__).read_text(encoding="utf-8")
    namen = sorted(p.name for p in FEINDLICH.glob("H3*"))
    assert len(namen) == 7
    assert [n for n in namen if f'"{n}"' not in quelltext] == []


@pytest.mark.parametrize(
    ("datei", "meldung"),
    [
        ("H30-katalog-tief.yml", f"catalogs/staerken.yaml: {TIEF}"),
        ("H31-katalog-block-tief.yml", f"catalogs/staerken.yaml:4: {TIEF}"),
        (
            "H32-katalog-verweise.yml",
            "catalogs/staerken.yaml:2: Anker und Verweise (&name / *name) sind in dieser "
            "Datei nicht erlaubt",
        ),
    ],
)
@pytest.mark.parametrize("befehl", [["liste"], ["faellig"], ["zeige", "911A100001"], ["pruefen"]])
def test_feindliche_katalogueberschreibung(
    demo: Path, datei: str, meldung: str, befehl: list[str]
) -> None:
    (demo / "catalogs").mkdir()
    shutil.copy(FEINDLICH / datei, demo / "catalogs" / "staerken.yaml")
    ergebnis = _cli("--ablage", demo, *befehl)
    assert ergebnis.returncode == 2, ergebnis.stderr  # was -11 (segfault) for H30
    assert ergebnis.stderr.splitlines()[0] == f"Fehler: {demo}/{meldung}"
    assert ergebnis.stdout == ""
    _ohne_absturz(ergebnis)


@pytest.mark.parametrize(
    ("datei", "zeile"),
    [
        ("H33-einstellungen-tief.toml", f"vier-phasen.toml:2: {TIEF}"),
        ("H34-einstellungen-punkte.toml", f"vier-phasen.toml:2: {TIEF}"),
        (
            "H35-einstellungen-tage.toml",
            "vier-phasen.toml: [faellig] tage muss eine ganze Zahl von 0 bis 3650 sein",
        ),
    ],
)
def test_feindliche_einstellungen(vp: Aufruf, demo: Path, datei: str, zeile: str) -> None:
    shutil.copy(FEINDLICH / datei, demo / "vier-phasen.toml")
    for befehl in (["faellig"], ["liste"], ["zeige", "911A100001"]):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2
        assert ergebnis.stderr.splitlines()[0] == f"Fehler: {demo}/{zeile}"
        assert "Interner Fehler" not in ergebnis.stderr


@pytest.mark.parametrize("tage", ["3651", "-1", "1e3", "true", '"14"'])
def test_faellig_tage_ausserhalb(vp: Aufruf, demo: Path, tage: str) -> None:
    (demo / "vier-phasen.toml").write_text(f"[faellig]\ntage = {tage}\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "faellig")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines() == [
        f"Fehler: {demo}/vier-phasen.toml: [faellig] tage muss eine ganze Zahl von 0 bis 3650 sein",
        "Die Vorausschau des Fristenberichts in Tagen, z. B. tage = 14.",
    ]


def test_faellig_tage_grenzwerte(vp: Aufruf, demo: Path) -> None:
    for tage in ("0", "3650"):
        (demo / "vier-phasen.toml").write_text(f"[faellig]\ntage = {tage}\n", encoding="utf-8")
        assert vp("--ablage", demo, "faellig", "--format", "json").exit_code in (0, 1)


def test_zu_grosse_einstellungen(vp: Aufruf, demo: Path) -> None:
    (demo / "vier-phasen.toml").write_text("# " + "x" * (1024 * 1024 + 1) + "\n")
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(f"Fehler: {demo}/vier-phasen.toml: Datei ist zu groß")


def test_tiefe_antwortdatei(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp(
        "--ablage", demo, "folgegespraech", "911A100001",
        "--antworten", FEINDLICH / "H36-antworten-tief.yml", "--datum", HEUTE,
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    erste = ergebnis.stderr.splitlines()[0]
    assert erste.startswith("Fehler: ") and erste.endswith(f"/H36-antworten-tief.yml:3: {TIEF}")


def test_tiefengrenze_gilt_fuer_beide_leser(vp: Aufruf, demo: Path) -> None:
    """65 block levels (no brackets, so the fast reader sees them too): both readers refuse
    with the same message; 64 levels are read by both."""
    fall = demo / "cases" / "911A100001.yaml"
    original = fall.read_text(encoding="utf-8")
    for ebenen, erwartet in ((63, 0), (64, 2)):  # the file's root mapping is level one
        tief = "".join(" " * (2 * i) + f"e{i}:\n" for i in range(1, ebenen)) + " " * 2 * ebenen
        fall.write_text(original + "zusatz:\n" + tief + "x: 1\n", encoding="utf-8")
        for befehl in (["liste", "--format", "json"], ["zeige", "911A100001"]):
            ergebnis = vp("--ablage", demo, *befehl)
            if erwartet:
                assert TIEF in ergebnis.stderr, befehl
            else:
                assert TIEF not in ergebnis.stderr, befehl


# --- Item 1: one output-file writer for -o ----------------------------------------------

NIEMAND = 65534


def _als_benutzer(befehl: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``befehl`` as an ordinary user: as root through setpriv as uid/gid 65534, otherwise
    as oneself (who is an ordinary user already)."""
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv fehlt: ohne es lässt sich als root kein anderer Benutzer zeigen")
        befehl = [
            "setpriv", f"--reuid={NIEMAND}", f"--regid={NIEMAND}", "--clear-groups", *befehl
        ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "VIER_PHASEN_ABLAGE"}
    env["VIER_PHASEN_HEUTE"] = HEUTE
    return subprocess.run(
        befehl, capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


@pytest.fixture
def eigener_ordner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a demo workspace that the ordinary user of ``_als_benutzer`` owns."""
    import tempfile

    ordner = Path(tempfile.mkdtemp(prefix="vp-benutzer-", dir="/tmp"))
    shutil.copytree(
        REPO / "cases", ordner / "ablage", ignore=shutil.ignore_patterns(".vier-phasen")
    )
    if os.geteuid() == 0:
        for pfad in (ordner, *ordner.rglob("*")):
            os.chown(pfad, NIEMAND, NIEMAND)
    yield ordner
    shutil.rmtree(ordner, ignore_errors=True)


def _geraet(tmp_path: Path, name: str, nummer: int) -> Path:
    """A character device to write into. As root a private node in ``tmp_path`` (same
    device as /dev/NAME): should the writer regress and replace it, the machine's own
    /dev/null stays intact. Otherwise the real one (which a user cannot replace)."""
    import stat

    if os.geteuid() != 0:
        return Path("/dev") / name
    (tmp_path / "geraete").mkdir(exist_ok=True)
    pfad = tmp_path / "geraete" / name
    os.mknod(pfad, stat.S_IFCHR | 0o666, os.makedev(1, nummer))
    return pfad


@pytest.mark.parametrize(
    "befehl",
    [
        ["faellig"],
        ["faellig", "--format", "csv"],
        ["liste"],
        ["liste", "--format", "json"],
        ["zeige", "911A100001"],
        ["pruefen"],
        ["pruefen", "--regeln"],
        ["katalog", "staerken"],
        ["dokument", "911A100001", "auskunft"],
    ],
)
def test_o_schreibt_in_geraet_und_ersetzt_es_nicht(
    vp: Aufruf, demo: Path, tmp_path: Path, befehl: list[str]
) -> None:
    null = _geraet(tmp_path, "null", 3)
    vorher = os.stat(null)
    ergebnis = vp("--ablage", demo, *befehl, "-o", null)
    assert ergebnis.exit_code in (0, 1), ergebnis.stderr
    assert ergebnis.stdout == ""
    assert "Geschrieben" not in ergebnis.stderr  # no terminal: no confirmation
    nachher = os.lstat(null)
    assert stat_art(nachher.st_mode) == "zeichengerät" and nachher.st_ino == vorher.st_ino


def stat_art(modus: int) -> str:
    import stat

    if stat.S_ISCHR(modus):
        return "zeichengerät"
    if stat.S_ISFIFO(modus):
        return "fifo"
    if stat.S_ISREG(modus):
        return "datei"
    return "anderes"


@pytest.mark.parametrize(
    "befehl", [["faellig", "--format", "csv"], ["dokument", "911A100001", "auskunft"]]
)
def test_o_schreibt_in_fifo(demo: Path, tmp_path: Path, befehl: list[str]) -> None:
    import threading

    fifo = tmp_path / "rohr"
    os.mkfifo(fifo)
    gelesen: list[bytes] = []
    leser = threading.Thread(target=lambda: gelesen.append(fifo.read_bytes()), daemon=True)
    leser.start()
    ergebnis = _cli("--ablage", demo, *befehl, "-o", fifo)
    leser.join(30)
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert stat_art(os.lstat(fifo).st_mode) == "fifo"  # was replaced by a regular file
    assert gelesen and len(gelesen[0]) > 100
    assert sorted(os.listdir(tmp_path)) == ["ablage", "rohr"]  # no temp file left


def test_o_stdout_bleibt_pipe(demo: Path) -> None:
    # /dev/fd/1 rather than /dev/stdout: the same kind of link to the pipe, but a writer
    # that regressed could not replace it (and so break the machine's /dev/stdout).
    ergebnis = _cli("--ablage", demo, "liste", "--format", "csv", "-o", "/dev/fd/1")
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert ergebnis.stdout.count("\n") == 15
    assert ergebnis.stderr == ""  # a pipe gets no confirmation, only the data


@pytest.mark.parametrize(
    ("art", "meldung"),
    [
        (
            "verweis",
            "Ausgabeziel ist ein symbolischer Verweis; er wird weder ersetzt noch verfolgt",
        ),
        (
            "toter_verweis",
            "Ausgabeziel ist ein symbolischer Verweis; er wird weder ersetzt noch verfolgt",
        ),
        ("ordner", "Ausgabeziel ist ein Ordner"),
        ("socket", "Ausgabeziel ist ein Socket, keine Datei"),
    ],
)
@pytest.mark.parametrize(
    "befehl",
    [["liste"], ["faellig", "--format", "json"], ["dokument", "911A100001", "auskunft", "--force"]],
)
def test_o_lehnt_andere_ziele_ab(
    vp: Aufruf, demo: Path, tmp_path: Path, art: str, meldung: str, befehl: list[str]
) -> None:
    import socket

    ziel = tmp_path / "ziel"
    echt = tmp_path / "echt.txt"
    echt.write_text("bleibt\n")
    if art == "verweis":
        ziel.symlink_to(echt)
    elif art == "toter_verweis":
        ziel.symlink_to(tmp_path / "gibt-es-nicht")
    elif art == "ordner":
        ziel.mkdir()
    else:
        kurz = Path("/tmp") / f"vp-sock-{os.getpid()}"
        dose = socket.socket(socket.AF_UNIX)
        dose.bind(str(kurz))
        kurz.rename(ziel)
    vorher = os.lstat(ziel)
    ergebnis = vp("--ablage", demo, *befehl, "-o", ziel)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == f"Fehler: {ziel}: {meldung}"
    assert ergebnis.stdout == ""
    assert os.lstat(ziel).st_ino == vorher.st_ino and os.lstat(ziel).st_mode == vorher.st_mode
    assert echt.read_text() == "bleibt\n"
    assert sorted(os.listdir(tmp_path)) == sorted(["ziel", "echt.txt", "ablage"])


def test_dokument_ohne_force_ersetzt_keine_datei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "auskunft.md"
    ziel.write_text("alt\n")
    ergebnis = vp("--ablage", demo, "dokument", "911A100001", "auskunft", "-o", ziel)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines() == [
        f"Fehler: {ziel}: Die Ausgabedatei gibt es schon; sie wird nicht überschrieben",
        "Mit --force wird sie ersetzt.",
    ]
    assert ziel.read_text() == "alt\n"
    assert (
        vp("--ablage", demo, "dokument", "911A100001", "auskunft", "-o", ziel, "--force").exit_code
        == 0
    )
    assert ziel.read_text() != "alt\n" and (ziel.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("laenge", [250, 255])
def test_o_langer_dateiname(vp: Aufruf, demo: Path, tmp_path: Path, laenge: int) -> None:
    """The temp file's name embeds the target's: shortened so that it fits 255 bytes."""
    ziel = tmp_path / ("ä" * 10 + "b" * (laenge - 20))  # 255 bytes: ä is two
    ergebnis = vp("--ablage", demo, "liste", "--format", "csv", "-o", ziel)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ziel.read_text(encoding="utf-8").count("\n") > 10
    assert sorted(os.listdir(tmp_path)) == sorted(["ablage", ziel.name])


def test_o_zu_langer_dateiname(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / ("b" * 256)
    ergebnis = vp("--ablage", demo, "liste", "-o", ziel)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == (
        f"Fehler: {ziel}: Ausgabeziel nicht erreichbar (Dateiname ist zu lang)"
    )
    assert "Interner Fehler" not in ergebnis.stderr


def test_o_volles_geraet(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("kein /dev/full auf diesem System")
    voll = _geraet(tmp_path, "full", 7)
    ergebnis = vp("--ablage", demo, "liste", "-o", voll)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == (
        f"Fehler: {voll}: Ausgabedatei nicht geschrieben (kein Platz mehr auf dem Datenträger)"
    )


def test_o_ohne_schreibrecht_als_benutzer(eigener_ordner: Path) -> None:
    """A folder the user may not write to: a German message, not an internal error."""
    gesperrt = eigener_ordner / "gesperrt"
    gesperrt.mkdir(mode=0o555)
    gesperrt.chmod(0o555)
    ergebnis = _als_benutzer(
        [sys.executable, "-m", "vier_phasen_cli", "--ablage", str(eigener_ordner / "ablage"),
         "liste", "-o", str(gesperrt / "liste.txt")]
    )  # fmt: skip
    assert ergebnis.returncode == 2, ergebnis.stderr
    assert ergebnis.stderr.splitlines()[0] == (
        f"Fehler: {gesperrt}/liste.txt: Keine Schreibberechtigung für die Ausgabedatei"
    )
    assert os.listdir(gesperrt) == []


# --- Item 2: temp files name host and pid; only the tool's own are removed ---------------


def _tote_pid() -> int:
    prozess = subprocess.Popen([sys.executable, "-c", "pass"])
    prozess.wait()
    return prozess.pid


def test_aufraeumen_nur_eigene_tempdateien(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    from vier_phasen_cli.storage.atomar import rechnername

    ausgabe = tmp_path / "aus"
    ausgabe.mkdir()
    tot = _tote_pid()
    host = rechnername()
    namen = {
        "nutzer": ".Meine Notizen.docx.99999.x.tmp",  # the user's own file, not ours
        "nutzer2": f".bericht.csv.{tot}.abcdefgh.tmp",  # the old pattern
        "anderer_rechner": f".vp-bericht.csv.anderer-rechner.{tot}.0123abcd.tmp",
        "lebt": f".vp-bericht.csv.{host}.{os.getpid()}.0123abcd.tmp",
        "fast": f".vp-bericht.csv.{host}.{tot}.0123abcd.tmp.bak",
        "eigen_tot": f".vp-bericht.csv.{host}.{tot}.0123abcd.tmp",
    }
    for name in namen.values():
        (ausgabe / name).write_text("in Arbeit\n")
    ergebnis = vp("--ablage", demo, "liste", "-o", ausgabe / "bericht.csv")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    geblieben = set(os.listdir(ausgabe))
    assert geblieben == {"bericht.csv"} | {n for k, n in namen.items() if k != "eigen_tot"}


def test_aufraeumen_laesst_fremde_dateien(demo: Path, tmp_path: Path) -> None:
    """A dead-pid temp file of this host that belongs to another user is not removed."""
    if os.geteuid() != 0:
        pytest.skip("eine Datei eines anderen Benutzers anzulegen braucht root")
    from vier_phasen_cli.storage.atomar import raeume_auf, rechnername

    fremd = tmp_path / f".vp-x.{rechnername()}.{_tote_pid()}.0123abcd.tmp"
    fremd.write_text("x")
    os.chown(fremd, NIEMAND, NIEMAND)
    assert raeume_auf(tmp_path) == []
    assert fremd.exists()


def test_tempdatei_traegt_rechner_und_pid(tmp_path: Path) -> None:
    from vier_phasen_cli.storage.atomar import rechnername, schreibe_atomar

    gesehen: list[str] = []

    def schreibe(f: object) -> None:
        gesehen.extend(n for n in os.listdir(tmp_path) if n.endswith(".tmp"))

    schreibe_atomar(tmp_path / "bericht.csv", schreibe)
    assert len(gesehen) == 1
    assert gesehen[0].startswith(f".vp-bericht.csv.{rechnername()}.{os.getpid()}.")
    assert os.listdir(tmp_path) == ["bericht.csv"]


# --- Item 3: lock files name PID@HOST and when; empty ones are held ----------------------


def _sperre(ordner: Path, inhalt: str, alter: float = 0.0) -> Path:
    ordner.mkdir(parents=True, exist_ok=True)
    sperre = ordner / "911A100001.lock"
    sperre.write_text(inhalt, encoding="ascii")
    if alter:
        zeit = sperre.stat().st_mtime - alter
        os.utime(sperre, (zeit, zeit))
    return sperre


def _halte(ordner: Path) -> list[str]:
    """Take the lock of 911A100001 and return what its file holds meanwhile."""
    from vier_phasen_cli.storage.sperre import gesperrt

    with gesperrt(ordner, "911A100001") as sperre:
        return sperre.read_text(encoding="ascii").splitlines()


def test_sperre_nennt_pid_und_rechner(tmp_path: Path) -> None:
    from datetime import datetime

    from vier_phasen_cli.storage.atomar import rechnername

    zeilen = _halte(tmp_path)
    assert zeilen[0] == f"{os.getpid()}@{rechnername()}"
    assert datetime.fromisoformat(zeilen[1]).tzinfo is not None
    assert os.listdir(tmp_path) == []  # released


@pytest.mark.parametrize("inhalt", ["", "\x00\x00", "kaputt\n"])
def test_leere_sperre_gilt_als_gehalten(tmp_path: Path, inhalt: str) -> None:
    """An empty lock file may be a lock whose owner has not yet written it: held."""
    from vier_phasen_cli.fehler import VierPhasenFehler

    sperre = _sperre(tmp_path, inhalt)
    with pytest.raises(VierPhasenFehler) as fehler:
        _halte(tmp_path)
    assert fehler.value.meldung.startswith(
        "Fall „911A100001“ wird gerade von einem anderen Gespräch gesperrt "
        "(Sperrdatei noch leer oder nicht lesbar, seit "
    )
    assert sperre.read_text(encoding="ascii") == inhalt


def test_alte_leere_sperre_ist_verwaist(tmp_path: Path) -> None:
    from vier_phasen_cli.storage.sperre import LEER_FRIST

    _sperre(tmp_path, "", alter=LEER_FRIST + 5)
    assert len(_halte(tmp_path)) == 3  # taken over: PID@HOST, time, user
    assert os.listdir(tmp_path) == []


def test_sperre_eines_anderen_rechners_wird_nie_uebernommen(tmp_path: Path) -> None:
    from vier_phasen_cli.fehler import VierPhasenFehler

    pid = _tote_pid()
    inhalt = f"{pid}@anderer-rechner\n2026-11-23T08:15:00+00:00\n"
    sperre = _sperre(tmp_path, inhalt, alter=3 * 86400)
    with pytest.raises(VierPhasenFehler) as fehler:
        _halte(tmp_path)  # not even when old: that takes --entsperren (tests/test_team.py)
    from datetime import datetime

    seit = datetime.fromisoformat("2026-11-23T08:15:00+00:00").astimezone()
    assert fehler.value.meldung == (
        "Fall „911A100001“ wird gerade von Ihnen auf dem Rechner „anderer-rechner“ bearbeitet "
        f"(seit {seit:%d.%m.%Y %H:%M}, gesperrt von {pid}@anderer-rechner)"
    )
    assert sperre.read_text(encoding="ascii") == inhalt


def test_sperre_dieses_rechners_ohne_prozess_ist_verwaist(tmp_path: Path) -> None:
    from vier_phasen_cli.storage.atomar import rechnername

    _sperre(tmp_path, f"{_tote_pid()}@{rechnername()}\n2026-11-23T08:15:00+00:00\n")
    assert _halte(tmp_path)[0] == f"{os.getpid()}@{rechnername()}"


def test_assistent_meldet_sperre_eines_anderen_rechners(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    sperre = _sperre(
        demo / ".vier-phasen" / "sperren", "4242@anderer-rechner\n2026-11-23T08:15:00+00:00\n"
    )
    antworten = tmp_path / "antworten.yaml"
    antworten.write_text("gespraech:\n  anliegen: Rückfrage\n", encoding="utf-8")
    vorher = (demo / "cases" / "911A100001.yaml").read_bytes()
    ergebnis = vp(
        "--ablage", demo, "folgegespraech", "911A100001", "--antworten", antworten,
        "--datum", HEUTE,
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert "auf dem Rechner „anderer-rechner“ bearbeitet (seit 23.11.2026" in ergebnis.stderr
    assert (demo / "cases" / "911A100001.yaml").read_bytes() == vorher
    assert sperre.exists()


# --- Item 4: a discovered workspace in another user's world-writable folder --------------


@pytest.fixture
def fremde_ablage() -> Path:
    """A demo workspace with a sub-folder to start in, owned by another user: as root by
    uid 65534; as an ordinary user this cannot be made, so the test is skipped."""
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("einen Ordner eines anderen Benutzers anzulegen braucht root")
    ordner = Path(tempfile.mkdtemp(prefix="vp-fremd-", dir="/tmp"))
    shutil.copytree(REPO / "cases", ordner, dirs_exist_ok=True)
    shutil.rmtree(ordner / ".vier-phasen", ignore_errors=True)
    (ordner / "templates").mkdir()
    (ordner / "unten").mkdir()
    for pfad in (ordner, *ordner.rglob("*")):
        os.chown(pfad, NIEMAND, NIEMAND)
    yield ordner
    shutil.rmtree(ordner, ignore_errors=True)


def _fremd_meldung(ordner: Path, was: str) -> str:
    import pwd

    name = pwd.getpwuid(NIEMAND).pw_name
    return (
        f"Fehler: {ordner}: Ablage wird nicht verwendet: sie gehört einem anderen Benutzer "
        f"({name}), und {was} ist für alle beschreibbar"
    )


@pytest.mark.parametrize(
    ("offen", "was"),
    [
        ("", "der Ordner selbst"),
        ("cases", "„cases/“"),
        ("templates", "„templates/“"),
        ("vier-phasen.toml", "„vier-phasen.toml“"),
    ],
)
def test_fremde_offene_ablage_wird_abgelehnt(fremde_ablage: Path, offen: str, was: str) -> None:
    (fremde_ablage / offen).chmod(0o777 if offen != "vier-phasen.toml" else 0o666)
    vorher = sorted(os.listdir(fremde_ablage / "cases"))
    for befehl in (
        ["liste"],
        ["faellig"],
        ["neu", "NEU-1", "--name", "N", "--rechtskreis", "SGB III", "--fachkraft", "F"],
    ):
        ergebnis = _cli(*befehl, cwd=fremde_ablage / "unten")
        assert ergebnis.returncode == 2, ergebnis.stderr
        assert ergebnis.stderr.splitlines()[0] == _fremd_meldung(fremde_ablage, was)
        assert "--ablage ORDNER" in ergebnis.stderr
        assert ergebnis.stdout == ""
    assert sorted(os.listdir(fremde_ablage / "cases")) == vorher  # no case planted there


def test_fremde_offene_ablage_ausdruecklich_gewaehlt(fremde_ablage: Path) -> None:
    fremde_ablage.chmod(0o777)
    (fremde_ablage / "cases").chmod(0o777)
    assert _cli("--ablage", fremde_ablage, "liste", cwd=fremde_ablage / "unten").returncode == 0
    env = {**os.environ, "VIER_PHASEN_ABLAGE": str(fremde_ablage), "VIER_PHASEN_HEUTE": HEUTE}
    ergebnis = subprocess.run(
        [sys.executable, "-m", "vier_phasen_cli", "liste"],
        capture_output=True, text=True, env=env, cwd=fremde_ablage / "unten", check=False,
    )  # fmt: skip
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_fremde_ablage_ohne_schreibrecht_fuer_alle(fremde_ablage: Path) -> None:
    """Another user's folder that only its owner may change (a colleague's read-only
    share): used as before."""
    ergebnis = _cli("liste", cwd=fremde_ablage / "unten")
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_team_ablage_der_eigenen_gruppe(fremde_ablage: Path) -> None:
    import grp

    gruppe = grp.getgrgid(os.getegid()).gr_name
    with (fremde_ablage / "vier-phasen.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[ablage]\ngruppe = "{gruppe}"\n')
    (fremde_ablage / "cases").chmod(0o777)
    # the folder must belong to the named group: the claim alone is not enough
    assert _cli("liste", cwd=fremde_ablage / "unten").returncode == 2
    os.chown(fremde_ablage, NIEMAND, os.getegid())
    ergebnis = _cli("liste", cwd=fremde_ablage / "unten")
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_offene_ablage_als_anderer_benutzer(fremde_ablage: Path) -> None:
    """The same seen from an ordinary user (uid 65534) in a world-writable folder of root."""
    for pfad in (fremde_ablage, *fremde_ablage.rglob("*")):
        os.chown(pfad, 0, 0)
    fremde_ablage.chmod(0o777)
    ergebnis = _als_benutzer(
        [sys.executable, "-m", "vier_phasen_cli", "liste"], cwd=fremde_ablage / "unten"
    )
    assert ergebnis.returncode == 2, ergebnis.stderr
    assert ergebnis.stderr.splitlines()[0].startswith(
        f"Fehler: {fremde_ablage}: Ablage wird nicht verwendet: sie gehört einem anderen "
        "Benutzer (root), und der Ordner selbst ist für alle beschreibbar"
    )


# --- Symbolic links where the tool reads or writes its own files (issue 16, security) ----

LINK = "Ist ein symbolischer Link; aus Sicherheitsgründen nicht gelesen"


@pytest.fixture
def fall_als_link(demo: Path, tmp_path: Path) -> Path:
    """cases/911A100001.yaml replaced by a link to a private case outside the workspace."""
    fremd = tmp_path / "privat" / "911A100001.yaml"
    fremd.parent.mkdir()
    inhalt = (demo / "cases" / "911A100001.yaml").read_text(encoding="utf-8")
    fremd.write_text(inhalt.replace("Andrea", "Geheimname"), encoding="utf-8")
    (demo / "cases" / "911A100001.yaml").unlink()
    (demo / "cases" / "911A100001.yaml").symlink_to(fremd)
    return fremd


def test_fall_als_link_wird_nicht_gelesen(vp: Aufruf, demo: Path, fall_als_link: Path) -> None:
    liste = vp("--ablage", demo, "liste")
    assert liste.exit_code == 2
    assert f"cases/911A100001.yaml: {LINK}" in liste.stderr
    assert "Geheimname" not in liste.stdout + liste.stderr
    assert "911A100002" in liste.stdout  # the other cases are listed
    pruefen = vp("--ablage", demo, "pruefen")
    assert f"cases/911A100001.yaml:1: DA001 fehler: {LINK}" in pruefen.stdout
    zeige = vp("--ablage", demo, "zeige", "911A100001")
    assert zeige.exit_code == 2 and LINK in zeige.stderr
    assert "Geheimname" not in zeige.stdout + zeige.stderr


def test_fall_als_link_wird_nicht_ueberschrieben(
    vp: Aufruf, demo: Path, fall_als_link: Path
) -> None:
    vorher = fall_als_link.read_bytes()
    ergebnis = vp(
        "--ablage", demo, "wiedervorlage", "911A100001", "--am", "01.12.2026", "--text", "T"
    )  # fmt: skip
    assert ergebnis.exit_code == 2 and LINK in ergebnis.stderr
    assert (demo / "cases" / "911A100001.yaml").is_symlink()
    assert fall_als_link.read_bytes() == vorher


def test_schreiben_ersetzt_keinen_link(demo: Path, fall_als_link: Path) -> None:
    """The one write path refuses a link even when nothing read it before."""
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.faelle import _schreibe
    from vier_phasen_cli.storage.rechte import PRIVAT

    with pytest.raises(VierPhasenFehler, match="symbolischer Link"):
        _schreibe(demo / "cases" / "911A100001.yaml", b"x", neu=False, rechte=PRIVAT)
    assert (demo / "cases" / "911A100001.yaml").is_symlink()


def test_fall_als_fifo_haengt_nicht(vp: Aufruf, demo: Path) -> None:
    os.mkfifo(demo / "cases" / "FIFO.yaml")
    assert vp("--ablage", demo, "zeige", "FIFO").exit_code == 2
    assert vp("--ablage", demo, "liste").exit_code == 0
    from vier_phasen_cli.fehler import DatenFehler
    from vier_phasen_cli.storage.rohdaten import lies_bytes

    with pytest.raises(DatenFehler, match="Ist keine gewöhnliche Datei"):
        lies_bytes(demo / "cases" / "FIFO.yaml")


def test_faelle_ordner_als_link_nach_draussen(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    fremd = tmp_path / "fremde-faelle"
    (demo / "cases").rename(fremd)
    (demo / "cases").symlink_to(fremd)
    for befehl in (["liste"], ["zeige", "911A100001"]):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2
        assert "cases: Der Ordner cases/ ist ein symbolischer Link aus der Ablage hinaus" in (
            ergebnis.stderr
        )
        assert "Andrea" not in ergebnis.stdout


def test_faelle_ordner_als_link_in_der_ablage(vp: Aufruf, demo: Path) -> None:
    (demo / "cases").rename(demo / "faelle")
    (demo / "cases").symlink_to("faelle")
    assert vp("--ablage", demo, "liste").exit_code == 0


# --- A newline in a file name cannot forge a message line ---------------------------------


def test_zeilenumbruch_im_dateinamen_in_liste(vp: Aufruf, demo: Path) -> None:
    shutil.copy(demo / "cases" / "911A100001.yaml", demo / "cases" / "nl\nFehler: x.yaml")
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2
    assert "cases/nl\\x0aFehler: x.yaml:4: ID „911A100001“ passt nicht zum Dateinamen" in (
        ergebnis.stderr
    )
    assert not any(z.startswith("Fehler: x.yaml") for z in ergebnis.stderr.splitlines())


def test_zeilenumbruch_im_pfad_des_merge_treibers(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    import yaml

    text = (demo / "cases" / "911A100001.yaml").read_text(encoding="utf-8")
    basis, unsere, ihre = (tmp_path / n for n in ("O", "A", "B"))
    basis.write_text(text, encoding="utf-8")
    option = yaml.safe_load(text)["ziel"]["option"]
    for datei, neu in ((unsere, "betriebliche-ausbildung"), (ihre, "selbststaendigkeit")):
        datei.write_text(text.replace(f"option: {option}", f"option: {neu}", 1), encoding="utf-8")
    pfad = "cases/x\nFehler: gefälscht.yaml"
    ergebnis = vp("git", "merge-driver", basis, unsere, ihre, pfad)
    assert ergebnis.exit_code == 1, ergebnis.stderr
    assert "Konflikt in cases/x\\x0aFehler: gefälscht.yaml: beide Seiten" in " ".join(
        ergebnis.stderr.split()
    )
    assert not any(z.startswith("Fehler:") for z in ergebnis.stderr.splitlines())
