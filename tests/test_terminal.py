"""`neu` on a real pseudo terminal: missing Stammdaten are asked for (pexpect)."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pexpect
import pypdf
import pytest

from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a
from .conftest import HEUTE, Aufruf

PFEIL_RUNTER = "\x1b[B"


def _starte(ablage: Path, *args: str) -> pexpect.spawn:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    # PROMPT_TOOLKIT_NO_CPR: nobody answers the cursor-position request here (1 s wait each).
    umgebung = {
        **os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
    }  # fmt: skip
    kind = pexpect.spawn(
        programm, ["--ablage", str(ablage), *args], env=umgebung, encoding="utf-8", timeout=20,
        dimensions=(60, 250),
    )  # fmt: skip
    return kind


@pytest.mark.slow
def test_neu_fragt_fehlende_angaben_im_terminal(leere_ablage: Path) -> None:
    kind = _starte(leere_ablage, "neu", "T-1", "--fachkraft", "K. Test")
    kind.expect("Name der Kundin bzw. des Kunden")
    kind.sendline("")  # empty: re-asked
    kind.expect("Bitte ausfüllen.")
    kind.sendline("Nina Neumann")
    kind.expect("Geburtsdatum")
    kind.send("1.1.2030\r")  # in the future: re-asked
    kind.expect("Das Datum darf nicht nach dem 23.11.2026 liegen.")
    kind.send("\x15" + "14.3.1988\r")  # Ctrl-U clears the line
    kind.expect("Rechtskreis")
    kind.send(PFEIL_RUNTER + "\r")  # SGB III is first; choose SGB II
    kind.expect("Rehabilitandin bzw. Rehabilitand")
    kind.send("\r")  # Nein (the default)
    kind.expect("In der Ausbildungsvermittlung")
    kind.send("\x1b[A\r")  # Ja
    kind.expect("Arbeitslos seit")
    kind.send("1.11.2026\r")
    kind.expect("Aufstockend")
    kind.send("\r")
    kind.expect("Fall T-1 angelegt")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    text = (leere_ablage / "cases" / "T-1.yaml").read_text(encoding="utf-8")
    for zeile in (
        "  name: Nina Neumann\n",
        "  geburtsdatum: 1988-03-14\n",
        "rechtskreis: SGB II\n",
        "fachkraft: K. Test\n",
        "reha: false\n",
        "ausbildungsvermittlung: true\n",
        "arbeitslos_seit: 2026-11-01\n",
        "aufstocker: false\n",
    ):
        assert zeile in text


@pytest.mark.slow
def test_strg_c_im_terminal_legt_nichts_an(leere_ablage: Path) -> None:
    kind = _starte(leere_ablage, "neu", "T-2")
    kind.expect("Name der Kundin bzw. des Kunden")
    kind.sendintr()
    kind.expect("Abgebrochen.")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 130
    assert list((leere_ablage / "cases").iterdir()) == []


# --- the wizards through a real pseudo terminal -------------------------------------------------


def _fragen_und_tasten(
    lauf: Callable[[Path], Terminal], tmp_path: Path, ablage: Path
) -> list[tuple[str, str]]:
    """The questions of an in-process run with the same keystrokes, to drive the real one."""
    probe = tmp_path / "probe"
    shutil.copytree(ablage, probe)
    terminal = lauf(probe)
    return list(zip(terminal.gefragt, [*lauf.tasten], strict=True))  # type: ignore[attr-defined]


def _fahre(kind: pexpect.spawn, schritte: list[tuple[str, str]]) -> None:
    for frage, tasten in schritte:
        kind.expect(re.escape(frage[:40]))
        kind.send(tasten)


def _unterbrich(kind: pexpect.spawn, schritte: list[tuple[str, str]], teil: int) -> None:
    """Answer the first ``teil`` questions, press Ctrl-C at the next one: a draft, exit 130."""
    _fahre(kind, schritte[:teil])
    kind.expect(re.escape(schritte[teil][0][:40]))
    kind.sendintr()
    kind.expect("Entwurf gespeichert")
    kind.expect("Abgebrochen.")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 130


def _speichert_mit_dokument(kind: pexpect.spawn) -> None:
    """After saving: the agreement as a PDF to print (the first choice, the pdf extra is
    installed here); one message names the file; the program ends with 0."""
    kind.expect("Vereinbarung jetzt als Dokument erzeugen")
    kind.expect("Ja, als PDF zum Drucken")
    kind.send(a.ENTER)
    kind.expect(r"Geschrieben: \S*dokumente/\S+-vereinbarung-\d{4}-\d\d-\d\d\.pdf")
    kind.expect(pexpect.EOF)
    assert "Geschrieben" not in kind.before  # once, not twice
    kind.close()
    assert kind.exitstatus == 0


NEIN_ZUM_DOKUMENT = a.RUNTER * 2 + a.ENTER
"""PDF, Markdown, Nein: the third choice."""


@pytest.mark.slow
def test_erstgespraech_neuer_fall_im_terminal(demo: Path, tmp_path: Path) -> None:
    tasten = a.ERSTGESPRAECH + a.SPEICHERN

    def lauf(ablage: Path) -> Terminal:
        return a.erstgespraech(ablage, "NEU-1", tasten)[1]

    lauf.tasten = tasten  # type: ignore[attr-defined]
    schritte = _fragen_und_tasten(lauf, tmp_path, demo)
    kind = _starte(demo, "erstgespraech", "NEU-1", "--datum", "01.10.2026")
    _fahre(kind, schritte)
    _speichert_mit_dokument(kind)
    getippt = (demo / "cases" / "NEU-1.yaml").read_bytes()
    assert getippt == (tmp_path / "probe" / "cases" / "NEU-1.yaml").read_bytes()
    assert b"  zielberuf: Fachkraft f\xc3\xbcr Lagerlogistik\n" in getippt
    dokument = demo / "dokumente" / "NEU-1-vereinbarung-2026-10-01.pdf"
    assert "Eingliederungsvereinbarung" in pypdf.PdfReader(dokument).pages[0].extract_text()
    assert stat.S_IMODE(dokument.stat().st_mode) == 0o600


@pytest.mark.slow
def test_folgegespraech_sgb2_im_terminal(demo: Path, tmp_path: Path) -> None:
    tasten = a.FOLGEGESPRAECH + a.SPEICHERN

    def lauf(ablage: Path) -> Terminal:
        return a.folgegespraech(ablage, "911A100004", tasten, date(2026, 12, 14))[1]

    lauf.tasten = tasten  # type: ignore[attr-defined]
    schritte = _fragen_und_tasten(lauf, tmp_path, demo)
    kind = _starte(demo, "folgegespraech", "911A100004", "--datum", "2026-12-14")
    kind.expect("Katarina Nowak")  # the case at a glance comes first
    _fahre(kind, schritte)
    kind.expect("Vereinbarung jetzt als Dokument erzeugen")
    kind.send(NEIN_ZUM_DOKUMENT)
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    text = (demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8")
    assert text == (tmp_path / "probe" / "cases" / "911A100004.yaml").read_text(encoding="utf-8")
    assert "    art: folgegespraech\n" in text
    # ticking and adding Eigenbemühungen is no new agreement (SPEC §16): no history entry
    assert "vereinbarung_historie:\n  - art: kooperationsplan\n" not in text


@pytest.mark.slow
def test_strg_c_im_assistenten_behaelt_entwurf(demo: Path, tmp_path: Path) -> None:
    datei = demo / "cases" / "911A100013.yaml"
    vorher = datei.read_bytes()
    tasten = [*a.ERSETZEN, *a.POTENZIALANALYSE, *a.ZIEL, *a.STRATEGIEN, *a.VEREINBARUNG]
    tasten += [*a.GESPRAECH, *a.SPEICHERN]

    def lauf(ablage: Path) -> Terminal:
        return a.erstgespraech(ablage, "911A100013", tasten)[1]

    lauf.tasten = tasten  # type: ignore[attr-defined]
    schritte = _fragen_und_tasten(lauf, tmp_path, demo)
    teil = len(a.ERSETZEN) + len(a.POTENZIALANALYSE) + 2  # into phase 2
    _unterbrich(
        _starte(demo, "erstgespraech", "911A100013", "--datum", "01.10.2026"), schritte, teil
    )
    assert datei.read_bytes() == vorher
    entwurf = demo / ".vier-phasen" / "entwuerfe" / "911A100013.erstgespraech.yaml"
    assert stat.S_IMODE(entwurf.stat().st_mode) == 0o600

    # The next run offers the draft and asks only what was not answered. Without
    # --datum it keeps the draft's date, not today (23.11.2026, VIER_PHASEN_HEUTE).
    kind = _starte(demo, "erstgespraech", "911A100013")
    kind.expect("gibt es einen Entwurf")
    kind.send(a.ENTER)
    kind.expect("bleibt auf den 01.10.2026 datiert")
    _fahre(kind, schritte[teil:])  # on at the first question not answered
    kind.expect("Vereinbarung jetzt als Dokument erzeugen")
    kind.send(NEIN_ZUM_DOKUMENT)
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    assert datei.read_bytes() == (tmp_path / "probe" / "cases" / "911A100013.yaml").read_bytes()
    assert not entwurf.exists()


@pytest.mark.slow
def test_strg_c_mitten_im_folgegespraech_und_fortsetzen(demo: Path, tmp_path: Path) -> None:
    """SPEC §15 through the real program: Ctrl-C in the middle of activity 2 keeps every
    answer; the next run without --datum resumes there, on the draft's date, and saves."""
    datei = demo / "cases" / "911A100004.yaml"
    vorher = datei.read_bytes()
    tasten = a.FOLGEGESPRAECH + a.SPEICHERN

    def lauf(ablage: Path) -> Terminal:
        return a.folgegespraech(ablage, "911A100004", tasten, date(2026, 12, 14))[1]

    lauf.tasten = tasten  # type: ignore[attr-defined]
    schritte = _fragen_und_tasten(lauf, tmp_path, demo)
    teil = 6  # Eigenbemühung, Aktivität, Abgleich, two needs, new needs: into the Überprüfung
    _unterbrich(
        _starte(demo, "folgegespraech", "911A100004", "--datum", "2026-12-14"), schritte, teil
    )
    assert datei.read_bytes() == vorher
    entwurf = demo / ".vier-phasen" / "entwuerfe" / "911A100004.folgegespraech.yaml"
    assert stat.S_IMODE(entwurf.stat().st_mode) == 0o600
    assert len(a.entwurf_eingaben(demo, "911A100004.folgegespraech")) == teil

    # Today is 23.11.2026 (VIER_PHASEN_HEUTE); the conversation stays on 14.12.2026.
    kind = _starte(demo, "folgegespraech", "911A100004")
    kind.expect(
        r"Entwurf eines Folgegesprächs, begonnen am 23\.11\.2026 um [0-2][0-9]:[0-5][0-9], "
        r"für das Gespräch am 14\.12\.2026 \(6 Antworten\)"
    )
    kind.send(a.ENTER)
    kind.expect("bleibt auf den 14.12.2026 datiert")
    _fahre(kind, schritte[teil:])
    _speichert_mit_dokument(kind)
    assert datei.read_bytes() == (tmp_path / "probe" / "cases" / "911A100004.yaml").read_bytes()
    assert (demo / "dokumente" / "911A100004-vereinbarung-2026-12-14.pdf").is_file()
    assert not entwurf.exists()


@pytest.mark.slow
def test_neu_ohne_id_fragt_die_id_und_nimmt_die_vorgaben(leere_ablage: Path) -> None:
    # The workspace's default Fachkraft answers that question; an empty --geburtsdatum means
    # "none": neither is asked.
    (leere_ablage / "vier-phasen.toml").write_text('[standard]\nfachkraft = "K. Vorgabe"\n')
    kind = _starte(
        leere_ablage, "neu", "--name", "Nina Neumann", "--geburtsdatum", "",
        "--rechtskreis", "SGB III", "--arbeitslos-seit", "",
    )  # fmt: skip
    kind.logfile_read = mitschnitt = io.StringIO()
    kind.expect("Fall-ID")
    kind.send("../x\r")
    kind.expect("Eine Fall-ID besteht aus Buchstaben")
    kind.send("\x15" + "T-3\r")
    kind.expect("Rehabilitandin bzw. Rehabilitand")
    kind.send("\r")
    kind.expect("In der Ausbildungsvermittlung")
    kind.send("\r")
    kind.expect("Fall T-3 angelegt")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    text = (leere_ablage / "cases" / "T-3.yaml").read_text(encoding="utf-8")
    assert "fachkraft: K. Vorgabe\n" in text and "geburtsdatum" not in text
    assert "arbeitslos_seit: null\n" in text
    gezeigt = mitschnitt.getvalue()
    assert "Geburtsdatum" not in gezeigt and "Zuständige Fachkraft" not in gezeigt


def test_neu_ohne_id_und_ohne_terminal(vp: Aufruf, leere_ablage: Path) -> None:
    e = vp("--ablage", leere_ablage, "neu", "--name", "X")
    assert e.exit_code == 2 and "Fehler: Argument ID fehlt." in e.stderr
    assert list((leere_ablage / "cases").iterdir()) == []


@pytest.mark.slow
def test_mehrzeilige_notiz_mit_alt_eingabe(demo: Path) -> None:
    kind = _starte(demo, "abschluss", "911A100001")
    kind.expect("Grund des Abschlusses")
    kind.send("\r")  # Arbeitsaufnahme
    kind.expect(re.escape("(Alt+Eingabe oder Esc, Eingabe: neue Zeile)"))
    kind.send("Vertrag ab Dezember" + "\x1b\r" + "Probezeit sechs Monate\r")
    kind.expect("Beschäftigung ab")
    kind.send("01.12.2026\r")
    kind.expect("Nachbetreuung")
    kind.send("\r")
    kind.expect("Speichern")
    kind.send("\r")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    from ruamel.yaml import YAML

    fall = YAML(typ="safe").load((demo / "cases" / "911A100001.yaml").read_text("utf-8"))
    assert fall["abschluss"]["notiz"] == "Vertrag ab Dezember\nProbezeit sechs Monate"


@pytest.mark.slow
def test_strg_d_in_einer_auswahl_bricht_ab_wie_im_text(leere_ablage: Path) -> None:
    kind = _starte(leere_ablage, "neu", "T-4", "--name", "Nina Neumann", "--fachkraft", "K. T")
    kind.expect("Geburtsdatum")
    kind.send("\r")
    kind.expect("Rechtskreis")
    kind.send("\x04")  # Ctrl-D in a list prompt
    kind.expect("Abgebrochen.")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 130
    assert list((leere_ablage / "cases").iterdir()) == []
