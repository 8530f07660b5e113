"""Git mode (SPEC §11, §16 "Git details") with the real ``git`` program in temp folders.

Every test runs with its own HOME and global git config (``GIT_CONFIG_GLOBAL``), so neither
the machine's nor the user's git settings play a part.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Aufruf, lege_neu_an
from vier_phasen_cli.cli.befehl_verlauf import versionen_mit_aenderungen
from vier_phasen_cli.render.verlaufsbericht import als_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FALL = "911A100001"
SKRIPT = Path(sys.executable).parent / "vier-phasen"
"""The installed console script."""
FOLGE_ANTWORTEN = """\
gespraech:
  form: persoenlich
  anliegen: Folgegespräch
  vermerk: Bewerbungen besprochen.
  aktivitaeten:
    abgleich: Fahrschule läuft.
    ueberpruefung: Ziel bleibt.
    bewerbungen: Fünf Bewerbungen.
    naechste_schritte: Weiter bewerben.
termine:
  folgegespraech: 2027-01-15
"""


@pytest.fixture(autouse=True)
def eigenes_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated git: own HOME, own global config with an author, no system config."""
    heim = tmp_path / "heim"
    heim.mkdir()
    konfiguration = heim / "gitconfig"
    konfiguration.write_text(
        "[user]\n\tname = Mia Muster\n\temail = mia@example.org\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(heim))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(konfiguration))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(variable, raising=False)
    return konfiguration


def git(ordner: Path, *args: str, check: bool = True) -> str:
    ergebnis = subprocess.run(
        ["git", "-C", str(ordner), *args], capture_output=True, text=True, check=check
    )
    return ergebnis.stdout


def commits(ordner: Path) -> list[str]:
    return git(ordner, "log", "--format=%s").splitlines()


def dateien_im_letzten_commit(ordner: Path) -> list[str]:
    return sorted(git(ordner, "show", "--name-only", "--format=", "HEAD").split())


@pytest.fixture
def git_ablage(vp: Aufruf, demo: Path) -> Path:
    """The demo workspace in git mode."""
    assert vp("init", "--git", demo).exit_code == 0
    return demo


# --- init --git and git einrichten ---------------------------------------------------------


def test_init_git_legt_repository_mit_erstem_commit_an(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative folder, as people type it
    monkeypatch.setattr(sys, "argv", [str(SKRIPT)])  # started as the console script
    ablage = Path("neu")
    ergebnis = vp("init", "--git", "neu")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert "Git-Modus eingerichtet" in ergebnis.stderr
    assert (ablage / ".gitignore").read_text(encoding="utf-8").split("\n")[1::2][:2] == [
        ".vier-phasen/",
        "dokumente/",
    ]
    assert (ablage / ".gitattributes").read_text(encoding="utf-8").splitlines()[-1] == (
        "cases/*.yaml merge=vier-phasen diff=vier-phasen"
    )
    # the program's absolute path: git finds the driver from a GUI or cron without PATH
    assert git(ablage, "config", "--local", "merge.vier-phasen.driver").strip() == (
        f"{SKRIPT} git merge-driver %O %A %B %P"
    )
    assert git(ablage, "config", "--local", "merge.vier-phasen.name").strip()
    assert git(ablage, "config", "--local", "diff.vier-phasen.textconv").strip() == (
        f"{SKRIPT} git diff"
    )
    assert "nicht im Suchpfad" not in ergebnis.stderr
    # git pull merges (what the driver is for) instead of stopping at "divergent branches"
    assert git(ablage, "config", "--local", "pull.rebase").strip() == "false"
    assert commits(ablage) == ["vier-phasen: init – 23.11.2026"]
    assert dateien_im_letzten_commit(ablage) == [".gitattributes", ".gitignore", "vier-phasen.toml"]
    assert git(ablage, "log", "--format=%an <%ae>").strip() == "Mia Muster <mia@example.org>"
    assert git(ablage, "status", "--porcelain") == ""  # .vier-phasen/ is ignored


def test_init_git_in_bestehender_ablage_nimmt_die_faelle_auf(vp: Aufruf, git_ablage: Path) -> None:
    im_commit = dateien_im_letzten_commit(git_ablage)
    assert f"cases/{FALL}.yaml" in im_commit and "vier-phasen.toml" in im_commit
    # A second run finds everything in place and makes no commit.
    ergebnis = vp("init", "--git", git_ablage)
    assert ergebnis.exit_code == 0
    assert commits(git_ablage) == ["vier-phasen: init – 23.11.2026"]


def test_init_git_ohne_namen_sagt_wie_er_gesetzt_wird(
    vp: Aufruf, tmp_path: Path, eigenes_git: Path
) -> None:
    eigenes_git.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    ablage = tmp_path / "neu"
    ergebnis = vp("init", "--git", ablage, env={"EMAIL": "", "GIT_COMMITTER_NAME": ""})
    assert ergebnis.exit_code == 2
    assert "Git kennt den Namen bzw. die E-Mail-Adresse" in ergebnis.stderr
    assert 'git config --global user.name "Vorname Nachname"' in ergebnis.stderr
    # Once the name is set, the same command makes the first commit.
    git(ablage, "config", "user.name", "Mia Muster")
    git(ablage, "config", "user.email", "mia@example.org")
    assert vp("init", "--git", ablage).exit_code == 0
    assert commits(ablage) == ["vier-phasen: init – 23.11.2026"]


def test_git_einrichten_in_einem_klon(vp: Aufruf, git_ablage: Path, tmp_path: Path) -> None:
    klon = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(git_ablage), str(klon)], check=True)
    nur_git = tmp_path / "bin"
    nur_git.mkdir()
    (nur_git / "git").symlink_to(shutil.which("git") or "git")
    vorher = commits(klon)
    ergebnis = vp("--ablage", klon, "git", "einrichten", env={"PATH": str(nur_git)})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert git(klon, "config", "--local", "diff.vier-phasen.textconv").strip() == (
        "vier-phasen git diff"
    )
    assert "Warnung: Das Programm „vier-phasen“ ist nicht im Suchpfad (PATH)" in ergebnis.stderr
    # not found: the bare name, which git looks up in PATH
    assert git(klon, "config", "--local", "merge.vier-phasen.driver").strip() == (
        "vier-phasen git merge-driver %O %A %B %P"
    )
    assert git(klon, "config", "--local", "pull.rebase").strip() == "false"
    assert commits(klon) == vorher and git(klon, "status", "--porcelain") == ""
    # From now on the clone commits too.
    assert (
        vp("--ablage", klon, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T").exit_code
        == 0
    )
    assert commits(klon)[0] == f"vier-phasen: wiedervorlage {FALL} – 23.11.2026"


def test_git_einrichten_ausserhalb_eines_klons(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "git", "einrichten")
    assert ergebnis.exit_code == 2
    assert "Die Ablage ist kein Git-Klon" in ergebnis.stderr
    assert "vier-phasen init --git" in ergebnis.stderr


# --- one commit per write ------------------------------------------------------------------


def test_neu_macht_einen_commit_nur_mit_seiner_datei(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ablage = Path("neu")
    vp("init", "--git", ablage)
    (ablage / "notizen.txt").write_text("vorgemerkt\n", encoding="utf-8")
    git(ablage, "add", "notizen.txt")  # staged by the user: stays staged, not committed
    ergebnis = lege_neu_an(vp, ablage)
    assert ergebnis.exit_code == 0
    assert commits(ablage)[0] == "vier-phasen: neu NEU-1 – 23.11.2026"
    assert dateien_im_letzten_commit(ablage) == ["cases/NEU-1.yaml"]
    assert git(ablage, "status", "--porcelain").splitlines() == ["A  notizen.txt"]
    assert ergebnis.stderr == ""  # the commit is a confirmation: said on a terminal only


def test_folgegespraech_commit_traegt_das_datum_des_gespraechs(
    vp: Aufruf, git_ablage: Path, tmp_path: Path
) -> None:
    antworten = tmp_path / "folge.yaml"
    antworten.write_text(FOLGE_ANTWORTEN, encoding="utf-8")
    ergebnis = vp(
        "--ablage", git_ablage, "folgegespraech", FALL, "--antworten", antworten,
        "--datum", "20.11.2026",
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert commits(git_ablage)[:2] == [
        f"vier-phasen: folgegespraech {FALL} – 20.11.2026",
        "vier-phasen: init – 23.11.2026",
    ]
    assert dateien_im_letzten_commit(git_ablage) == [f"cases/{FALL}.yaml"]
    assert git(git_ablage, "status", "--porcelain") == ""


def test_uebergabe_haelt_alle_faelle_in_einem_commit_fest(vp: Aufruf, git_ablage: Path) -> None:
    ergebnis = vp(
        "--ablage", git_ablage, "uebergabe", "--von", "M. Schmidt", "--an", "K. Neu",
        "--datum", "20.11.2026",
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    letzte = commits(git_ablage)[0]
    geaendert = dateien_im_letzten_commit(git_ablage)
    ids = ", ".join(Path(d).stem for d in geaendert)
    assert len(geaendert) > 1
    assert letzte == f"vier-phasen: uebergabe {ids} – 20.11.2026"
    assert len(commits(git_ablage)) == 2


def test_ohne_git_modus_kein_commit_und_kein_git_noetig(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    leer = tmp_path / "leer-bin"
    leer.mkdir()
    ergebnis = vp(
        "--ablage", demo, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T",
        env={"PATH": str(leer)},
    )  # fmt: skip
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == ""  # no git noise, and no terminal to confirm the save
    assert not (demo / ".git").exists()


# --- when the commit cannot be made ---------------------------------------------------------


def test_git_fehlt_datei_bleibt_gespeichert_mit_warnung(
    vp: Aufruf, git_ablage: Path, tmp_path: Path
) -> None:
    leer = tmp_path / "leer-bin"
    leer.mkdir()
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    vorher = fall.read_bytes()
    ergebnis = vp(
        "--ablage", git_ablage, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T",
        env={"PATH": str(leer)},
    )  # fmt: skip
    assert ergebnis.exit_code == 0
    assert fall.read_bytes() != vorher
    assert (
        "Warnung: Gespeichert, aber nicht in Git festgehalten: Das Programm „git“ wurde nicht "
        "gefunden." in ergebnis.stderr
    )
    assert len(commits(git_ablage)) == 1
    for befehl in (["verlauf", FALL], ["rueckgaengig", FALL], ["git", "einrichten"]):
        verweigert = vp("--ablage", git_ablage, *befehl, env={"PATH": str(leer)})
        assert verweigert.exit_code == 2, befehl
        assert verweigert.stderr.startswith("Fehler: Das Programm „git“ wurde nicht gefunden")


def test_init_git_ohne_git_legt_nichts_an(vp: Aufruf, tmp_path: Path) -> None:
    leer = tmp_path / "leer-bin"
    leer.mkdir()
    ergebnis = vp("init", "--git", tmp_path / "neu", env={"PATH": str(leer)})
    assert ergebnis.exit_code == 2
    assert "Das Programm „git“ wurde nicht gefunden" in ergebnis.stderr
    assert "apt install git" in ergebnis.stderr
    assert not (tmp_path / "neu").exists()


def test_abgelehnter_commit_datei_bleibt_gespeichert(vp: Aufruf, git_ablage: Path) -> None:
    haken = git_ablage / ".git" / "hooks" / "pre-commit"
    haken.write_text("#!/bin/sh\necho 'Commit abgelehnt vom Haken' >&2\nexit 1\n")
    haken.chmod(0o755)
    ergebnis = vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    assert ergebnis.exit_code == 0
    assert "fachkraft: K. Neu" in (git_ablage / "cases" / f"{FALL}.yaml").read_text("utf-8")
    assert (
        "Warnung: Gespeichert, aber nicht in Git festgehalten: git commit ist fehlgeschlagen: "
        "Commit abgelehnt vom Haken." in ergebnis.stderr
    )
    assert len(commits(git_ablage)) == 1


def test_warnung_ohne_doppelten_punkt(vp: Aufruf, git_ablage: Path) -> None:
    haken = git_ablage / ".git" / "hooks" / "pre-commit"
    haken.write_text("#!/bin/sh\necho 'Heute keine Commits.' >&2\nexit 1\n")
    haken.chmod(0o755)
    ergebnis = vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    assert ergebnis.exit_code == 0
    meldung = " ".join(ergebnis.stderr.split())
    assert "fehlgeschlagen: Heute keine Commits. Der Commit lässt sich" in meldung
    assert ".." not in ergebnis.stderr


def test_ohne_namen_gespeichert_mit_anleitung(
    vp: Aufruf, git_ablage: Path, eigenes_git: Path
) -> None:
    eigenes_git.write_text("", encoding="utf-8")
    ergebnis = vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    assert ergebnis.exit_code == 0
    assert "Git kennt den Namen bzw. die E-Mail-Adresse" in ergebnis.stderr
    assert "git config --global user.email name@beispiel.de." in ergebnis.stderr
    assert len(commits(git_ablage)) == 1


# --- verlauf ------------------------------------------------------------------------------


def test_verlauf_text_nennt_felder_auf_deutsch(vp: Aufruf, git_ablage: Path) -> None:
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu", "--datum", "20.11.2026")
    ergebnis = vp("--ablage", git_ablage, "verlauf", FALL)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    zeilen = ergebnis.stdout.splitlines()
    kommits = git(git_ablage, "log", "--format=%h").split()
    assert zeilen[0] == f"Verlauf von Fall {FALL} (2 Versionen, neueste zuerst)"
    assert zeilen[2].startswith(f"{kommits[0]}  ")
    assert zeilen[2].endswith("  Mia Muster <mia@example.org>")
    assert zeilen[3:7] == [
        f"  vier-phasen: stammdaten {FALL} – 20.11.2026",
        "  ~ fachkraft: M. Schmidt → K. Neu",
        "  + wechsel: fachkraft: M. Schmidt → K. Neu am 20.11.2026",
        "",
    ]
    assert zeilen[-2:] == ["  vier-phasen: init – 23.11.2026", zeilen[-1]]
    assert zeilen[-1].startswith("  + Fall aufgenommen (")


def test_verlauf_json_form(vp: Aufruf, git_ablage: Path) -> None:
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu", "--datum", "20.11.2026")
    ergebnis = vp("--ablage", git_ablage, "verlauf", FALL, "--format", "json")
    assert ergebnis.exit_code == 0
    daten = json.loads(ergebnis.stdout)
    assert list(daten) == ["fall", "versionen"] and daten["fall"] == FALL
    neueste, erste = daten["versionen"]
    assert list(neueste) == ["commit", "datum", "autor", "email", "nachricht", "aenderungen"]
    assert neueste["commit"] == git(git_ablage, "rev-parse", "HEAD").strip()
    assert neueste["datum"][:4].isdigit() and "T" in neueste["datum"]
    assert (neueste["autor"], neueste["email"]) == ("Mia Muster", "mia@example.org")
    assert neueste["nachricht"] == f"vier-phasen: stammdaten {FALL} – 20.11.2026"
    wechsel = {"datum": "2026-11-20", "feld": "fachkraft", "von": "M. Schmidt", "nach": "K. Neu"}
    assert neueste["aenderungen"][:2] == [
        {"feld": "fachkraft", "von": "M. Schmidt", "nach": "K. Neu"},
        {"feld": "wechsel", "von": None, "nach": wechsel},
    ]
    assert {"feld": "kunde.name", "von": None, "nach": "Sabine Krüger"} in erste["aenderungen"]


def test_verlauf_diff_zeigt_yaml_zeilen(vp: Aufruf, git_ablage: Path) -> None:
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    text = vp("--ablage", git_ablage, "verlauf", FALL, "--diff").stdout.splitlines()
    assert "    -fachkraft: M. Schmidt" in text and "    +fachkraft: K. Neu" in text
    daten = json.loads(vp("--ablage", git_ablage, "verlauf", FALL, "--diff", "-f", "json").stdout)
    assert "+fachkraft: K. Neu" in daten["versionen"][0]["diff"]


def test_verlauf_zeigt_fremde_texte_sicher(vp: Aufruf, git_ablage: Path) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    fall.write_text(fall.read_text("utf-8") + "# Notiz\n", encoding="utf-8")
    git(git_ablage, "add", "cases")
    git(
        git_ablage, "commit", "-q", "-m", "=1+1 \x1b[31mrot\x1b]8;;http://x\x07\x1e\x1f",
        "--author", "Evil \x1b[2J <e@x>",
    )  # fmt: skip
    ergebnis = vp("--ablage", git_ablage, "verlauf", FALL)
    assert "\x1b" not in ergebnis.stdout and "\x07" not in ergebnis.stdout
    assert "  =1+1 \\x1b[31mrot\\x1b]8;;http://x\\x07\\x1e\\x1f" in ergebnis.stdout.splitlines()
    assert "Evil \\x1b[2J <e@x>" in ergebnis.stdout
    daten = json.loads(vp("--ablage", git_ablage, "verlauf", FALL, "-f", "json").stdout)
    assert daten["versionen"][0]["autor"] == "Evil \x1b[2J"
    # rueckgaengig names that commit safely too
    verweigert = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert verweigert.exit_code == 2 and "\x1b" not in verweigert.stderr


def _von_hand(ablage: Path, aendern: Callable[[dict[str, Any]], None]) -> None:
    """A change made outside the tool (by hand, or by a merge), committed with git."""
    fall = ablage / "cases" / f"{FALL}.yaml"
    daten = yaml.safe_load(fall.read_text("utf-8"))
    aendern(daten)
    fall.write_text(yaml.safe_dump(daten, allow_unicode=True, sort_keys=False), "utf-8")
    git(ablage, "commit", "-qam", "Von Hand")


def test_verlauf_eingefuegtes_gespraech_ist_ein_neues(vp: Aufruf, git_ablage: Path) -> None:
    """A conversation inserted before another (as a merge does) is one new conversation,
    not every later one changed: lists compare by the merge's identities (SPEC §16)."""
    neu = {"datum": date(2026, 10, 2), "art": "folgegespraech", "anliegen": "Folgegespräch",
           "vermerk": "Zeile eins\nZeile zwei"}  # fmt: skip
    _von_hand(git_ablage, lambda d: d["gespraeche"].insert(1, neu))
    ergebnis = vp("--ablage", git_ablage, "verlauf", FALL)
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[3:5] == ["  Von Hand", "  + gespraeche: Folgegespräch am 02.10.2026"]
    assert not any(z.startswith("  ~ gespraeche") for z in zeilen)
    daten = json.loads(vp("--ablage", git_ablage, "verlauf", FALL, "-f", "json").stdout)
    assert daten["versionen"][0]["aenderungen"] == [
        {"feld": "gespraeche", "von": None, "nach": {**neu, "datum": "2026-10-02"}}
    ]
    # and removed again
    _von_hand(git_ablage, lambda d: d["gespraeche"].pop(1))
    zeilen = vp("--ablage", git_ablage, "verlauf", FALL).stdout.splitlines()
    assert zeilen[3:5] == ["  Von Hand", "  - gespraeche: Folgegespräch am 02.10.2026"]


def test_verlauf_mehrzeiliger_wert_bleibt_auf_seiner_zeile(vp: Aufruf, git_ablage: Path) -> None:
    def beschreibung(daten: dict[str, Any]) -> None:
        daten["ziel"]["beschreibung"] = "Zeile eins\nZeile \x1b[31mzwei\\n"

    _von_hand(git_ablage, beschreibung)
    zeilen = vp("--ablage", git_ablage, "verlauf", FALL).stdout.splitlines()
    zeile = next(z for z in zeilen if z.startswith("  ~ ziel.beschreibung: "))
    # line breaks as \\n, ESC escaped as everywhere (a backslash in the text stays as it is)
    assert zeile.endswith(" → Zeile eins\\nZeile \\x1b[31mzwei\\n")
    assert zeilen[zeilen.index(zeile) + 1] == ""


def test_verlauf_bricht_nur_im_terminal_um(vp: Aufruf, git_ablage: Path) -> None:
    text = "Vollzeit in der Lagerlogistik im Raum Nürnberg mit Schichtarbeit " * 3
    _von_hand(git_ablage, lambda d: d["ziel"].__setitem__("beschreibung", text.strip()))
    # piped (or into a file): whole lines
    zeilen = vp("--ablage", git_ablage, "verlauf", FALL, env={"COLUMNS": "40"}).stdout
    zeile = next(z for z in zeilen.splitlines() if z.startswith("  ~ ziel.beschreibung: "))
    assert zeile.endswith(f"→ {text.strip()}")
    # on a terminal of 40 columns: at word boundaries, continued four columns deeper
    eintraege = versionen_mit_aenderungen(git_ablage, git_ablage / "cases" / f"{FALL}.yaml", False)
    umbrochen = als_text(FALL, eintraege, 40)
    anfang = next(i for i, z in enumerate(umbrochen) if z.startswith("  ~ ziel.beschreibung:"))
    teil = umbrochen[anfang : anfang + 8]
    assert all(len(z) <= 40 for z in umbrochen)
    assert all(z.startswith("      ") for z in teil[1:])
    woerter = set(" ".join(teil).split())
    assert {"Lagerlogistik", "Nürnberg", "Schichtarbeit"} <= woerter  # no word cut in two


def test_verlauf_ohne_git_modus(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "verlauf", FALL)
    assert ergebnis.exit_code == 2
    assert "nicht im Git-Modus" in ergebnis.stderr and "init --git" in ergebnis.stderr


def test_verlauf_unbekannter_fall(vp: Aufruf, git_ablage: Path) -> None:
    ergebnis = vp("--ablage", git_ablage, "verlauf", "GIBTSNICHT")
    assert ergebnis.exit_code == 2
    assert "Fall „GIBTSNICHT“ gibt es nicht" in ergebnis.stderr


# --- rueckgaengig ---------------------------------------------------------------------------


def test_rueckgaengig_stellt_den_stand_davor_wieder_her(vp: Aufruf, git_ablage: Path) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    vorher = fall.read_bytes()
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu", "--datum", "20.11.2026")
    assert fall.read_bytes() != vorher
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert fall.read_bytes() == vorher
    assert commits(git_ablage)[0] == f"vier-phasen: rueckgaengig {FALL} – 23.11.2026"
    assert f"Fall {FALL}: Änderung " in ergebnis.stderr
    assert git(git_ablage, "status", "--porcelain") == ""
    # A second one takes the first back.
    assert vp("--ablage", git_ablage, "rueckgaengig", FALL).exit_code == 0
    assert "fachkraft: K. Neu" in fall.read_text("utf-8")


def test_rueckgaengig_nicht_bei_ungespeicherten_aenderungen(vp: Aufruf, git_ablage: Path) -> None:
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    fall.write_text(fall.read_text("utf-8") + "# von Hand\n", encoding="utf-8")
    stand = fall.read_bytes()
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert "Änderungen, die nicht in Git festgehalten sind" in ergebnis.stderr
    assert fall.read_bytes() == stand and len(commits(git_ablage)) == 2


def test_rueckgaengig_nicht_nach_fremdem_commit(vp: Aufruf, git_ablage: Path) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    fall.write_text(fall.read_text("utf-8") + "# von Hand\n", encoding="utf-8")
    git(git_ablage, "commit", "-qam", "Von Hand ergänzt")
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert "„Von Hand ergänzt“) ist nicht von vier-phasen" in ergebnis.stderr
    assert "# von Hand" in fall.read_text("utf-8")


def test_rueckgaengig_nicht_nach_einer_zusammenfuehrung(vp: Aufruf, git_ablage: Path) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    git(git_ablage, "checkout", "-q", "-b", "kollegin")
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    git(git_ablage, "checkout", "-q", "main")
    vp("--ablage", git_ablage, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T")
    subprocess.run(
        ["git", "-C", str(git_ablage), "-c", "merge.vier-phasen.driver=false", "merge", "-q",
         "kollegin"],
        capture_output=True, check=False,
    )  # fmt: skip
    fall.write_text(  # resolved by hand, committed with a message that looks like ours
        fall.read_text("utf-8").split("<<<<<<<")[0] + "# zusammengeführt\n", encoding="utf-8"
    )
    git(git_ablage, "add", "cases")
    git(git_ablage, "commit", "-q", "-m", f"vier-phasen: stammdaten {FALL} – 23.11.2026")
    assert len(git(git_ablage, "log", "-1", "--format=%P").split()) == 2
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert "ist eine Zusammenführung (Merge)" in ergebnis.stderr
    merge = git(git_ablage, "rev-parse", "--short=7", "HEAD").strip()
    assert f"zurücknehmen mit Git selbst: git revert -m 1 {merge}." in ergebnis.stderr


def test_rueckgaengig_loescht_keinen_fall(vp: Aufruf, git_ablage: Path) -> None:
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert "hat den Fall in Git aufgenommen" in ergebnis.stderr
    assert (git_ablage / "cases" / f"{FALL}.yaml").exists()


def test_rueckgaengig_wartet_auf_die_sperre(vp: Aufruf, git_ablage: Path) -> None:
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    sperren = git_ablage / ".vier-phasen" / "sperren"
    sperren.mkdir(parents=True, exist_ok=True)
    (sperren / f"{FALL}.lock").write_text(f"{os.getppid()}\n", encoding="ascii")
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert "fachkraft: K. Neu" in (git_ablage / "cases" / f"{FALL}.yaml").read_text("utf-8")


def test_bearbeite_macht_einen_commit(vp: Aufruf, git_ablage: Path) -> None:
    ergebnis = vp(
        "--ablage", git_ablage, "bearbeite", FALL,
        env={"EDITOR": "sed -i s/Sabine/Sabina/"},
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert commits(git_ablage)[0] == f"vier-phasen: bearbeite {FALL} – 23.11.2026"
    aenderungen = json.loads(vp("--ablage", git_ablage, "verlauf", FALL, "-f", "json").stdout)
    assert aenderungen["versionen"][0]["aenderungen"] == [
        {"feld": "kunde.name", "von": "Sabine Krüger", "nach": "Sabina Krüger"}
    ]


def test_verlauf_mit_unlesbarer_version(vp: Aufruf, git_ablage: Path) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    richtig = fall.read_bytes()
    fall.write_text("kunde: [kaputt\n", encoding="utf-8")
    git(git_ablage, "commit", "-qam", "Versehen")
    fall.write_bytes(richtig)
    git(git_ablage, "commit", "-qam", "Repariert")
    ergebnis = vp("--ablage", git_ablage, "verlauf", FALL)
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout.splitlines()[3:9] == [
        "  Repariert",
        "  (Vorige Version nicht lesbar: Kein gültiges YAML: Liste in [ … ] ist nicht geschlossen)",
        "",
        ergebnis.stdout.splitlines()[6],
        "  Versehen",
        "  (Version nicht lesbar: Kein gültiges YAML: Liste in [ … ] ist nicht geschlossen)",
    ]


def test_ordnername_mit_sonderzeichen(vp: Aufruf, tmp_path: Path) -> None:
    ablage = tmp_path / "Team [Süd] *"
    assert vp("init", "--git", ablage).exit_code == 0
    assert lege_neu_an(vp, ablage).exit_code == 0
    assert commits(ablage) == [
        "vier-phasen: neu NEU-1 – 23.11.2026",
        "vier-phasen: init – 23.11.2026",
    ]
    assert (
        len(
            json.loads(vp("--ablage", ablage, "verlauf", "NEU-1", "-f", "json").stdout)["versionen"]
        )
        == 1
    )


def test_ablage_in_einem_fremden_repository(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """A workspace inside some other repository (a home folder kept in git) is not in git
    mode: no commit, and without the program no warning either."""
    git(demo.parent, "init", "-q")
    leer = tmp_path / "leer-bin"
    leer.mkdir()
    for umgebung in ({}, {"PATH": str(leer)}):
        ergebnis = vp(
            "--ablage", demo, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T",
            env=umgebung,
        )  # fmt: skip
        assert ergebnis.exit_code == 0
        assert ergebnis.stderr == ""  # no git noise, no terminal to confirm the save
    assert git(demo.parent, "log", "--oneline", check=False) == ""


def test_rueckgaengig_nimmt_einen_versehentlichen_abschluss_zurueck(
    vp: Aufruf, git_ablage: Path
) -> None:
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    vorher = fall.read_bytes()
    e = vp(
        "--ablage", git_ablage, "abschluss", FALL, "--grund", "arbeitsaufnahme",
        "--beschaeftigung-ab", "01.12.2026", "--datum", "20.11.2026",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert commits(git_ablage)[0] == f"vier-phasen: abschluss {FALL} – 20.11.2026"
    assert vp("--ablage", git_ablage, "rueckgaengig", FALL).exit_code == 0
    assert fall.read_bytes() == vorher


def test_eigene_pull_einstellung_bleibt(vp: Aufruf, demo: Path, eigenes_git: Path) -> None:
    with eigenes_git.open("a", encoding="utf-8") as datei:
        datei.write("[pull]\n\tff = only\n")
    assert vp("init", "--git", demo).exit_code == 0
    assert git(demo, "config", "--local", "pull.rebase", check=False) == ""


# --- a merge git could not finish ------------------------------------------------------------


def _halbe_zusammenfuehrung(vp: Aufruf, ablage: Path) -> Path:
    """A colleague's change merged while git cannot start the merge driver (``vier-phasen``
    not on the PATH of a Git GUI or cron): git leaves the own version, without conflict
    markers, and lists the file as unmerged."""
    fall = ablage / "cases" / f"{FALL}.yaml"
    git(ablage, "checkout", "-q", "-b", "kollegin")
    assert vp("--ablage", ablage, "stammdaten", FALL, "--fachkraft", "K. Neu").exit_code == 0
    git(ablage, "checkout", "-q", "main")
    e = vp("--ablage", ablage, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "Eigene")
    assert e.exit_code == 0
    treiber = "merge.vier-phasen.driver=vier-phasen-fehlt git merge-driver %O %A %B %P"
    lauf = subprocess.run(
        ["git", "-C", str(ablage), "-c", treiber, "merge", "-q", "kollegin"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert lauf.returncode != 0
    assert git(ablage, "status", "--porcelain", "cases").startswith(f"UU cases/{FALL}.yaml")
    assert "<<<<<<<" not in fall.read_text("utf-8")
    assert "K. Neu" not in fall.read_text("utf-8")
    return fall


def test_pruefen_nennt_eine_nicht_zusammengefuehrte_datei(vp: Aufruf, git_ablage: Path) -> None:
    _halbe_zusammenfuehrung(vp, git_ablage)
    ergebnis = vp("--ablage", git_ablage, "pruefen")
    assert ergebnis.exit_code == 2
    datei = f"cases/{FALL}.yaml"
    zeile = next(z for z in ergebnis.stdout.splitlines() if "DA001" in z)
    assert zeile.startswith(f"  {datei}:1: DA001 fehler: Git-Zusammenführung nicht abgeschlossen")
    assert f"git checkout -m -- {datei}, dann git add {datei}, vier-phasen pruefen" in zeile


def test_schreiben_in_nicht_zusammengefuehrte_datei_wird_abgelehnt(
    vp: Aufruf, git_ablage: Path
) -> None:
    fall = _halbe_zusammenfuehrung(vp, git_ablage)
    vorher = fall.read_bytes()
    for befehl in (
        ["wiedervorlage", FALL, "--am", "02.12.2026", "--text", "Zweite"],
        ["stammdaten", FALL, "--fachkraft", "X"],
        ["rueckgaengig", FALL],
    ):
        ergebnis = vp("--ablage", git_ablage, *befehl)
        assert ergebnis.exit_code == 2, befehl
        meldung = " ".join(ergebnis.stderr.split())
        assert "Die Falldatei ist in Git nicht zusammengeführt" in meldung
        assert "nichts wurde geändert" in meldung
        assert f"git checkout -m -- cases/{FALL}.yaml" in meldung
    assert fall.read_bytes() == vorher
    assert git(git_ablage, "status", "--porcelain", "cases").startswith(f"UU cases/{FALL}.yaml")


def test_anleitung_fuehrt_die_zusammenfuehrung_zu_ende(vp: Aufruf, git_ablage: Path) -> None:
    """The recipe ``pruefen`` gives, with vier-phasen on PATH: both sides' changes are kept."""
    if not SKRIPT.exists():
        pytest.skip("Das Programm vier-phasen ist nicht installiert (pip install -e .)")
    fall = _halbe_zusammenfuehrung(vp, git_ablage)
    mit_programm = {**os.environ, "PATH": f"{SKRIPT.parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        ["git", "-C", str(git_ablage), "checkout", "-m", "--", f"cases/{FALL}.yaml"],
        env=mit_programm, check=True, capture_output=True,
    )  # fmt: skip
    text = fall.read_text("utf-8")
    assert "fachkraft: K. Neu" in text and "Eigene" in text and "<<<<<<<" not in text
    git(git_ablage, "add", f"cases/{FALL}.yaml")
    assert vp("--ablage", git_ablage, "pruefen", FALL).exit_code in (0, 1)
    git(git_ablage, "commit", "-q", "--no-edit")
    assert git(git_ablage, "status", "--porcelain") == ""


def test_schreiben_waehrend_einer_zusammenfuehrung_ohne_commit(
    vp: Aufruf, git_ablage: Path
) -> None:
    _halbe_zusammenfuehrung(vp, git_ablage)
    anderer = "911A100002"
    andere_datei = git_ablage / "cases" / f"{anderer}.yaml"
    vorher = andere_datei.read_bytes()
    anzahl = len(commits(git_ablage))
    ergebnis = vp("--ablage", git_ablage, "stammdaten", anderer, "--fachkraft", "K. Neu")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert andere_datei.read_bytes() != vorher
    assert (
        "Warnung: Gespeichert, aber nicht in Git festgehalten: Zusammenführung läuft (git "
        f"merge); nach dem Auflösen der Konflikte git add cases/{anderer}.yaml und git commit."
        in " ".join(ergebnis.stderr.split())
    )
    assert ".." not in ergebnis.stderr and "partial commit" not in ergebnis.stderr
    assert len(commits(git_ablage)) == anzahl
    assert f"cases/{anderer}.yaml" not in git(git_ablage, "diff", "--cached", "--name-only")


# --- a repository git refuses (another owner) ------------------------------------------------


def test_init_git_in_fremdem_ordner_nennt_safe_directory(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # as in a root-owned folder
    ablage = tmp_path / "team"
    ergebnis = vp("init", "--git", ablage)
    assert ergebnis.exit_code == 2
    meldung = " ".join(ergebnis.stderr.split())
    assert "Git verweigert die Arbeit im Repository, weil der Ordner einem anderen" in meldung
    assert f"git config --global --add safe.directory {ablage}" in meldung
    assert not (ablage / ".git").exists()  # no half-made repository
    # Once the folder is trusted, the same command sets git mode up.
    monkeypatch.delenv("GIT_TEST_ASSUME_DIFFERENT_OWNER")
    assert vp("init", "--git", ablage).exit_code == 0
    assert commits(ablage) == ["vier-phasen: init – 23.11.2026"]


def test_abgelehntes_repository_gibt_eine_warnung(
    vp: Aufruf, git_ablage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    ergebnis = vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    assert ergebnis.exit_code == 0
    meldung = " ".join(ergebnis.stderr.split())
    assert "Warnung: Gespeichert, aber nicht in Git festgehalten: Git verweigert" in meldung
    assert "safe.directory" in meldung
    verlauf = vp("--ablage", git_ablage, "verlauf", FALL)
    assert verlauf.exit_code == 2
    assert "safe.directory" in verlauf.stderr


def test_git_einrichten_nennt_den_pfad_des_programms(
    vp: Aufruf, git_ablage: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    klon = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(git_ablage), str(klon)], check=True)
    git(klon, "config", "pull.rebase", "true")  # the user's own choice stays
    monkeypatch.setattr(sys, "argv", [str(SKRIPT)])
    ergebnis = vp("--ablage", klon, "git", "einrichten")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert f"(Programm: {SKRIPT})." in " ".join(ergebnis.stderr.split())
    assert git(klon, "config", "--local", "diff.vier-phasen.textconv").strip() == (
        f"{SKRIPT} git diff"
    )
    assert git(klon, "config", "--local", "pull.rebase").strip() == "true"


def _unter_umask_022(*befehl: str, ordner: Path | None = None) -> None:
    """``befehl`` as a colleague runs it: under the usual umask 022."""
    subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", *befehl], cwd=ordner, check=True)


def test_lesbarer_klon_wird_bei_jedem_befehl_gewarnt(
    vp: Aufruf, git_ablage: Path, tmp_path: Path
) -> None:
    klon = tmp_path / "klon"
    _unter_umask_022("git", "clone", "-q", str(git_ablage), str(klon))
    assert klon.stat().st_mode & 0o777 == 0o755
    assert (klon / "cases" / f"{FALL}.yaml").stat().st_mode & 0o777 == 0o644
    ergebnis = vp("--ablage", klon, "git", "einrichten")
    meldung = " ".join(ergebnis.stderr.split())
    warnung = "Warnung: Die Ablage ist für andere Benutzer dieses Rechners lesbar (0755;"
    assert meldung.count(warnung) == 1, meldung
    assert f"chmod -R go-rwx {klon}" in meldung
    # From now on in git mode: every command that opens the workspace warns, once.
    for befehl in (["liste"], ["zeige", FALL], ["faellig"]):
        ergebnis = vp("--ablage", klon, *befehl)
        assert ergebnis.exit_code == 0, ergebnis.stderr
        assert " ".join(ergebnis.stderr.split()).count(warnung) == 1, befehl
        assert "Warnung" not in ergebnis.stdout
    klon.chmod(0o700)  # cases/ still 0755
    assert "lesbar (cases/ 0755;" in " ".join(vp("--ablage", klon, "liste").stderr.split())
    subprocess.run(["chmod", "-R", "go-rwx", str(klon)], check=True)
    assert "Rechners lesbar" not in vp("--ablage", klon, "git", "einrichten").stderr
    assert "Warnung" not in vp("--ablage", klon, "liste").stderr
    # A workspace in git mode at 0700 never warns; nor does an open one outside git mode.
    subprocess.run(["chmod", "-R", "go-rwx", str(git_ablage)], check=True)
    assert "Warnung" not in vp("--ablage", git_ablage, "liste").stderr
    offen = tmp_path / "offen"
    shutil.copytree(git_ablage, offen, ignore=shutil.ignore_patterns(".git"))
    offen.chmod(0o755)
    assert "Warnung" not in vp("--ablage", offen, "liste").stderr


def test_verlauf_schluessel_mit_zeilenumbruch_faelscht_keine_version(
    vp: Aufruf, git_ablage: Path
) -> None:
    """A key or value with line breaks stays on its change's line: no forged entry."""
    falsch = "zz\n\n1234567  01.12.2026 00:35  Chefin <c@x>\n  vier-phasen: abschluss"

    def boese(daten: dict[str, Any]) -> None:
        daten[falsch] = "wert\n\n7654321  02.12.2026 00:00  Chefin <c@x>"
        daten["kunde"]["name"] = "Sabine\nKrüger"

    _von_hand(git_ablage, boese)
    zeilen = vp("--ablage", git_ablage, "verlauf", FALL).stdout.splitlines()
    assert not any(z.startswith(("1234567", "7654321", "  vier-phasen: abschluss")) for z in zeilen)
    assert any(z.startswith("  + zz\\n\\n1234567  01.12.2026") for z in zeilen)
    assert any(
        z.startswith("  ~ kunde.name: ") and z.endswith(" → Sabine\\nKrüger") for z in zeilen
    )


def test_rueckgaengig_nicht_nach_commit_mit_kopierter_nachricht(
    vp: Aufruf, git_ablage: Path
) -> None:
    """Only the tool's commits carry the trailer; a hand commit with its subject is refused."""
    vp("--ablage", git_ablage, "stammdaten", FALL, "--fachkraft", "K. Neu")
    koerper = git(git_ablage, "log", "-1", "--format=%b")
    assert koerper.strip() == "Vier-Phasen-Befehl: stammdaten"
    fall = git_ablage / "cases" / f"{FALL}.yaml"
    fall.write_text(fall.read_text("utf-8") + "# von Hand\n", encoding="utf-8")
    git(git_ablage, "commit", "-qam", f"vier-phasen: stammdaten {FALL} – 23.11.2026")
    ergebnis = vp("--ablage", git_ablage, "rueckgaengig", FALL)
    assert ergebnis.exit_code == 2
    assert f"„vier-phasen: stammdaten {FALL} – 23.11.2026“) ist nicht von vier-phasen" in (
        ergebnis.stderr
    )
    assert "# von Hand" in fall.read_text("utf-8")


def test_schreiben_setzt_0600_nach_einem_pull_wieder(
    vp: Aufruf, git_ablage: Path, tmp_path: Path
) -> None:
    klon = tmp_path / "klon"
    _unter_umask_022("git", "clone", "-q", str(git_ablage), str(klon))
    assert vp("--ablage", klon, "git", "einrichten").exit_code == 0
    subprocess.run(["chmod", "-R", "go-rwx", str(klon)], check=True)
    datei = klon / "cases" / f"{FALL}.yaml"
    assert datei.stat().st_mode & 0o777 == 0o600
    # A colleague's change arrives by git pull: git writes the file after the umask.
    wv = ["wiedervorlage", FALL, "--am", "01.12.2026", "--text"]
    assert vp("--ablage", git_ablage, *wv, "Von der Kollegin").exit_code == 0
    _unter_umask_022("git", "pull", "-q", ordner=klon)
    assert "Von der Kollegin" in datei.read_text(encoding="utf-8")
    assert datei.stat().st_mode & 0o777 == 0o644
    ergebnis = vp("--ablage", klon, *wv, "Eigene")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert datei.stat().st_mode & 0o777 == 0o600
    assert "Eigene" in datei.read_text(encoding="utf-8")


# --- hostile .gitignore/.gitattributes (a clone can bring any file) -----------------------


@pytest.mark.parametrize("name", [".gitattributes", ".gitignore"])
def test_init_git_liest_keinen_link(vp: Aufruf, demo: Path, tmp_path: Path, name: str) -> None:
    geheim = tmp_path / "id_rsa"
    geheim.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n", encoding="utf-8")
    (demo / name).unlink(missing_ok=True)
    (demo / name).symlink_to(geheim)
    ergebnis = vp("init", "--git", demo)
    assert ergebnis.exit_code == 2
    assert f"{name}: Ist ein symbolischer Link; aus Sicherheitsgründen nicht gelesen" in (
        ergebnis.stderr
    )
    assert (demo / name).is_symlink() and not (demo / ".git").exists()
    assert "BEGIN" not in ergebnis.stdout + ergebnis.stderr


@pytest.mark.parametrize("art", ["ordner", "latin1"])
def test_init_git_unlesbare_gitdatei(vp: Aufruf, demo: Path, art: str) -> None:
    (demo / ".gitattributes").unlink(missing_ok=True)
    if art == "ordner":
        (demo / ".gitattributes").mkdir()
        meldung = "Ist ein Ordner, keine Datei"
    else:
        (demo / ".gitattributes").write_bytes(b"# M\xfcller\n")
        meldung = "Die Datei ist nicht in UTF-8 gespeichert"
    ergebnis = vp("init", "--git", demo)
    assert ergebnis.exit_code == 2, ergebnis.stderr
    assert f".gitattributes: {meldung}" in ergebnis.stderr
    assert not (demo / ".git").exists()


@pytest.mark.parametrize("art", ["link", "ordner", "latin1"])
def test_git_einrichten_prueft_attribute_zuerst(
    vp: Aufruf, git_ablage: Path, tmp_path: Path, art: str
) -> None:
    klon = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(git_ablage), str(klon)], check=True)
    attribute = klon / ".gitattributes"
    attribute.unlink()
    if art == "link":
        attribute.symlink_to(tmp_path / "heim" / "gitconfig")
    elif art == "ordner":
        attribute.mkdir()
    else:
        attribute.write_bytes(b"# M\xfcller\n")
    konfiguration = (klon / ".git" / "config").read_bytes()
    ergebnis = vp("--ablage", klon, "git", "einrichten")
    assert ergebnis.exit_code == 2, ergebnis.stderr
    assert "Interner Fehler" not in ergebnis.stderr
    assert ".gitattributes: " in ergebnis.stderr
    assert (klon / ".git" / "config").read_bytes() == konfiguration


def test_git_modus_schreibt_keinen_fall_durch_einen_link(
    vp: Aufruf, git_ablage: Path, tmp_path: Path
) -> None:
    """A committed symlink as case file is neither read nor replaced nor committed."""
    fremd = tmp_path / "fremder-fall.yaml"
    shutil.copy(git_ablage / "cases" / f"{FALL}.yaml", fremd)
    (git_ablage / "cases" / f"{FALL}.yaml").unlink()
    (git_ablage / "cases" / f"{FALL}.yaml").symlink_to(fremd)
    git(git_ablage, "add", "-A")
    git(git_ablage, "commit", "-q", "-m", "Link")
    vorher = commits(git_ablage)
    ergebnis = vp(
        "--ablage", git_ablage, "wiedervorlage", FALL, "--am", "01.12.2026", "--text", "T"
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert "Ist ein symbolischer Link; aus Sicherheitsgründen nicht gelesen" in ergebnis.stderr
    assert (git_ablage / "cases" / f"{FALL}.yaml").is_symlink()
    assert commits(git_ablage) == vorher
