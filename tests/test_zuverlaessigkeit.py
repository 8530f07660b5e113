"""Nothing lost: a save killed at any moment, a full disk, an I/O error or a report running
during a save never leave a partial case file; a killed writer's temp files are removed by
the next save; files are private whatever the umask."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Aufruf, dateistand, lege_neu_an
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.faelle import lade_fall, speichere
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

FALL = "911A100001"
NAMEN = ("Anna Alt", "Bert Neu")

SCHREIBER = """
import sys
from pathlib import Path
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.faelle import lade_fall, speichere
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

pfad, anzahl = Path(sys.argv[1]), int(sys.argv[2])
kataloge = lade_kataloge()
yamldatei.dump(lade_fall(pfad, kataloge).dokument)  # models and writer loaded before the loop
print("bereit", flush=True)
i = 0
while anzahl < 0 or i < anzahl:
    fall = lade_fall(pfad, kataloge)
    name = fall.dokument.daten["kunde"]["name"]
    fall.dokument.daten["kunde"]["name"] = "Bert Neu" if name == "Anna Alt" else "Anna Alt"
    speichere(fall, kataloge)
    i += 1
"""


def _schreiber(pfad: Path, anzahl: int) -> subprocess.Popen[str]:
    """A process that saves the case ``anzahl`` times (-1: until killed), name switching."""
    prozess = subprocess.Popen(
        [sys.executable, "-c", SCHREIBER, str(pfad), str(anzahl)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert prozess.stdout is not None and prozess.stdout.readline() == "bereit\n"
    return prozess


def _fassungen(pfad: Path) -> set[bytes]:
    """Every state the file may be in: as it was, and with either name."""
    kataloge = lade_kataloge()
    fassungen = {pfad.read_bytes()}
    for name in NAMEN:
        fall = lade_fall(pfad, kataloge)
        fall.dokument.daten["kunde"]["name"] = name
        fassungen.add(yamldatei.dump(fall.dokument))
    return fassungen


def _reste(ordner: Path) -> list[str]:
    return sorted(n for n in os.listdir(ordner) if n.endswith(".tmp"))


def test_abbruch_mitten_im_speichern(demo: Path) -> None:
    """SIGKILL at random moments of a save loop: always the old or the new file, never a mix;
    the next save removes what the killed one left."""
    pfad = demo / "cases" / f"{FALL}.yaml"
    fassungen = _fassungen(pfad)
    zufall = random.Random(20261124)
    gesehen = set()
    for _ in range(20):
        prozess = _schreiber(pfad, -1)
        time.sleep(zufall.uniform(0.0, 0.15))
        prozess.send_signal(signal.SIGKILL)
        prozess.wait()
        inhalt = pfad.read_bytes()
        assert inhalt in fassungen
        gesehen.add(inhalt)
    assert len(gesehen) >= 2  # the kills did land during the loop
    assert _schreiber(pfad, 1).wait() == 0
    assert _reste(pfad.parent) == []
    assert pfad.read_bytes() in fassungen


def test_bericht_waehrend_gespeichert_wird(vp: Aufruf, demo: Path) -> None:
    pfad = demo / "cases" / f"{FALL}.yaml"
    prozess = _schreiber(pfad, -1)
    try:
        ende = time.monotonic() + 2.0
        laeufe = 0
        while time.monotonic() < ende:
            ergebnis = vp("--ablage", demo, "faellig", "--format", "json", "--alle")
            assert ergebnis.exit_code == 0, ergebnis.stderr
            assert '"fehler": []' in ergebnis.stdout
            laeufe += 1
    finally:
        prozess.kill()
        prozess.wait()
    assert laeufe >= 3


@pytest.fixture
def fehlschlag(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, int], None]]:
    """Make the next write fail in ``wo`` (fsync, replace, link) with ``nummer``."""

    def setze(wo: str, nummer: int) -> None:
        def kaputt(*args: object, **kwargs: object) -> None:
            raise OSError(nummer, os.strerror(nummer))

        monkeypatch.setattr(os, wo, kaputt)

    yield setze


@pytest.mark.parametrize(
    ("wo", "nummer", "meldung"),
    [
        ("fsync", errno.ENOSPC, "kein Platz mehr auf dem Datenträger"),
        ("fsync", errno.EIO, "Ein-/Ausgabefehler des Datenträgers"),
        ("replace", errno.EIO, "Ein-/Ausgabefehler des Datenträgers"),
        ("fsync", errno.EDQUOT, "Speicherkontingent ausgeschöpft"),
    ],
)
def test_speichern_scheitert_alte_datei_bleibt(
    demo: Path, fehlschlag: Callable[[str, int], None], wo: str, nummer: int, meldung: str
) -> None:
    from vier_phasen_cli.fehler import VierPhasenFehler

    pfad = demo / "cases" / f"{FALL}.yaml"
    kataloge = lade_kataloge()
    fall = lade_fall(pfad, kataloge)
    fall.dokument.daten["kunde"]["name"] = "Anna Alt"
    vorher = dateistand(demo)
    fehlschlag(wo, nummer)
    with pytest.raises(VierPhasenFehler) as fehler:
        speichere(fall, kataloge)
    assert str(fehler.value.meldung) == (
        f"Speichern fehlgeschlagen ({meldung}); die bisherige Datei ist unverändert"
    )
    assert dateistand(demo) == vorher  # the old file, and no temp file left


def test_neu_bei_voller_platte(
    vp: Aufruf, demo: Path, fehlschlag: Callable[[str, int], None]
) -> None:
    vorher = dateistand(demo)
    fehlschlag("fsync", errno.ENOSPC)
    ergebnis = lege_neu_an(vp, demo)
    assert ergebnis.exit_code == 2
    assert "kein Platz mehr auf dem Datenträger" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher


@pytest.mark.parametrize("maske", [0o000, 0o022, 0o077, 0o277])
def test_privat_bei_jeder_umask(vp: Aufruf, tmp_path: Path, maske: int) -> None:
    alt = os.umask(maske)
    try:
        ablage = tmp_path / "team"
        assert vp("init", ablage).exit_code == 0
        ergebnis = lege_neu_an(vp, ablage)
        assert ergebnis.exit_code == 0, ergebnis.stderr
        vp("--ablage", ablage, "faellig")
    finally:
        os.umask(alt)
    for pfad in [ablage, *ablage.rglob("*")]:
        modus = stat.S_IMODE(pfad.stat().st_mode)
        datei = 0o400 if maske == 0o277 else 0o600  # a stricter umask stays in force
        assert modus == (0o700 if pfad.is_dir() else datei), (pfad, oct(modus))


ZAEHLER = """
import sys
from pathlib import Path
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.faelle import lade_fall, speichere
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

pfad, anzahl = Path(sys.argv[1]), int(sys.argv[2])
kataloge = lade_kataloge()
yamldatei.dump(lade_fall(pfad, kataloge).dokument)  # models and writer loaded before the loop
print("bereit", flush=True)
sys.stdin.readline()
gespeichert = abgewiesen = 0
for _ in range(anzahl):
    fall = lade_fall(pfad, kataloge)
    zahl = int(fall.dokument.daten["kunde"]["name"].split()[-1])
    fall.dokument.daten["kunde"]["name"] = f"Zaehler {zahl + 1}"
    try:
        speichere(fall, kataloge)
        gespeichert += 1
    except VierPhasenFehler:
        abgewiesen += 1
print(gespeichert, abgewiesen, flush=True)
"""


def test_zwei_prozesse_verlieren_keine_aenderung(demo: Path) -> None:
    """Two processes save the same case in a tight loop: each save either lands or is refused
    as "changed since loaded" – the counter ends at exactly the number of saves that landed."""
    pfad = demo / "cases" / f"{FALL}.yaml"
    pfad.write_bytes(pfad.read_bytes().replace(b"name: Sabine Kr\xc3\xbcger", b"name: Zaehler 0"))
    prozesse = [
        subprocess.Popen(
            [sys.executable, "-c", ZAEHLER, str(pfad), "60"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in prozesse:
        assert p.stdout is not None and p.stdout.readline() == "bereit\n"
    for p in prozesse:  # start both at once
        assert p.stdin is not None
        p.stdin.write("los\n")
        p.stdin.flush()
    ergebnisse = []
    for p in prozesse:
        ausgabe, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        ergebnisse.append(tuple(int(x) for x in ausgabe.split()))
    gespeichert = sum(g for g, _ in ergebnisse)
    abgewiesen = sum(a for _, a in ergebnisse)
    assert gespeichert + abgewiesen == 120 and gespeichert > 0
    kataloge = lade_kataloge()
    assert lade_fall(pfad, kataloge).dokument.daten["kunde"]["name"] == f"Zaehler {gespeichert}"
