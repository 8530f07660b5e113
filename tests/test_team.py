"""Team workspaces in a shared folder (SPEC §11, §16): ``init --gruppe``, the team's modes,
each user's own cache and drafts, lock files of other computers and ``--entsperren``.

The tests with two real users need root (they create the users and their group); as an
ordinary user they are skipped. The others use the user's own primary group."""

from __future__ import annotations

import grp
import itertools
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest

from vier_phasen_cli.storage.atomar import rechnername

from .conftest import DEMO, HEUTE, Aufruf

FALL = "911A100001"
GRUPPE = grp.getgrgid(os.getegid()).gr_name
"""The user's own primary group: a team of one, enough to see the modes."""


def _modus(pfad: Path) -> int:
    return stat.S_IMODE(os.stat(pfad).st_mode)


def _team_ablage(vp: Aufruf, ordner: Path) -> Path:
    ergebnis = vp("init", ordner, "--gruppe", GRUPPE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ordner


def _gruppe_in_toml(ablage: Path, gruppe: str) -> None:
    toml = ablage / "vier-phasen.toml"
    alt = toml.read_text(encoding="utf-8") if toml.exists() else ""
    toml.write_text(f'{alt}\n[ablage]\ngruppe = "{gruppe}"\n', encoding="utf-8")


# --- init --gruppe and the team's modes ---------------------------------------------------


def test_init_mit_gruppe_legt_eine_team_ablage_an(vp: Aufruf, tmp_path: Path) -> None:
    ablage = tmp_path / "team"
    ergebnis = vp("init", ablage, "--gruppe", GRUPPE)
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr.splitlines() == [
        f"Ablage eingerichtet in {ablage} (Team-Ablage der Gruppe {GRUPPE}):",
        f"  angelegt: {ablage}",
        f"  angelegt: {ablage}/cases",
        f"  angelegt: {ablage}/dokumente",
        f"  angelegt: {ablage}/.vier-phasen",
        f"  angelegt: {ablage}/.vier-phasen/sperren",
        f"  angelegt: {ablage}/.vier-phasen/benutzer",
        f"  angelegt: {ablage}/vier-phasen.toml",
        f"  angelegt: {ablage}/.gitignore",
        f"Hinweis: Die Dienststelle ist noch leer. Bitte in {ablage}/vier-phasen.toml unter "
        "[dienststelle] name und anschrift eintragen: sie stehen auf Eingliederungsvereinbarung "
        "und Kooperationsplan.",
        f"Nächster Schritt: cd {ablage} && vier-phasen neu ID --name … --rechtskreis … "
        "--fachkraft …",
    ]
    ordner_der_ablage = ("", "cases", "dokumente", ".vier-phasen", ".vier-phasen/sperren")
    for ordner in ordner_der_ablage:
        assert _modus(ablage / ordner) == 0o2770, ordner
    # benutzer/: sticky too, so that no member can rename another's private folder
    assert _modus(ablage / ".vier-phasen" / "benutzer") == 0o3770
    for ordner in (*ordner_der_ablage, ".vier-phasen/benutzer"):
        assert os.stat(ablage / ordner).st_gid == os.getegid()
    for datei in ("vier-phasen.toml", ".gitignore"):
        assert _modus(ablage / datei) == 0o660, datei
    assert f'gruppe = "{GRUPPE}"' in (ablage / "vier-phasen.toml").read_text(encoding="utf-8")


def test_ohne_gruppe_bleibt_alles_privat(vp: Aufruf, tmp_path: Path) -> None:
    ablage = tmp_path / "privat"
    assert vp("init", ablage).exit_code == 0
    assert vp("--ablage", ablage, "neu", "P-1", "--name", "Paula Privat",
              "--rechtskreis", "SGB III", "--fachkraft", "K").exit_code == 0  # fmt: skip
    assert vp("--ablage", ablage, "liste").exit_code == 0
    assert _modus(ablage) == 0o700
    assert _modus(ablage / ".vier-phasen") == 0o700
    assert _modus(ablage / "cases" / "P-1.yaml") == 0o600
    assert (ablage / ".vier-phasen" / "cache.sqlite").is_file()  # where it always was
    assert not (ablage / ".vier-phasen" / "benutzer").exists()


def test_team_ablage_schreibt_falldateien_und_dokumente_fuer_die_gruppe(
    vp: Aufruf, tmp_path: Path
) -> None:
    ablage = _team_ablage(vp, tmp_path / "team")
    a = ("--ablage", ablage)
    assert vp(*a, "neu", "T-1", "--name", "Tanja Team", "--rechtskreis", "SGB III",
              "--fachkraft", "K. Eins").exit_code == 0  # fmt: skip
    fall = ablage / "cases" / "T-1.yaml"
    assert _modus(fall) == 0o660
    assert vp(*a, "stammdaten", "T-1", "--fachkraft", "K. Zwei").exit_code == 0
    assert _modus(fall) == 0o660  # a replaced file keeps the team's mode
    assert os.stat(fall).st_gid == os.getegid()
    # documents: into the workspace for the team, elsewhere for oneself
    assert vp(*a, "dokument", "T-1", "auskunft", "-o", ablage / "dokumente" / "a.md").exit_code == 0
    assert _modus(ablage / "dokumente" / "a.md") == 0o660
    assert vp(*a, "dokument", "T-1", "auskunft", "-o", tmp_path / "a.md").exit_code == 0
    assert _modus(tmp_path / "a.md") == 0o600


def test_dokument_legt_den_fehlenden_ordner_dokumente_an(vp: Aufruf, tmp_path: Path) -> None:
    """A document written into the workspace's dokumente/ makes that folder when it is
    missing: the team's 2770 in a team workspace, 0700 in a personal one."""
    for ablage, ordnermodus, dateimodus in (
        (_team_ablage(vp, tmp_path / "team"), 0o2770, 0o660),
        (tmp_path / "privat", 0o700, 0o600),
    ):
        if not ablage.exists():
            assert vp("init", ablage).exit_code == 0
        shutil.rmtree(ablage / "dokumente", ignore_errors=True)
        shutil.copy(DEMO / "cases" / f"{FALL}.yaml", ablage / "cases")
        ziel = ablage / "dokumente" / "2026" / "v.md"
        ergebnis = vp("--ablage", ablage, "dokument", FALL, "auskunft", "-o", ziel)
        assert ergebnis.exit_code == 0, ergebnis.stderr
        assert ergebnis.stderr == ""  # "Geschrieben" is said on a terminal only
        assert (_modus(ablage / "dokumente"), _modus(ziel.parent)) == (ordnermodus, ordnermodus)
        assert _modus(ziel) == dateimodus


def test_eigener_dokumente_ordner_wird_dem_team_gegeben(vp: Aufruf, tmp_path: Path) -> None:
    """A dokumente/ made by hand (umask 022: 2755) would keep colleagues out: a document
    written there by its owner gives it to the team, and says so."""
    ablage = _team_ablage(vp, tmp_path / "team")
    shutil.copy(DEMO / "cases" / f"{FALL}.yaml", ablage / "cases")
    (ablage / "dokumente").chmod(0o2755)
    ziel = ablage / "dokumente" / "v.md"
    ergebnis = vp("--ablage", ablage, "dokument", FALL, "auskunft", "-o", ziel)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ergebnis.stderr.splitlines() == [
        "Ordner dokumente/ der Ablage für das Team freigegeben (2770).",
    ]
    assert _modus(ablage / "dokumente") == 0o2770


def test_init_gibt_einen_eigenen_dokumente_ordner_dem_team(vp: Aufruf, demo: Path) -> None:
    (demo / "dokumente").mkdir(mode=0o755)
    (demo / "dokumente").chmod(0o755)
    ergebnis = vp("init", demo, "--gruppe", GRUPPE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert f"  für das Team freigegeben: {demo}/dokumente" in ergebnis.stderr.splitlines()
    assert _modus(demo / "dokumente") == 0o2770
    assert os.stat(demo / "dokumente").st_gid == os.getegid()


def test_jeder_hat_seinen_eigenen_cache(vp: Aufruf, tmp_path: Path) -> None:
    ablage = _team_ablage(vp, tmp_path / "team")
    shutil.copy(DEMO / "cases" / f"{FALL}.yaml", ablage / "cases")
    assert vp("--ablage", ablage, "liste").exit_code == 0
    assert vp("--ablage", ablage, "faellig").exit_code in (0, 1)
    eigen = ablage / ".vier-phasen" / "benutzer" / str(os.geteuid())
    assert _modus(eigen) == 0o700
    assert sorted(p.name for p in eigen.iterdir()) == [
        "cache.sqlite", "feiertage.json", "kataloge.json",
    ]  # fmt: skip
    assert {_modus(p) for p in eigen.iterdir()} == {0o600}
    assert sorted(p.name for p in (ablage / ".vier-phasen").iterdir()) == ["benutzer", "sperren"]


def test_entwurf_liegt_im_eigenen_ordner(vp: Aufruf, tmp_path: Path) -> None:
    """``bearbeite`` without a terminal keeps an edit that has errors as a draft: in the
    user's own folder, 0600."""
    ablage = _team_ablage(vp, tmp_path / "team")
    shutil.copy(DEMO / "cases" / f"{FALL}.yaml", ablage / "cases")
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "kaputt: [\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    ergebnis = vp("--ablage", ablage, "bearbeite", FALL, env={"VISUAL": str(editor)})
    assert ergebnis.exit_code == 2
    kopie = ablage / ".vier-phasen" / "benutzer" / str(os.geteuid()) / "bearbeiten" / f"{FALL}.yaml"
    assert kopie.is_file()
    assert _modus(kopie) == 0o600
    assert _modus(kopie.parent) == 0o700


def test_entwurf_eines_gespraechs_liegt_im_eigenen_ordner(demo: Path) -> None:
    from . import assistenten as a

    _gruppe_in_toml(demo, GRUPPE)
    pfad, _ = a.erstgespraech(demo, "NEU-1", [*a.ERSTGESPRAECH, a.HOCH + a.ENTER])  # keep draft
    assert pfad is None
    eigen = demo / ".vier-phasen" / "benutzer" / str(os.geteuid())
    entwurf = eigen / "entwuerfe" / "NEU-1.erstgespraech.yaml"
    assert (_modus(entwurf), _modus(entwurf.parent), _modus(eigen)) == (0o600, 0o700, 0o700)
    assert not (demo / ".vier-phasen" / "entwuerfe").exists()
    pfad, _ = a.erstgespraech(demo, "NEU-1", [a.ENTER, a.ENTER])  # resume, save
    assert pfad is not None
    assert _modus(pfad) == 0o660
    assert not entwurf.exists()


def test_gruppe_aus_den_einstellungen_gilt_fuer_jeden_befehl(vp: Aufruf, demo: Path) -> None:
    _gruppe_in_toml(demo, GRUPPE)
    assert vp("--ablage", demo, "stammdaten", FALL, "--fachkraft", "K. Zwei").exit_code == 0
    assert _modus(demo / "cases" / f"{FALL}.yaml") == 0o660
    assert _modus(demo / ".vier-phasen" / "sperren") == 0o2770
    assert _modus(demo / ".vier-phasen" / "benutzer" / str(os.geteuid())) == 0o700


def test_uebergabe_und_bearbeite_schreiben_fuer_die_gruppe(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    _gruppe_in_toml(demo, GRUPPE)
    fall = demo / "cases" / f"{FALL}.yaml"
    fall.chmod(0o600)
    ergebnis = vp("--ablage", demo, "uebergabe", FALL, "--von", "M. Schmidt", "--an", "K. Zwei")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _modus(fall) == 0o660
    fall.chmod(0o600)
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "# Notiz\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    ergebnis = vp("--ablage", demo, "bearbeite", FALL, env={"VISUAL": str(editor)})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert fall.read_text(encoding="utf-8").endswith("# Notiz\n")
    assert _modus(fall) == 0o660


def test_init_macht_eine_bestehende_ablage_zur_team_ablage(vp: Aufruf, demo: Path) -> None:
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    ergebnis = vp("init", demo, "--gruppe", GRUPPE)
    assert ergebnis.exit_code == 0
    assert f"  für das Team freigegeben: {demo}/cases/{FALL}.yaml" in ergebnis.stderr
    assert _modus(demo / "cases" / f"{FALL}.yaml") == 0o660
    assert _modus(demo / "cases") == 0o2770
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher
    assert f'gruppe = "{GRUPPE}"' in (demo / "vier-phasen.toml").read_text(encoding="utf-8")
    assert vp("--ablage", demo, "pruefen", FALL).exit_code in (0, 1)  # the settings still parse
    again = vp("init", demo, "--gruppe", GRUPPE)
    assert again.stderr == f"Ablage {demo} ist schon vollständig eingerichtet.\n"


def test_init_traegt_die_gruppe_in_einen_vorhandenen_abschnitt_ein(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[ablage]\nbundesland = "BY"\n', encoding="utf-8"
    )
    assert vp("init", demo, "--gruppe", GRUPPE).exit_code == 0
    assert toml.read_text(encoding="utf-8").endswith(
        "[ablage]\n# Team-Ablage: Falldateien und Dokumente gehören dieser Unix-Gruppe (0660, "
        f'Ordner 2770).\ngruppe = "{GRUPPE}"\nbundesland = "BY"\n'
    )
    ergebnis = vp("--ablage", demo, "stammdaten", FALL, "--fachkraft", "K. Zwei")
    assert ergebnis.exit_code == 0
    assert _modus(demo / "cases" / f"{FALL}.yaml") == 0o660


def test_init_mit_gruppe_bei_kaputten_einstellungen(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text("[ablage\n", encoding="utf-8")
    ergebnis = vp("init", demo, "--gruppe", GRUPPE)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(f"Fehler: {toml}:1: Einstellungsdatei ist kein gültiges TOML")
    assert toml.read_text(encoding="utf-8") == "[ablage\n"
    assert _modus(demo / "cases" / f"{FALL}.yaml") != 0o660
    assert vp("init", demo).exit_code == 0  # without a group init completes it as before


def test_init_mit_anderer_gruppe_als_eingetragen(vp: Aufruf, demo: Path) -> None:
    _gruppe_in_toml(demo, GRUPPE)
    andere = next(g.gr_name for g in grp.getgrall() if g.gr_name != GRUPPE)
    ergebnis = vp("init", demo, "--gruppe", andere)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        f"Fehler: {demo}/vier-phasen.toml: Die Ablage gehört schon der Gruppe „{GRUPPE}“"
    )


@pytest.mark.parametrize("name", ["gibt-es-nicht-vp", "x\x1b[31m"])
def test_init_mit_unbekannter_gruppe(vp: Aufruf, tmp_path: Path, name: str) -> None:
    ergebnis = vp("init", tmp_path / "team", "--gruppe", name)
    assert ergebnis.exit_code == 2
    zeilen = ergebnis.stderr.splitlines()
    sicher = name.replace("\x1b", "\\x1b")
    assert zeilen[0] == f"Fehler: Die Gruppe „{sicher}“ gibt es auf diesem Rechner nicht"
    assert "groupadd NAME" in zeilen[1]
    assert not (tmp_path / "team").exists()


def test_unbekannte_gruppe_in_den_einstellungen(vp: Aufruf, demo: Path) -> None:
    _gruppe_in_toml(demo, "gibt-es-nicht-vp")
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    for befehl in (("stammdaten", FALL, "--fachkraft", "K. Zwei"), ("liste",)):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2, befehl
        assert ergebnis.stderr.startswith(
            f"Fehler: {demo}/vier-phasen.toml: Die Gruppe „gibt-es-nicht-vp“ gibt es auf "
            "diesem Rechner nicht"
        )
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher


@pytest.mark.skipif(os.geteuid() == 0, reason="root ist in jeder Gruppe zugelassen")
def test_init_mit_fremder_gruppe(vp: Aufruf, tmp_path: Path) -> None:
    eigene = {os.getegid(), *os.getgroups()}
    fremd = next((g.gr_name for g in grp.getgrall() if g.gr_gid not in eigene), None)
    if fremd is None:
        pytest.skip("keine Gruppe, in der dieser Benutzer nicht Mitglied ist")
    ergebnis = vp("init", tmp_path / "team", "--gruppe", fremd)
    assert ergebnis.exit_code == 2
    assert f"Sie sind nicht Mitglied der Gruppe „{fremd}“" in ergebnis.stderr
    assert not (tmp_path / "team").exists()


# --- locks: stale, another computer's, --entsperren ----------------------------------------


def _tote_pid() -> int:
    kind = subprocess.Popen([sys.executable, "-c", "pass"])
    kind.wait()
    return kind.pid


def _sperre(ablage: Path, inhalt: str) -> Path:
    ordner = ablage / ".vier-phasen" / "sperren"
    ordner.mkdir(parents=True, exist_ok=True)
    sperre = ordner / f"{FALL}.lock"
    sperre.write_text(inhalt, encoding="ascii")
    return sperre


def _fremde_sperre(ablage: Path, stunden: float) -> tuple[Path, datetime]:
    seit = (datetime.now(UTC) - timedelta(hours=stunden)).replace(microsecond=0)
    return _sperre(ablage, f"4242@anderer-rechner\n{seit.isoformat()}\nmschmidt\n"), seit


def _zeit(seit: datetime) -> str:
    return f"{seit.astimezone():%d.%m.%Y %H:%M}"


def _aendere(vp: Aufruf, ablage: Path, *mehr: str) -> tuple[int, str]:
    ergebnis = vp("--ablage", ablage, "stammdaten", FALL, "--fachkraft", "K. Zwei", *mehr)
    return ergebnis.exit_code, ergebnis.stderr


def test_verwaiste_sperre_dieses_rechners_wird_still_uebernommen(vp: Aufruf, demo: Path) -> None:
    sperre = _sperre(demo, f"{_tote_pid()}@{rechnername()}\n2026-11-20T08:00:00+00:00\n")
    status, meldungen = _aendere(vp, demo)
    assert status == 0
    assert meldungen == ""  # taken over silently; a script's save is not confirmed
    assert not sperre.exists()


def _lebender_prozess() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_lebende_eigene_sperre_dieses_rechners_auch_mit_entsperren(vp: Aufruf, demo: Path) -> None:
    """A lock file of an older version (no user name) of this user's own running process:
    the other window is the user's own; --entsperren does not break it, and nothing says
    to delete the lock of a running process."""
    kind = _lebender_prozess()
    try:
        inhalt = f"{kind.pid}@{rechnername()}\n2026-11-20T08:00:00+00:00\n"
        sperre = _sperre(demo, inhalt)
        vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
        status, meldungen = _aendere(vp, demo, "--entsperren")
    finally:
        kind.kill()
        kind.wait()
    assert status == 2
    seit = _zeit(datetime.fromisoformat("2026-11-20T08:00:00+00:00"))
    assert meldungen.splitlines() == [
        f"Fehler: {sperre}: Fall „{FALL}“ wird gerade in einem anderen Gespräch bearbeitet, "
        f"von Ihnen selbst (Prozess {kind.pid} auf diesem Rechner, seit {seit})",
        "Bitte das Gespräch in Ihrem anderen Fenster beenden; danach ist der Fall frei. "
        "--entsperren hebt nur alte Sperren anderer Rechner auf, nie die eines laufenden "
        "Gesprächs auf diesem Rechner.",
    ]
    assert sperre.read_text(encoding="ascii") == inhalt
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher


def test_lebende_sperre_einer_kollegin_nennt_sie(vp: Aufruf, demo: Path) -> None:
    """The lock names its user on its third line: the message says who, and that the lock
    of a running conversation is not to be deleted."""
    kind = _lebender_prozess()
    try:
        sperre = _sperre(demo, f"{kind.pid}@{rechnername()}\n2026-11-20T08:00:00+00:00\nkweber\n")
        status, meldungen = _aendere(vp, demo)
    finally:
        kind.kill()
        kind.wait()
    assert status == 2
    seit = _zeit(datetime.fromisoformat("2026-11-20T08:00:00+00:00"))
    assert meldungen.splitlines() == [
        f"Fehler: {sperre}: Fall „{FALL}“ wird gerade von kweber bearbeitet "
        f"(Prozess {kind.pid} auf diesem Rechner, seit {seit})",
        "Bitte warten, bis kweber das Gespräch beendet hat (oder kweber fragen): dann ist der "
        "Fall frei. Die Sperrdatei nicht löschen, solange das Gespräch läuft.",
    ]


@pytest.mark.parametrize("benutzer", ["x\x1b[31m", "ä-nicht-ascii", "a b", "x" * 65])
def test_unbrauchbarer_benutzername_in_der_sperre(
    vp: Aufruf, demo: Path, tmp_path: Path, benutzer: str
) -> None:
    """A user line the tool would not write names nobody: the lock file's owner is shown,
    never the line's characters."""
    sperre, _ = _fremde_sperre(demo, stunden=1)
    zeilen = sperre.read_text(encoding="ascii").splitlines()
    sperre.write_bytes(f"{zeilen[0]}\n{zeilen[1]}\n{benutzer}\n".encode())
    status, meldungen = _aendere(vp, demo)
    assert status == 2
    assert "wird gerade von Ihnen auf dem Rechner „anderer-rechner“" in meldungen
    assert "\x1b" not in meldungen and "nicht-ascii" not in meldungen


def test_sperre_haelt_den_benutzernamen_fest(tmp_path: Path) -> None:
    from vier_phasen_cli.storage.sperre import gesperrt

    with gesperrt(tmp_path, FALL) as sperre:
        zeilen = sperre.read_text(encoding="ascii").splitlines()
    assert zeilen[0] == f"{os.getpid()}@{rechnername()}"
    assert datetime.fromisoformat(zeilen[1]).tzinfo is not None
    assert zeilen[2] == pwd.getpwuid(os.geteuid()).pw_name


@pytest.mark.parametrize("entsperren", [[], ["--entsperren"]])
def test_junge_sperre_eines_anderen_rechners_bleibt(
    vp: Aufruf, demo: Path, entsperren: list[str]
) -> None:
    sperre, seit = _fremde_sperre(demo, stunden=11)
    inhalt = sperre.read_text(encoding="ascii")
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    status, meldungen = _aendere(vp, demo, *entsperren)
    assert status == 2
    assert meldungen.splitlines() == [
        f"Fehler: {sperre}: Fall „{FALL}“ wird gerade von mschmidt auf dem Rechner "
        f"„anderer-rechner“ bearbeitet (seit {_zeit(seit)}, gesperrt von 4242@anderer-rechner)",
        "Bitte das Gespräch dort beenden. Ist dort keines mehr offen, hebt --entsperren die "
        f"Sperre ab {_zeit(seit + timedelta(hours=12))} auf (nach 12 Stunden).",
    ]
    assert sperre.read_text(encoding="ascii") == inhalt
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher


def test_alte_sperre_eines_anderen_rechners_nur_mit_entsperren(vp: Aufruf, demo: Path) -> None:
    sperre, seit = _fremde_sperre(demo, stunden=13)
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    status, meldungen = _aendere(vp, demo)
    assert status == 2
    assert meldungen.splitlines()[0].endswith(
        f"bearbeitet (seit {_zeit(seit)}, gesperrt von 4242@anderer-rechner)"
    )
    assert meldungen.splitlines()[1] == (
        "Bitte das Gespräch dort beenden. Ist dort keines mehr offen, hebt derselbe Befehl mit "
        "--entsperren die Sperre auf (nach einer Rückfrage)."
    )
    assert sperre.exists()
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher


def test_entsperren_ohne_terminal_hebt_alte_fremde_sperre_auf(vp: Aufruf, demo: Path) -> None:
    sperre, seit = _fremde_sperre(demo, stunden=13)
    status, meldungen = _aendere(vp, demo, "--entsperren")
    assert status == 0
    assert meldungen.splitlines() == [
        f"Sperre von mschmidt (4242@anderer-rechner) seit {_zeit(seit)} für Fall {FALL} "
        "aufgehoben (--entsperren).",
    ]
    assert not sperre.exists()
    assert "K. Zwei" in (demo / "cases" / f"{FALL}.yaml").read_text(encoding="utf-8")


SCHREIBBEFEHLE = [
    ("neu", "NEU-1", "--name", "Nina Neu", "--rechtskreis", "SGB III", "--fachkraft", "K"),
    ("erstgespraech", FALL),
    ("folgegespraech", FALL),
    ("stammdaten", FALL, "--fachkraft", "K. Zwei"),
    ("uebergabe", FALL, "--von", "M. Schmidt", "--an", "K. Zwei"),
    ("wiedervorlage", FALL, "--am", "2026-12-01", "--text", "Unterlagen anfordern"),
    ("abschluss", FALL),
    ("wiederaufnahme", FALL),
    ("bearbeite", FALL),
]


@pytest.mark.parametrize("befehl", SCHREIBBEFEHLE, ids=[b[0] for b in SCHREIBBEFEHLE])
def test_jeder_schreibbefehl_achtet_die_sperre_und_kennt_entsperren(
    vp: Aufruf, demo: Path, befehl: tuple[str, ...]
) -> None:
    """Every write command is refused by a young lock of another computer (nothing changes)
    and has --entsperren."""
    fall_id = befehl[1]
    ordner = demo / ".vier-phasen" / "sperren"
    ordner.mkdir(parents=True)
    seit = datetime.now(UTC).replace(microsecond=0).isoformat()
    (ordner / f"{fall_id}.lock").write_text(f"4242@anderer-rechner\n{seit}\n", "ascii")
    vorher = {p.name: p.read_bytes() for p in (demo / "cases").iterdir()}
    ergebnis = vp("--ablage", demo, *befehl, "--entsperren", env={"VISUAL": "true"})
    assert ergebnis.exit_code == 2
    # the lock names no user: its file's owner (this user) holds it
    assert f"Fall „{fall_id}“ wird gerade von Ihnen auf dem Rechner „anderer-rechner“" in (
        ergebnis.stderr
    )
    assert "gesperrt von 4242@anderer-rechner" in ergebnis.stderr
    assert {p.name: p.read_bytes() for p in (demo / "cases").iterdir()} == vorher


def test_sperre_in_der_team_ablage_ist_0660(tmp_path: Path) -> None:
    from vier_phasen_cli.storage.rechte import team
    from vier_phasen_cli.storage.sperre import gesperrt

    rechte = team(GRUPPE, tmp_path)
    ordner = tmp_path / ".vier-phasen" / "sperren"
    with gesperrt(ordner, FALL, rechte=rechte) as sperre:
        assert _modus(sperre) == 0o660
        assert _modus(ordner) == 0o2770


def test_entsperren_verneint_laesst_die_sperre(tmp_path: Path) -> None:
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.sperre import gesperrt

    sperre, seit = _fremde_sperre(tmp_path, stunden=20)
    inhalt = sperre.read_text(encoding="ascii")
    gefragt: list[str] = []

    def nein(was: str) -> bool:
        gefragt.append(was)
        return False

    with pytest.raises(VierPhasenFehler) as fehler, gesperrt(sperre.parent, FALL, entsperren=nein):
        pass
    assert gefragt == [
        f"Sperre von mschmidt (4242@anderer-rechner) seit {_zeit(seit)} für Fall {FALL}"
    ]
    assert fehler.value.meldung.endswith("; die Sperre bleibt, nichts wurde geändert")
    assert sperre.read_text(encoding="ascii") == inhalt


def _im_terminal(ablage: Path, *args: str, spalten: int = 250) -> pexpect.spawn:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    umgebung = {
        **os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
    }  # fmt: skip
    return pexpect.spawn(
        programm, ["--ablage", str(ablage), *args], env=umgebung, encoding="utf-8", timeout=20,
        dimensions=(60, spalten),
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("antwort", ["nein", "ja"])
def test_entsperren_im_terminal_fragt_erst(demo: Path, antwort: str) -> None:
    sperre, seit = _fremde_sperre(demo, stunden=13)
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    kind = _im_terminal(
        demo, "stammdaten", FALL, "--fachkraft", "K. Zwei", "--entsperren", spalten=80
    )
    kind.expect_exact("Diese Sperre aufheben?")
    davor = " ".join((kind.before or "").split())  # at 80 columns the description wraps
    assert (
        f"Sperre von mschmidt (4242@anderer-rechner) seit {_zeit(seit)} für Fall {FALL}. Nur "
        "aufheben, wenn dort sicher kein Gespräch mehr offen ist."
    ) in davor
    kind.send("\r" if antwort == "nein" else "\x1b[A\r")  # Nein is the default
    kind.expect(pexpect.EOF)
    kind.close()
    if antwort == "nein":
        assert kind.exitstatus == 2
        danach = " ".join((kind.before or "").split())  # wrapped at 80 columns
        assert "die Sperre bleibt, nichts wurde geändert" in danach
        assert sperre.exists()
        assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher
    else:
        assert kind.exitstatus == 0
        assert not sperre.exists()
        assert "K. Zwei" in (demo / "cases" / f"{FALL}.yaml").read_text(encoding="utf-8")


# --- two real users in one group (root only) -----------------------------------------------


@dataclass(frozen=True)
class Team:
    gruppe: str
    benutzer: tuple[str, str]
    fremd: str
    """A third user, not in the group."""
    ordner: Path
    """A folder both may create the workspace in."""
    python: str


def _python_fuer_alle() -> str | None:
    """An interpreter every user may run that can load this installation: this one, or the
    system's of the same version (a virtualenv under /root is closed to other users)."""
    kandidaten = [sys.executable, f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}"]
    for python in kandidaten:
        probe = subprocess.run(
            ["runuser", "-u", "nobody", "--", python, "-c", "pass"],
            capture_output=True, check=False, timeout=30,
        )  # fmt: skip
        if probe.returncode == 0:
            return python
    return None


_NUMMER = itertools.count()


@pytest.fixture
def team() -> Iterator[Team]:
    if os.geteuid() != 0:
        pytest.skip("zwei echte Benutzer in einer Gruppe anzulegen braucht root")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("useradd/runuser fehlen auf diesem Rechner")
    python = _python_fuer_alle()
    if python is None:
        pytest.skip("kein Python, das andere Benutzer ausführen dürfen")
    kennung = f"vp{os.getpid() % 100000}{next(_NUMMER)}"
    gruppe, a, b, c = f"{kennung}t", f"{kennung}a", f"{kennung}b", f"{kennung}c"
    ordner = Path(tempfile.mkdtemp(prefix="vp-team-", dir="/tmp"))
    angelegt: list[str] = []
    try:
        subprocess.run(["groupadd", gruppe], check=True)
        for name, mehr in ((a, ["-G", gruppe]), (b, ["-G", gruppe]), (c, [])):
            subprocess.run(["useradd", "-M", "-U", "-s", "/bin/sh", *mehr, name], check=True)
            angelegt.append(name)
        os.chown(ordner, pwd.getpwnam(a).pw_uid, -1)
        ordner.chmod(0o755)
        yield Team(gruppe, (a, b), c, ordner, python)
    finally:
        shutil.rmtree(ordner, ignore_errors=True)
        for name in angelegt:
            subprocess.run(["userdel", "-f", name], check=False, capture_output=True)
        subprocess.run(["groupdel", gruppe], check=False, capture_output=True)


def _als(team: Team, benutzer: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as ``benutzer`` (its own uid and groups)."""
    skript = str(Path(sys.executable).with_name("vier-phasen"))
    pfade = [sysconfig.get_paths()["purelib"], str(Path(__file__).resolve().parents[1] / "src")]
    return subprocess.run(
        ["runuser", "-u", benutzer, "--", "env", f"PYTHONPATH={os.pathsep.join(pfade)}",
         f"VIER_PHASEN_HEUTE={HEUTE}", "HOME=/tmp", team.python, skript,
         *[str(x) for x in args]],
        capture_output=True, text=True, check=False, timeout=120, cwd=team.ordner,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _uid(name: str) -> int:
    return pwd.getpwnam(name).pw_uid


def test_zwei_benutzer_teilen_eine_ablage(team: Team) -> None:
    a, b = team.benutzer
    ablage = team.ordner / "ablage"
    gid = grp.getgrnam(team.gruppe).gr_gid
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    w = ("--ablage", ablage)
    neu = _als(team, a, *w, "neu", "T-1", "--name", "Tanja Team", "--rechtskreis", "SGB III",
               "--fachkraft", "A. Eins")  # fmt: skip
    assert neu.returncode == 0, neu.stderr
    fall = ablage / "cases" / "T-1.yaml"
    # B reads and changes A's case; A reads and changes it again
    zeige = _als(team, b, *w, "zeige", "T-1", "--format", "json")
    assert zeige.returncode == 0, zeige.stderr
    assert '"name": "Tanja Team"' in zeige.stdout
    geaendert = _als(team, b, *w, "stammdaten", "T-1", "--fachkraft", "B. Zwei")
    assert geaendert.returncode == 0, geaendert.stderr
    assert os.stat(fall).st_uid == _uid(b)
    wieder = _als(team, a, *w, "wiedervorlage", "T-1", "--am", "2026-12-01",
                  "--text", "Unterlagen anfordern")  # fmt: skip
    assert wieder.returncode == 0, wieder.stderr
    text = fall.read_text(encoding="utf-8")
    assert "B. Zwei" in text and "Unterlagen anfordern" in text
    for benutzer in (a, b):
        assert _als(team, benutzer, *w, "liste").returncode == 0
    # files stay 0660 and folders 2770, all of the team's group
    for pfad in [ablage, *ablage.rglob("*")]:
        teile = pfad.relative_to(ablage).parts
        if teile[:2] == (".vier-phasen", "benutzer") and len(teile) > 2:
            continue
        soll = 0o2770 if pfad.is_dir() else 0o660
        if teile == (".vier-phasen", "benutzer"):
            soll = 0o3770  # sticky: no member renames another's private folder
        assert (_modus(pfad), os.stat(pfad).st_gid) == (soll, gid), pfad
    # each has a cache of their own, closed to the other
    for benutzer in (a, b):
        eigen = ablage / ".vier-phasen" / "benutzer" / str(_uid(benutzer))
        assert (os.stat(eigen).st_uid, _modus(eigen)) == (_uid(benutzer), 0o700)
        assert (eigen / "cache.sqlite").is_file()
        assert _modus(eigen / "cache.sqlite") == 0o600
    fremder_cache = ablage / ".vier-phasen" / "benutzer" / str(_uid(a))
    blick = _als(team, b, "liste", "--ablage", fremder_cache)
    assert blick.returncode == 2  # B cannot even look into A's folder


def test_sperre_des_anderen_benutzers_wird_geachtet(team: Team) -> None:
    a, b = team.benutzer
    ablage = team.ordner / "ablage"
    w = ("--ablage", ablage)
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    assert _als(team, a, *w, "neu", "T-1", "--name", "Tanja Team", "--rechtskreis", "SGB III",
                "--fachkraft", "A. Eins").returncode == 0  # fmt: skip
    # A's conversation is running: a live process of A holds the lock
    kind = subprocess.Popen(["runuser", "-u", a, "--", "sleep", "120"], start_new_session=True)
    try:
        inhalt = f"{kind.pid}@{rechnername()}\n{datetime.now(UTC).isoformat()}\n"
        schreiben = subprocess.run(
            ["runuser", "-u", a, "--", "sh", "-c", f"printf '%s' '{inhalt}' > T-1.lock"],
            cwd=ablage / ".vier-phasen" / "sperren", check=False,
        )  # fmt: skip
        assert schreiben.returncode == 0
        vorher = (ablage / "cases" / "T-1.yaml").read_bytes()
        versuch = _als(team, b, *w, "stammdaten", "T-1", "--fachkraft", "B. Zwei", "--entsperren")
        assert versuch.returncode == 2
        assert versuch.stderr.startswith(
            f"Fehler: ablage/.vier-phasen/sperren/T-1.lock: Fall „T-1“ wird gerade von {a} "
            f"bearbeitet (Prozess {kind.pid} auf diesem Rechner, seit "
        )  # the lock file of an older version names no user: its owner is A
        assert "nie die eines laufenden Gesprächs" in versuch.stderr  # --entsperren
        assert "die Sperrdatei löschen" not in versuch.stderr
        assert (ablage / "cases" / "T-1.yaml").read_bytes() == vorher
    finally:
        os.killpg(kind.pid, signal.SIGKILL)  # runuser and its sleep of user A
        kind.wait()
    # A's process is gone: the stale lock is B's to take over, silently
    danach = _als(team, b, *w, "stammdaten", "T-1", "--fachkraft", "B. Zwei")
    assert danach.returncode == 0, danach.stderr
    assert not (ablage / ".vier-phasen" / "sperren" / "T-1.lock").exists()


def test_wer_nicht_in_der_gruppe_ist(team: Team) -> None:
    a, _ = team.benutzer
    ablage = team.ordner / "ablage"
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    fremd = _als(team, team.fremd, "--ablage", ablage, "liste")
    assert fremd.returncode == 2
    versuch = _als(team, a, "init", team.ordner / "zweite", "--gruppe", "root")
    assert versuch.returncode == 2
    assert "Sie sind nicht Mitglied der Gruppe „root“" in versuch.stderr
    assert not (team.ordner / "zweite").exists()


def test_ablage_in_einem_ordner_von_root(team: Team) -> None:
    """README step 2: /srv belongs to root, so a team member's init there is refused – with
    whom to ask and for what; after root's mkdir/chgrp/chmod the member's init works."""
    a, b = team.benutzer
    srv = team.ordner / "srv"
    srv.mkdir(mode=0o755)
    srv.chmod(0o755)  # root's, as /srv is
    ablage = srv / "team"
    versuch = _als(team, a, "init", ablage, "--gruppe", team.gruppe)
    assert versuch.returncode == 2
    assert versuch.stderr.splitlines() == [
        "Fehler: srv/team: Keine Schreibberechtigung; die Ablage wurde nicht (vollständig) "
        "angelegt",
        f"Der Ordner {srv} gehört root; Sie dürfen darin nicht schreiben. Bitte die "
        "Administration (root) bitten, den Ordner der Ablage für Sie und das Team anzulegen "
        f"(mkdir {ablage} && chgrp {team.gruppe} {ablage} && chmod 2770 {ablage}); danach "
        f"legt „vier-phasen init {ablage} --gruppe {team.gruppe}“ die Ablage darin an.",
    ]
    assert not ablage.exists()
    # what root is asked for
    for befehl in (["mkdir", ablage], ["chgrp", team.gruppe, ablage], ["chmod", "2770", ablage]):
        subprocess.run(befehl, check=True)
    eingerichtet = _als(team, a, "init", ablage, "--gruppe", team.gruppe)
    assert eingerichtet.returncode == 0, eingerichtet.stderr
    assert "  angelegt: srv/team/cases" in eingerichtet.stderr.splitlines()
    w = ("--ablage", ablage)
    for benutzer, fall in ((a, "T-1"), (b, "T-2")):
        neu = _als(team, benutzer, *w, "neu", fall, "--name", "Tanja Team",
                   "--rechtskreis", "SGB III", "--fachkraft", "A. Eins")  # fmt: skip
        assert neu.returncode == 0, neu.stderr
    assert _als(team, b, *w, "stammdaten", "T-1", "--fachkraft", "B. Zwei").returncode == 0


def test_dokumente_ordner_einer_kollegin_ohne_schreibrecht(team: Team) -> None:
    a, b = team.benutzer
    ablage = team.ordner / "ablage"
    w = ("--ablage", ablage)
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    assert _als(team, a, *w, "neu", "T-1", "--name", "Tanja Team", "--rechtskreis", "SGB III",
                "--fachkraft", "A. Eins").returncode == 0  # fmt: skip
    subprocess.run(["runuser", "-u", a, "--", "chmod", "2755", ablage / "dokumente"], check=True)
    ziel = ablage / "dokumente" / "v.md"
    versuch = _als(team, b, *w, "dokument", "T-1", "auskunft", "-o", ziel)
    assert versuch.returncode == 2
    dokumente = ablage / "dokumente"
    assert versuch.stderr.splitlines() == [
        "Fehler: ablage/dokumente: Das Team darf im Ordner dokumente/ nicht schreiben; nichts "
        "wurde geschrieben",
        f"dokumente gehört {a} (drwxr-sr-x, Gruppe {team.gruppe}). Bitte {a} bitten, "
        f"„vier-phasen init {ablage} --gruppe {team.gruppe}“ aufzurufen: das gibt alles von "
        f"{a} in der Ablage dem Team (nur diese Datei: chgrp {team.gruppe} {dokumente} && "
        f"chmod 2770 {dokumente}).",
    ]
    assert not ziel.exists()
    # A's init gives the folder back to the team; then B writes
    wieder = _als(team, a, "init", ablage, "--gruppe", team.gruppe)
    assert "  für das Team freigegeben: ablage/dokumente" in wieder.stderr.splitlines()
    geschrieben = _als(team, b, *w, "dokument", "T-1", "auskunft", "-o", ziel)
    assert geschrieben.returncode == 0, geschrieben.stderr
    assert _modus(ziel) == 0o660


def test_private_datei_einer_kollegin_in_der_team_ablage(team: Team) -> None:
    """A colleague's 0600 case file: init names it and whom to ask instead of "schon
    vollständig eingerichtet"; liste names its owner and the same hint."""
    a, b = team.benutzer
    ablage = team.ordner / "ablage"
    w = ("--ablage", ablage)
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    for fall in ("T-1", "T-2"):
        assert _als(team, a, *w, "neu", fall, "--name", "Tanja Team", "--rechtskreis",
                    "SGB III", "--fachkraft", "A. Eins").returncode == 0  # fmt: skip
    privat = ablage / "cases" / "T-2.yaml"
    subprocess.run(["runuser", "-u", a, "--", "chmod", "600", privat], check=True)
    hinweis = (
        f"T-2.yaml gehört {a} (-rw-------, Gruppe {team.gruppe}). Bitte {a} bitten, "
        f"„vier-phasen init {ablage} --gruppe {team.gruppe}“ aufzurufen: das gibt alles von "
        f"{a} in der Ablage dem Team (nur diese Datei: chgrp {team.gruppe} {privat} && "
        f"chmod 660 {privat})."
    )
    init = _als(team, b, "init", ablage, "--gruppe", team.gruppe)
    assert init.returncode == 0
    assert init.stderr.splitlines()[:2] == [
        "Warnung: Diese Dateien bzw. Ordner anderer Eigentümer darf das Team nicht lesen oder "
        "schreiben; freigeben können sie nur ihre Eigentümer (oder root):",
        f"  ablage/cases/T-2.yaml: {hinweis}",
    ]
    assert "vollständig eingerichtet" not in init.stderr
    liste = _als(team, b, *w, "liste")
    assert liste.returncode == 2
    assert liste.stderr.splitlines()[-2:] == [
        "Fehler: ablage/cases/T-2.yaml: Keine Leseberechtigung für die Datei",
        hinweis,
    ]
    # A's init gives it back; then B reads everything and init has nothing to say
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    assert _als(team, b, *w, "liste").returncode == 0
    fertig = _als(team, b, "init", ablage, "--gruppe", team.gruppe)
    assert fertig.stderr.splitlines()[0] == "Ablage ablage ist schon vollständig eingerichtet."


# --- forged lock files (a colleague can write into sperren/) ------------------------------


@pytest.mark.parametrize("art", ["ordner", "fifo", "link"])
def test_gefaelschte_sperrdatei_ist_keine_datei(
    vp: Aufruf, demo: Path, tmp_path: Path, art: str
) -> None:
    ordner = demo / ".vier-phasen" / "sperren"
    ordner.mkdir(parents=True, exist_ok=True)
    sperre = ordner / f"{FALL}.lock"
    if art == "ordner":
        sperre.mkdir()
    elif art == "fifo":
        os.mkfifo(sperre)
    else:
        sperre.symlink_to(tmp_path / "irgendwo")
    vorher = (demo / "cases" / f"{FALL}.yaml").read_bytes()
    for mehr in ((), ("--entsperren",)):
        status, meldungen = _aendere(vp, demo, *mehr)
        assert status == 2, meldungen
        assert (
            f"Die Sperrdatei für Fall „{FALL}“ ist keine gewöhnliche Datei (ein Ordner, ein "
            "Link oder eine Pipe)"
        ) in " ".join(meldungen.split())
    assert (demo / "cases" / f"{FALL}.yaml").read_bytes() == vorher
    assert sperre.is_symlink() or sperre.exists()


@pytest.mark.parametrize(
    "zeit",
    [
        "9999-12-31T23:59:59+14:00",
        "2199-12-31T08:00:00+00:00",
        "0001-01-01T00:00:00-14:00",
        "gestern",
        None,  # no time line (an older version's lock) and a file time in 2100
    ],
)
def test_sperre_mit_unmoeglicher_zeit(vp: Aufruf, demo: Path, zeit: str | None) -> None:
    sperre = _sperre(demo, "4242@anderer-rechner\n" + (f"{zeit}\nmschmidt\n" if zeit else ""))
    if zeit is None:
        os.utime(sperre, (4102444800, 4102444800))
    status, meldungen = _aendere(vp, demo)
    assert status == 2, meldungen
    text = " ".join(meldungen.split())
    assert f"Die Sperrdatei für Fall „{FALL}“ ist verstümmelt" in text
    assert "mit --entsperren die Sperre auf" in text and "2199" not in text
    status, meldungen = _aendere(vp, demo, "--entsperren")
    assert status == 0, meldungen
    assert not sperre.exists()


# --- each user's private folder (benutzer/<uid>) cannot be swapped by a colleague ----------


@pytest.mark.parametrize("art", ["link", "offen"])
def test_eigener_ordner_muss_ein_privater_ordner_sein(vp: Aufruf, tmp_path: Path, art: str) -> None:
    ablage = _team_ablage(vp, tmp_path / "team")
    eigen = ablage / ".vier-phasen" / "benutzer" / str(os.geteuid())
    if art == "link":
        fremd = tmp_path / "fremd"
        fremd.mkdir()
        eigen.symlink_to(fremd)
        text = "Ihr eigener Ordner für Cache und Entwürfe ist ein symbolischer Link"
    else:
        eigen.mkdir()
        eigen.chmod(0o770)
        text = "Ihr eigener Ordner für Cache und Entwürfe ist auch für andere offen"
    ergebnis = vp("--ablage", ablage, "liste")
    assert ergebnis.exit_code == 2
    assert text in " ".join(ergebnis.stderr.split())
    if art == "link":
        assert list(fremd.iterdir()) == []  # no cache written through the link


def test_fremder_ordner_unter_eigener_uid(team: Team) -> None:
    """B plants a folder under A's uid (before A ever ran): A refuses to use it."""
    a, b = team.benutzer
    ablage = team.ordner / "ablage"
    assert _als(team, a, "init", ablage, "--gruppe", team.gruppe).returncode == 0
    benutzer = ablage / ".vier-phasen" / "benutzer"
    assert _als(team, b, "--ablage", ablage, "liste").returncode == 0
    gepflanzt = subprocess.run(
        ["runuser", "-u", b, "--", "mkdir", "-m", "700", str(benutzer / str(_uid(a)))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert gepflanzt.returncode == 0, gepflanzt.stderr
    ergebnis = _als(team, a, "--ablage", ablage, "liste")
    assert ergebnis.returncode == 2
    assert f"Ihr eigener Ordner für Cache und Entwürfe gehört {b}" in " ".join(
        ergebnis.stderr.split()
    )
    # removed, A makes its own; B cannot move it away (benutzer/ is sticky)
    shutil.rmtree(benutzer / str(_uid(a)))
    assert _als(team, a, "--ablage", ablage, "liste").returncode == 0
    umbenannt = subprocess.run(
        ["runuser", "-u", b, "--", "mv", str(benutzer / str(_uid(a))), str(benutzer / "x")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert umbenannt.returncode != 0
    assert (benutzer / str(_uid(a))).is_dir()
