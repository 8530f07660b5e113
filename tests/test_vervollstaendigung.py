"""Shell completion: the scripts, and the candidates the program answers them with (driven
as the scripts drive it: ``_VIER_PHASEN_COMPLETE`` with ``COMP_WORDS``/``COMP_CWORD``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import pytest
import typer

from .conftest import Aufruf

IDS = [f"911A1000{n:02d}" for n in range(1, 15)]


def _bash(vp: Aufruf, ablage: Path, zeile: str) -> list[str]:
    """The candidates bash gets for ``zeile`` (the cursor at its end), as its script asks:
    the line as typed in ``COMP_LINE``."""
    ergebnis = vp(
        env={
            "_VIER_PHASEN_COMPLETE": "bash_complete",
            "COMP_LINE": zeile,
            "VIER_PHASEN_ABLAGE": str(ablage),
        }
    )
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == ""
    zeilen = ergebnis.stdout.splitlines()
    assert all(z.startswith(("plain,", "file,", "dir,")) for z in zeilen), zeilen
    return [z.partition(",")[2] for z in zeilen if z.startswith("plain,")]


def test_skripte(vp: Aufruf) -> None:
    for shell in ("bash", "zsh", "fish"):
        ergebnis = vp("completion", shell)
        assert ergebnis.exit_code == 0
        assert f"_VIER_PHASEN_COMPLETE={shell}_complete" in ergebnis.stdout
        assert ("COMP_LINE=" if shell != "zsh" else "COMP_CWORD=") in ergebnis.stdout
    ergebnis = vp("completion", "tcsh")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Ungültiger Wert „tcsh“ für SHELL.")


def _bash_skript(tmp_path: Path) -> tuple[Path, Path]:
    programm = Path(sys.executable).parent / "vier-phasen"
    skript = tmp_path / "vier-phasen.bash"
    skript.write_text(
        subprocess.run(
            [programm, "completion", "bash"], capture_output=True, text=True, check=True
        ).stdout
    )
    return programm, skript


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash fehlt")
def test_bash_skript_fragt_das_programm(tmp_path: Path, demo: Path) -> None:
    """The real script in a real bash, asking the installed console script."""
    programm, skript = _bash_skript(tmp_path)
    zeile = f"vier-phasen --ablage {demo} zeige 911A10001"
    befehl = (
        f"source {skript}; COMP_LINE='{zeile}'; COMP_POINT={len(zeile)}; "
        "_vier_phasen_vervollstaendigung vier-phasen; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    ergebnis = subprocess.run(
        ["bash", "--norc", "-c", befehl],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": f"{programm.parent}:/usr/bin:/bin"},
    )
    assert ergebnis.stdout.split() == [f"911A1000{n}" for n in range(10, 15)]


@pytest.fixture
def bash_am_terminal(tmp_path: Path, demo: Path) -> Iterator[Callable[[str], str]]:
    """An interactive bash with the script loaded: type a line and Tab, get the line bash
    then holds and the words it would run it with."""
    import pexpect

    if shutil.which("bash") is None:
        pytest.skip("bash fehlt")
    programm, skript = _bash_skript(tmp_path)
    (tmp_path / "inputrc").write_text("set show-all-if-ambiguous on\nset bell-style none\n")
    umgebung = {
        "PATH": f"{programm.parent}:/usr/bin:/bin",
        "TERM": "dumb",
        "HOME": str(tmp_path),
        "INPUTRC": str(tmp_path / "inputrc"),
        "VIER_PHASEN_ABLAGE": str(demo),
        "LANG": "C.UTF-8",
    }
    subprocess.run([programm, "liste"], env=umgebung, capture_output=True, check=True)
    shell = pexpect.spawn(
        "bash", ["--norc", "--noprofile", "-i"], env=umgebung, cwd=str(tmp_path),
        encoding="utf-8", timeout=30, dimensions=(24, 200),
    )  # fmt: skip
    shell.sendline(f"PS1='$ '; source {skript}; zeige() {{ printf '<%s>' \"$@\"; echo; }}")
    shell.expect_exact("$ ")
    shell.expect_exact("$ ")

    def tippe(zeile: str) -> str:
        # Tab (twice: the list of candidates), then run the line with "zeige" in front.
        shell.send(zeile + "\t\t\x01zeige \r")
        shell.expect(r"\r\n(<.*>)\r\n\$ ")
        return "".join([shell.before or "", shell.match.group(0)])

    yield tippe
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


@pytest.mark.slow
def test_bash_am_terminal_setzt_anfuehrungen_richtig(
    bash_am_terminal: Callable[[str], str],
) -> None:
    """Inside quotes a name goes in as it is; unquoted, bash's own backslash; what bash then
    runs is the name (\"M.\\ Schmidt\" found nothing)."""
    tippe = bash_am_terminal
    ausgabe = tippe('vier-phasen faellig --fachkraft "M')
    assert '--fachkraft "M. Schmidt" ' in ausgabe
    assert ausgabe.endswith("<vier-phasen><faellig><--fachkraft><M. Schmidt>\r\n$ ")
    ausgabe = tippe("vier-phasen faellig --fachkraft 'T")
    assert "--fachkraft 'T. Becker' " in ausgabe
    assert ausgabe.endswith("<--fachkraft><T. Becker>\r\n$ ")
    ausgabe = tippe("vier-phasen faellig --fachkraft M")
    assert "--fachkraft M.\\ Schmidt " in ausgabe
    assert ausgabe.endswith("<--fachkraft><M. Schmidt>\r\n$ ")
    # the list shows the names, not their quoting
    ausgabe = tippe("vier-phasen faellig --fachkraft ")
    assert "A. Wagner" in ausgabe and "L. Hartmann" in ausgabe
    assert "\\ " not in ausgabe
    ausgabe = tippe("vier-phasen faellig --art=zw")
    assert ausgabe.endswith("<--art=zwischenziel>\r\n$ ")
    ausgabe = tippe('vier-phasen faellig --fachkraft="M')
    assert ausgabe.endswith("<--fachkraft=M. Schmidt>\r\n$ ")
    ausgabe = tippe("vier-phasen faellig --fachkraft=M")
    assert "--fachkraft=M.\\ Schmidt " in ausgabe
    assert ausgabe.endswith("<--fachkraft=M. Schmidt>\r\n$ ")
    ausgabe = tippe('vier-phasen uebergabe --von "M. Schmidt" --an L')
    assert "<--von><M. Schmidt><--an><L. Hartmann>" in ausgabe  # (the 2nd Tab: an ID begun)
    # a file name: the shell's own completion
    assert "<zeige><-o><vier-phasen.bash>" in tippe("vier-phasen zeige -o vier-phasen.b")


def test_bash_fall_ids_ohne_zwischenspeicher(vp: Aufruf, demo: Path) -> None:
    assert not (demo / ".vier-phasen" / "cache.sqlite").exists()
    assert _bash(vp, demo, "vier-phasen zeige ") == IDS
    assert _bash(vp, demo, "vier-phasen zeige 911A10001") == IDS[9:]
    assert _bash(vp, demo, "vier-phasen pruefen 911A100001 911A10000") == IDS[:9]
    assert _bash(vp, demo, "vier-phasen dokument 911A100001 ") == [
        "vereinbarung",
        "beratungsvermerk",
        "auskunft",
    ]
    assert _bash(vp, demo, "vier-phasen neu ") == []  # a new case has no ID yet


def test_bash_ablage_aus_der_befehlszeile(vp: Aufruf, demo: Path, leere_ablage: Path) -> None:
    zeile = f"vier-phasen --ablage {demo} fällig --je-fall && vier-phasen zeige "
    assert _bash(vp, leere_ablage, f"vier-phasen --ablage {demo} zeige ") == IDS
    assert _bash(vp, leere_ablage, "vier-phasen zeige ") == []
    assert _bash(vp, leere_ablage, zeile) == []  # one command at a time


def test_bash_befehle_einmal_umlaute_wenn_begonnen(vp: Aufruf, demo: Path) -> None:
    alle = _bash(vp, demo, "vier-phasen ")
    assert "faellig" in alle and "completion" in alle
    assert "fällig" not in alle
    assert len(alle) == len(set(alle))
    assert _bash(vp, demo, "vier-phasen f") == ["folgegespraech", "faellig"]
    assert _bash(vp, demo, "vier-phasen fä") == ["fällig"]
    assert _bash(vp, demo, "vier-phasen ü") == ["übergabe"]
    assert _bash(vp, demo, "vier-phasen prüfen --schwere ") == ["fehler", "warnung", "hinweis"]


def test_bash_optionen_und_werte(vp: Aufruf, demo: Path) -> None:
    assert _bash(vp, demo, "vier-phasen faellig --je") == ["--je-fall"]
    assert "--ablage" in _bash(vp, demo, "vier-phasen --")
    assert _bash(vp, demo, "vier-phasen faellig -f ") == [
        "tabelle",
        "json",
        "csv",
        "markdown",
        "ics",
        "pdf",
    ]
    assert _bash(vp, demo, "vier-phasen faellig --art folgegespraech,ver") == [
        "folgegespraech,vereinbarung-abschliessen",
        "folgegespraech,vereinbarung-ueberpruefen",
    ]
    codes = _bash(vp, demo, "vier-phasen pruefen --auswahl ST001,VE00")
    assert codes[0] == "ST001,VE001"
    assert all(c.startswith("ST001,VE00") for c in codes)
    assert "abschlussgruende" in _bash(vp, demo, "vier-phasen katalog ")
    assert _bash(vp, demo, "vier-phasen katalog zielo") == ["zieloptionen"]
    assert _bash(vp, demo, "vier-phasen zeige --format=json ") == IDS


def test_bash_fachkraefte_aus_dem_zwischenspeicher(vp: Aufruf, demo: Path) -> None:
    assert _bash(vp, demo, "vier-phasen faellig --fachkraft ") == []  # no cache yet
    assert vp("--ablage", demo, "liste").exit_code == 0  # a report writes the cache
    fachkraefte = _bash(vp, demo, "vier-phasen faellig --fachkraft ")
    assert "M. Schmidt" in fachkraefte  # raw: readline quotes it (-o filenames)
    assert _bash(vp, demo, "vier-phasen uebergabe --von m") == ["M. Schmidt"]
    assert "M. Schmidt" in _bash(vp, demo, "vier-phasen übergabe --von x --an ")
    # a name begun in quotes or with a backslash: its rest, whatever the quoting
    assert _bash(vp, demo, 'vier-phasen faellig --fachkraft "M') == ["M. Schmidt"]
    assert _bash(vp, demo, "vier-phasen faellig --fachkraft 'M. S") == ["M. Schmidt"]
    assert _bash(vp, demo, "vier-phasen faellig --fachkraft M.\\ S") == ["M. Schmidt"]
    assert _bash(vp, demo, 'vier-phasen uebergabe --von "M. Schmidt" --an "L') == ["L. Hartmann"]
    # "--fachkraft=" is a word break for bash: the value alone, inside or outside quotes
    assert _bash(vp, demo, 'vier-phasen faellig --fachkraft="M') == ["M. Schmidt"]


def test_feindlicher_name_erreicht_das_terminal_nicht(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100001.yaml"
    text = datei.read_text(encoding="utf-8")
    alt = next(z for z in text.splitlines() if z.startswith("fachkraft:"))
    datei.write_text(text.replace(alt, 'fachkraft: "Böse\\e[31m Fachkraft"'), encoding="utf-8")
    vp("--ablage", demo, "liste")
    for shell in ("bash", "zsh", "fish"):
        zeile = "vier-phasen liste --fachkraft "
        befehlszeile = (
            {"COMP_WORDS": zeile, "COMP_CWORD": "3"} if shell == "zsh" else {"COMP_LINE": zeile}
        )
        ergebnis = vp(
            env={
                "_VIER_PHASEN_COMPLETE": f"{shell}_complete",
                **befehlszeile,
                "VIER_PHASEN_ABLAGE": str(demo),
            }
        )
        assert "\x1b" not in ergebnis.stdout
        assert "Schmidt" in ergebnis.stdout


def test_zsh(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp(
        env={
            "_VIER_PHASEN_COMPLETE": "zsh_complete",
            "COMP_WORDS": "vier-phasen zeige 911A10001",
            "COMP_CWORD": "2",
            "VIER_PHASEN_ABLAGE": str(demo),
        }
    )
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[:3] == ["plain", "911A100010", "_"]
    assert zeilen[1::3] == IDS[9:]
    befehle = vp(
        env={
            "_VIER_PHASEN_COMPLETE": "zsh_complete",
            "COMP_WORDS": "vier-phasen pr",
            "COMP_CWORD": "1",
        }
    ).stdout.splitlines()
    assert befehle == ["plain", "pruefen", "Fälle gegen das Integrationskonzept prüfen."]


def test_fish(vp: Aufruf, demo: Path) -> None:
    def fish(zeile: str) -> list[str]:
        ergebnis = vp(
            env={
                "_VIER_PHASEN_COMPLETE": "fish_complete",
                "COMP_LINE": zeile,
                "VIER_PHASEN_ABLAGE": str(demo),
            }
        )
        return [z.removeprefix("plain,") for z in ergebnis.stdout.splitlines()]

    assert fish("vier-phasen zeige 911A10001") == IDS[9:]
    assert fish("vier-phasen wiedervorlage ") == IDS
    assert fish("vier-phasen faellig --art ")[:2] == [
        "folgegespraech",
        "vereinbarung-abschliessen",
    ]
    # fish takes the whole word and quotes what it inserts itself: values go raw
    assert fish("vier-phasen faellig --art=zw") == ["--art=zwischenziel"]
    vp("--ablage", demo, "liste")
    assert fish('vier-phasen faellig --fachkraft "M') == ["M. Schmidt"]
    assert fish("vier-phasen faellig --fachkraft 'M. S") == ["M. Schmidt"]
    assert fish("vier-phasen faellig --fachkraft=M") == ["--fachkraft=M. Schmidt"]


def test_zsh_anfuehrung_und_gleichheitszeichen(vp: Aufruf, demo: Path) -> None:
    """zsh's words keep their quotes; compadd quotes what it inserts: values go raw."""
    vp("--ablage", demo, "liste")

    def zsh(zeile: str, stelle: int) -> list[str]:
        ergebnis = vp(
            env={
                "_VIER_PHASEN_COMPLETE": "zsh_complete",
                "COMP_WORDS": zeile,
                "COMP_CWORD": str(stelle),
                "VIER_PHASEN_ABLAGE": str(demo),
            }
        )
        return ergebnis.stdout.splitlines()[1::3]

    assert zsh('vier-phasen faellig --fachkraft "M', 3) == ["M. Schmidt"]
    assert zsh("vier-phasen faellig --art=zw", 2) == ["--art=zwischenziel"]


def test_gleichheitszeichen_und_abschlussgruende(vp: Aufruf, demo: Path) -> None:
    assert _bash(vp, demo, "vier-phasen faellig --art=zw") == ["zwischenziel"]
    assert _bash(vp, demo, "vier-phasen faellig --art=folgegespraech,ver") == [
        "folgegespraech,vereinbarung-abschliessen",
        "folgegespraech,vereinbarung-ueberpruefen",
    ]
    assert _bash(vp, demo, "vier-phasen pruefen --auswahl=VE00")[:2] == ["VE001", "VE002"]
    assert _bash(vp, demo, "vier-phasen faellig --je-fall=") == []  # a flag takes no value
    assert _bash(vp, demo, "vier-phasen abschluss 911A100001 --grund ")[:2] == [
        "arbeitsaufnahme",
        "ausbildungsaufnahme",
    ]
    assert _bash(vp, demo, "vier-phasen abschluss 911A100001 --grund=r") == ["rente"]
    # the workspace's own catalog file wins
    (demo / "catalogs").mkdir(exist_ok=True)
    eigener = demo / "catalogs" / "abschlussgruende.yaml"
    from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge

    text = (eingebaute_kataloge() / "abschlussgruende.yaml").read_text(encoding="utf-8")
    eigener.write_text(text.replace("code: rente", "code: 'rente-alter'"), encoding="utf-8")
    assert _bash(vp, demo, "vier-phasen abschluss 911A100001 --grund r") == ["rente-alter"]


def test_nur_der_genannte_befehl_wird_gebaut() -> None:
    """Building every command's parameters is a third of a completion's time: only the
    commands the line names are built, from the variable each shell sends."""
    from vier_phasen_cli.cli.app import _teilbaum, vervollstaendigte_woerter

    for umgebung in (
        {"COMP_LINE": "vier-phasen fällig --fachkraft "},
        {"COMP_WORDS": "vier-phasen faellig --fachkraft ", "COMP_CWORD": "3"},
    ):
        teil = _teilbaum(vervollstaendigte_woerter(umgebung))
        assert list(teil.commands) == ["faellig"], umgebung
    assert "zeige" in _teilbaum(vervollstaendigte_woerter({"COMP_LINE": "vier-phasen "})).commands


def test_namen_fuer_die_vervollstaendigung_sind_die_echten() -> None:
    """Completion reads codes and kinds from a small table; it must not drift from the
    registries it copies."""
    from vier_phasen_cli.domain import namen
    from vier_phasen_cli.domain.fristen import ART_NAMEN
    from vier_phasen_cli.domain.regeln import REGELWERK

    assert list(namen.REGELCODES) == REGELWERK.codes()
    assert namen.FRISTARTEN == ART_NAMEN


def test_unbekannte_shell_gibt_nichts(vp: Aufruf) -> None:
    ergebnis = vp(env={"_VIER_PHASEN_COMPLETE": "tcsh_complete", "COMP_WORDS": "vier-phasen "})
    assert (ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr) == (0, "", "")


@pytest.mark.parametrize(
    "zeile",
    [
        "vier-phasen zeige ",
        "vier-phasen faellig --fachkraft ",
        "vier-phasen ",
        "vier-phasen pruefen --auswahl V",
        "vier-phasen faellig --art ",
        "vier-phasen katalog ",
        "vier-phasen abschluss 911A100001 --grund ",
    ],
)
def test_vervollstaendigung_laedt_nichts_schweres(demo: Path, zeile: str) -> None:
    """Completing stays as light as ``--help``: no case model, no YAML (what is imported is
    asserted, not how long it takes; benchmarks/miss.py times it)."""
    subprocess.run(
        [sys.executable, "-m", "vier_phasen_cli", "--ablage", demo, "liste"],
        capture_output=True,
        check=True,
    )
    umgebung = {
        "PATH": "/usr/bin:/bin",
        "_VIER_PHASEN_COMPLETE": "bash_complete",
        "COMP_LINE": zeile,
        "VIER_PHASEN_ABLAGE": str(demo),
    }
    ergebnis = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vier_phasen_cli"],
        capture_output=True,
        text=True,
        check=True,
        env=umgebung,
    )
    assert ergebnis.stdout  # the measurement works: there were candidates
    module = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", ergebnis.stderr, re.M))
    wurzeln = {m.split(".")[0] for m in module}
    assert not wurzeln & {"pydantic", "yaml", "ruamel", "questionary", "jinja2", "rich", "orjson"}
    assert not {"vier_phasen_cli.domain.regeln", "vier_phasen_cli.domain.fristen"} & module


def test_fachkraefte_aus_dem_zwischenspeicher_genau(vp: Aufruf, demo: Path) -> None:
    from vier_phasen_cli.storage.cachedatei import fachkraefte

    intern = demo / ".vier-phasen"
    assert fachkraefte(intern) == []  # no cache
    datei = demo / "cases" / "911A100002.yaml"
    text = datei.read_text(encoding="utf-8")
    alt = next(z for z in text.splitlines() if z.startswith("fachkraft:"))
    datei.write_text(text.replace(alt, "fachkraft: 'M. \"Mo\" Back\\slash'"), encoding="utf-8")
    uebergabe = vp(
        "--ablage", demo, "uebergabe", "--von", "S. Yildiz", "--an", "V. Vertretung",
        "--datum", "2026-11-23", "--bis", "2026-12-18",
    )  # fmt: skip
    assert uebergabe.exit_code == 0, uebergabe.stderr
    assert vp("--ablage", demo, "liste").exit_code == 0
    namen = fachkraefte(intern)
    assert 'M. "Mo" Back\\slash' in namen  # a quote: that entry is decoded whole
    assert "V. Vertretung" in namen  # a Vertretung counts
    assert "S. Yildiz" in namen and namen == sorted(namen)
    (intern / "cache.sqlite").chmod(0o644)
    intern.chmod(0o777)  # a folder others could write into: not trusted
    assert fachkraefte(intern) == []
    intern.chmod(0o700)
    assert fachkraefte(intern) == namen


def test_eine_untergruppe_bekommt_alles(demo: Path) -> None:
    """A command group added later (``vier-phasen git …``) gets German help, its umlaut
    spellings and completion without code of its own, when it is a DeutscheApp."""
    from typer.testing import CliRunner

    from vier_phasen_cli.cli.deutsch import DeutscheApp, Gruppe
    from vier_phasen_cli.cli.vervollstaendigung import vorschlaege

    haupt = DeutscheApp(name="vp")
    unter = DeutscheApp(name="git", help="Versionen.")

    @haupt.callback()
    def _haupt() -> None:
        pass

    @unter.command("rueckgaengig")
    def _zurueck(fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")]) -> None:
        """Die letzte Änderung zurücknehmen."""

    haupt.add_typer(unter, name="git")
    gruppe = typer.main.get_command(haupt)
    assert isinstance(gruppe, Gruppe)
    umgebung = {"VIER_PHASEN_ABLAGE": str(demo)}
    assert [v.wert for v in vorschlaege(gruppe, ["git"], "rü", umgebung)] == ["rückgängig"]
    ids = vorschlaege(gruppe, ["git", "rückgängig"], "911A10001", umgebung)
    assert [v.wert for v in ids] == IDS[9:]
    hilfe = CliRunner().invoke(haupt, ["git", "rückgängig", "--help"]).stdout
    assert hilfe.startswith("Aufruf: vp git rueckgaengig [OPTIONEN] ID\n")
    assert "Diese Hilfe anzeigen und beenden." in hilfe


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash fehlt")
def test_readme_einrichtung_auf_einem_frischen_konto(tmp_path: Path) -> None:
    """The README's commands, as they stand, on an account without any of the folders."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    abschnitt = readme.split("### `vier-phasen completion`", 1)[1]
    block = abschnitt.split("```console\n", 1)[1].split("```", 1)[0]
    befehle = [z for z in block.splitlines() if z and not z.startswith("#")]
    assert "source <(vier-phasen completion bash)" in befehle
    heim = tmp_path / "heim"
    heim.mkdir()
    programm = Path(sys.executable).parent / "vier-phasen"
    umgebung = {"PATH": f"{programm.parent}:/usr/bin:/bin", "HOME": str(heim)}
    skript = "set -e\n" + "\n".join(befehle) + "\ncomplete -p vier-phasen\n"
    ergebnis = subprocess.run(
        ["bash", "--norc", "-c", skript], capture_output=True, text=True, env=umgebung
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert "_vier_phasen_vervollstaendigung vier-phasen" in ergebnis.stdout
    for datei in (
        ".local/share/bash-completion/completions/vier-phasen",
        ".zfunc/_vier-phasen",
        ".config/fish/completions/vier-phasen.fish",
    ):
        assert "_VIER_PHASEN_COMPLETE" in (heim / datei).read_text(encoding="utf-8"), datei
