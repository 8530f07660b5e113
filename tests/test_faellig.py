"""`vier-phasen faellig` in every format, with its filters and exit statuses."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import pytest
from markdown_it import MarkdownIt

from .conftest import REPO, Aufruf

STICHTAG = ("--stichtag", "2026-12-01")


def _json(vp: Aufruf, demo: Path, *args: str) -> dict:  # type: ignore[type-arg]
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, *args, "--format", "json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout)  # type: ignore[no-any-return]


def test_json_hat_die_festgelegte_form(vp: Aufruf, demo: Path) -> None:
    daten = _json(vp, demo)
    assert list(daten) == ["stichtag", "tage", "eintraege", "fehler"]
    assert (daten["stichtag"], daten["tage"], daten["fehler"]) == ("2026-12-01", 14, [])
    assert daten["eintraege"][1] == {
        "fall": "911A100002",
        "name": "Mehmet Yılmaz",
        "fachkraft": "A. Wagner",
        "rechtskreis": "SGB III",
        "art": "folgegespraech",
        "faellig_am": "2026-11-17",
        "fenster_ab": None,
        "status": "ueberfaellig",
        "tage": -14,
        "text": "Folgegespräch",
        "fundstelle": "3.4.3",
    }
    status = [e["status"] for e in daten["eintraege"]]
    assert status == ["ueberfaellig"] * 7 + ["faellig"] * 14
    datum = [e["faellig_am"] for e in daten["eintraege"]]
    assert datum == sorted(datum)


def test_absolventengespraech_mit_fenster(vp: Aufruf, demo: Path) -> None:
    (eintrag,) = _json(vp, demo, "--art", "absolventengespraech")["eintraege"]
    assert (eintrag["fall"], eintrag["fenster_ab"], eintrag["faellig_am"]) == (
        "911A100003",
        "2026-10-16",
        "2026-12-11",
    )


def test_tabelle(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, env={"COLUMNS": "160"})
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[0].split() == ["Fällig", "Wann", "Fall", "Name", "Fachkraft", "Was"]
    assert zeilen[2].split()[:5] == ["13.11.2026", "vor", "18", "Tagen", "911A100014"]
    assert "17.11.2026  vor 14 Tagen  911A100002  Mehmet Yılmaz" in ergebnis.stdout
    assert "30.11.2026  gestern" in ergebnis.stdout and "02.12.2026  morgen" in ergebnis.stdout
    assert "Folgegespräch [3.4.3]" in ergebnis.stdout
    zusammenfassung = " ".join(ergebnis.stdout.split("\n\n")[-1].split())
    assert zusammenfassung == (
        "7 überfällig, 14 fällig bis 15.12.2026. Je Fachkraft: A. Wagner 3 überfällig, 1 fällig; "
        "L. Hartmann 1 überfällig, 0 fällig; M. Schmidt 2 überfällig, 4 fällig; "
        "S. Yildiz 0 überfällig, 2 fällig; T. Becker 1 überfällig, 7 fällig."
    )


def test_tabelle_faerbt_ueberfaellig_rot_und_faellig_gelb(vp: Aufruf, demo: Path) -> None:
    text = vp(
        "--ablage", demo, "faellig", *STICHTAG, env={"FORCE_COLOR": "1", "COLUMNS": "160"}
    ).stdout
    zeile_rot = next(z for z in text.splitlines() if "911A100002" in z)
    zeile_gelb = next(z for z in text.splitlines() if "02.12.2026" in z)
    assert "\x1b[31m" in zeile_rot and "\x1b[33m" in zeile_gelb


def test_eigener_bericht_ohne_fachkraft_spalte(vp: Aufruf, demo: Path) -> None:
    text = vp(
        "--ablage", demo, "faellig", *STICHTAG, "--fachkraft", "M. Schmidt", env={"COLUMNS": "120"}
    ).stdout
    assert text.splitlines()[0].split() == ["Fällig", "Wann", "Fall", "Name", "Was"]
    assert text.splitlines()[-1] == "2 überfällig, 4 fällig bis 15.12.2026."


@pytest.mark.parametrize(
    ("args", "erwartet"),
    [
        (["--fachkraft", "t. becker"], {"911A100004", "911A100010"}),
        (["--rechtskreis", "SGB II"], {"911A100004", "911A100006", "911A100010"}),
        (
            ["--art", "folgegespraech,zwischenziel", "--tage", "3"],
            {"911A100002", "911A100006", "911A100003", "911A100007"},
        ),
    ],
)
def test_filter(vp: Aufruf, demo: Path, args: list[str], erwartet: set[str]) -> None:
    assert {e["fall"] for e in _json(vp, demo, *args)["eintraege"]} == erwartet


def test_alle_je_fall_und_nur_ueberfaellig(vp: Aufruf, demo: Path) -> None:
    alle = _json(vp, demo, "--alle")["eintraege"]
    assert len(alle) == 52 and alle[-1]["status"] == "geplant"
    naechste = _json(vp, demo, "--alle", "--je-fall")["eintraege"]
    faelle = [e["fall"] for e in naechste]
    assert len(faelle) == len(set(faelle)) == 12  # every active case with a date (not 011, 012)
    assert (
        next(e for e in naechste if e["fall"] == "911A100009")["art"]
        == "potenzialanalyse-nachholen"
    )
    ueber = _json(vp, demo, "--nur-ueberfaellig")["eintraege"]
    assert len(ueber) == 7 and {e["status"] for e in ueber} == {"ueberfaellig"}


def test_nur_ueberfaellig_zaehlt_keine_faelligen(vp: Aufruf, demo: Path) -> None:
    """The report leaves the due items out: its summary must not say there are none."""
    text = vp(
        "--ablage", demo, "faellig", *STICHTAG, "--nur-ueberfaellig", env={"COLUMNS": "200"}
    ).stdout
    assert text.splitlines()[-1] == (
        "7 überfällig am 01.12.2026 (nur Überfälliges). Je Fachkraft: A. Wagner 3 überfällig; "
        "L. Hartmann 1 überfällig; M. Schmidt 2 überfällig; T. Becker 1 überfällig."
    )
    markdown = vp(
        "--ablage", demo, "faellig", *STICHTAG, "--nur-ueberfaellig", "--format", "markdown"
    )
    assert "7 überfällig am 01.12.2026 (nur Überfälliges). Je" in markdown.stdout
    assert "fällig bis" not in markdown.stdout
    frueh = vp("--ablage", demo, "faellig", "--stichtag", "2026-01-01", "--nur-ueberfaellig")
    assert frueh.stdout.splitlines() == [
        "Keine überfälligen Fristen am 01.01.2026.",
        "",
        "0 überfällig am 01.01.2026 (nur Überfälliges).",
    ]


def test_tage_aus_den_einstellungen(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("tage = 14", "tage = 3"), encoding="utf-8"
    )
    daten = _json(vp, demo)
    assert daten["tage"] == 3
    assert [e["faellig_am"] for e in daten["eintraege"] if e["status"] == "faellig"] == [
        "2026-12-02",
        "2026-12-03",
    ]


def test_csv_fuer_tabellenkalkulation(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "fristen.csv"
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "csv", "-o", ziel)
    assert ergebnis.exit_code == 0 and ergebnis.stdout == ""
    roh = ziel.read_bytes()
    assert roh.startswith(b"\xef\xbb\xbf") and b"\r\n" in roh
    assert stat.S_IMODE(ziel.stat().st_mode) == 0o600
    zeilen = list(csv.DictReader(io.StringIO(roh.decode("utf-8-sig")), delimiter=";"))
    assert len(zeilen) == 21
    assert zeilen[1] == {
        "fall": "911A100002", "name": "Mehmet Yılmaz", "fachkraft": "A. Wagner", "rechtskreis": "SGB III",
        "art": "folgegespraech", "faellig_am": "2026-11-17", "fenster_ab": "", "status": "ueberfaellig",
        "tage": "-14", "text": "Folgegespräch", "fundstelle": "3.4.3", "verschoben_von": "",
    }  # fmt: skip
    # verschoben_von came last (SPEC: columns are added, never renamed or moved)
    assert list(zeilen[0])[-2:] == ["fundstelle", "verschoben_von"]
    verschoben = [
        (z["fall"], z["faellig_am"], z["verschoben_von"]) for z in zeilen if z["verschoben_von"]
    ]
    assert verschoben == [("911A100010", "2026-12-07", "2026-12-05")] * 2


def test_ics_jede_frist_ein_ganztaegiger_termin(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--alle", "--format", "ics")
    kalender = icalendar.Calendar.from_ical(ergebnis.stdout)
    termine = list(kalender.walk("VEVENT"))
    daten = _json(vp, demo, "--alle")["eintraege"]
    assert len(termine) == len(daten) == 52
    for termin, eintrag in zip(termine, daten, strict=True):
        start, ende = termin.decoded("dtstart"), termin.decoded("dtend")
        assert isinstance(start, date) and start.isoformat() == eintrag["faellig_am"]
        assert (ende - start).days == 1
        assert (
            str(termin["summary"]) == f"{eintrag['text']} – {eintrag['name']} ({eintrag['fall']})"
        )
        assert str(termin["uid"]).startswith(eintrag["fall"] + "-") and str(termin["uid"]).endswith(
            "@vier-phasen"
        )
    uids = [str(t["uid"]) for t in termine]
    assert len(set(uids)) == len(uids)
    # the UIDs stay the same on another day, so a calendar updates instead of duplicating
    spaeter = vp(
        "--ablage", demo, "faellig", "--stichtag", "2026-12-05", "--alle", "--format", "ics"
    ).stdout
    assert {str(t["uid"]) for t in icalendar.Calendar.from_ical(spaeter).walk("VEVENT")} <= set(
        uids
    )


def test_markdown_bericht(vp: Aufruf, demo: Path) -> None:
    text = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout
    baum = MarkdownIt("commonmark").enable("table").parse(text)
    ueberschriften = [baum[i + 1].content for i, t in enumerate(baum) if t.type == "heading_open"]
    assert ueberschriften == ["Fristen zum 01.12.2026", "Überfällig", "Fällig bis 15.12.2026"]
    assert sum(1 for t in baum if t.type == "tr_open") == 2 + 7 + 14  # two header rows
    assert (
        "| 17.11.2026 | vor 14 Tagen | 911A100002 | Mehmet Yılmaz | A. Wagner | Folgegespräch | 3.4.3 |"
        in text
    )
    # a deadline moved to the next working day says why, in the words of the table
    assert (
        "| 07.12.2026 | in 6 Tagen | 911A100010 | Kevin Wolff | T. Becker | Eigenbemühung: "
        "Schnupperpraktikum selbst organisieren und Bescheinigung mitbringen (fiel auf Sa "
        "05.12.2026, § 26 Abs. 3 SGB X) | 3.4.1 |" in text
    )


def test_markdown_kundentext_kann_die_tabelle_nicht_sprengen(vp: Aufruf, demo: Path) -> None:
    fall = demo / "cases" / "911A100002.yaml"
    fall.write_text(
        fall.read_text(encoding="utf-8").replace("name: Mehmet Yılmaz", "name: '| # [x](y) <b>'"),
        encoding="utf-8",
    )
    text = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout
    baum = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(1 for t in baum if t.type == "tr_open") == 2 + 7 + 14
    zellen = [
        t.children[0].content
        for t in baum
        if t.type == "inline" and t.children and "x" in t.content
    ]
    assert not any(
        t.type in ("link_open", "html_inline") for t in baum if t.children for t in t.children
    )
    assert any("| # [x](y) <b>" in z for z in zellen)


def test_eigene_vorlage_aus_der_ablage(vp: Aufruf, demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "faellig.md.j2").write_text(
        "Team-Bericht {{ stichtag }}: {{ ueberfaellig | length }} überfällig\n", encoding="utf-8"
    )
    text = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout
    assert text == "Team-Bericht 01.12.2026: 7 überfällig\n"


@pytest.mark.parametrize(
    ("vorlage", "meldung"),
    [
        ("Zeile 1\n{% if %}\n", "templates/faellig.md.j2:2: Syntaxfehler in der Vorlage"),
        (
            "Zeile 1\nZeile 2\n{{ unbekannt }}\n",
            "templates/faellig.md.j2:3: Unbekannte Angabe in der Vorlage: 'unbekannt' is undefined",
        ),
        ("{{ stichtag.__class__.__mro__ }}\n", "templates/faellig.md.j2:1: "),
    ],
)
def test_fehler_in_der_vorlage(vp: Aufruf, demo: Path, vorlage: str, meldung: str) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "faellig.md.j2").write_text(vorlage, encoding="utf-8")
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown")
    assert ergebnis.exit_code == 2
    assert meldung in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr


def test_exit_code_fuer_cron(vp: Aufruf, demo: Path) -> None:
    assert vp("--ablage", demo, "faellig", *STICHTAG, "--exit-code").exit_code == 1
    assert vp("--ablage", demo, "faellig", *STICHTAG).exit_code == 0
    ruhig = vp("--ablage", demo, "faellig", *STICHTAG, "--exit-code", "--fachkraft", "S. Yildiz")
    assert ruhig.exit_code == 0  # nothing of hers is overdue


def test_kaputte_datei_stoppt_den_bericht_nicht(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: kaputt\nkunde: [\n")
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "json")
    assert ergebnis.exit_code == 2
    daten = json.loads(ergebnis.stdout)
    assert len(daten["eintraege"]) == 21
    assert daten["fehler"] == [
        {"datei": "cases/kaputt.yaml", "zeile": 4, "meldung": "Kein gültiges YAML: Syntaxfehler"}
    ]
    tabelle = vp("--ablage", demo, "faellig", *STICHTAG, "--exit-code")
    assert tabelle.exit_code == 2
    assert "kaputt" not in tabelle.stdout  # file errors go to stderr, never into the table
    assert "cases/kaputt.yaml:4: Kein gültiges YAML: Syntaxfehler" in tabelle.stderr


def test_geschlossene_faelle_und_leere_ablage(vp: Aufruf, leere_ablage: Path) -> None:
    ergebnis = vp("--ablage", leere_ablage, "faellig", *STICHTAG)
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout.splitlines() == [
        "Keine Fristen bis 01.12.2026 + 14 Tage.",
        "",
        "0 überfällig, 0 fällig bis 15.12.2026.",
    ]


def test_unbekannte_art(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", "--art", "folgegespraech,termin")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        "Fehler: Unbekannte Art für --art: termin\nErlaubt: folgegespraech,"
    )


def test_negative_tage(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", "--tage", "-1")
    assert ergebnis.exit_code == 2
    assert "--tage" in ergebnis.stderr


def _cron_skript(demo: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The README's cron script for ``demo``, a fake ``mail`` and vier-phasen in
    ``~/.local/bin`` (as pipx installs it), and cron's bare environment (PATH=/usr/bin:/bin)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    skript = re.search(r"<!-- cron:anfang -->\n```sh\n(.*?)```\n<!-- cron:ende -->", readme, re.S)
    assert skript is not None
    datei = tmp_path / "fristen-mail.sh"
    datei.write_text(skript.group(1).replace("/srv/team", str(demo)), encoding="utf-8")
    (demo / ".vier-phasen").mkdir(mode=0o700, exist_ok=True)
    programme = tmp_path / ".local" / "bin"
    programme.mkdir(parents=True)
    (programme / "vier-phasen").symlink_to(Path(sys.executable).with_name("vier-phasen"))
    post = tmp_path / "post"
    (programme / "mail").write_text(
        f'#!/bin/sh\necho "$@" > {post}.kopf\ncat > {post}\n', encoding="utf-8"
    )
    (programme / "mail").chmod(0o755)
    umgebung = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VIER_PHASEN_HEUTE": "2026-12-01"}
    return datei, post, umgebung


def _wie_cron(datei: Path, umgebung: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(datei)], env=umgebung, capture_output=True, text=True, check=False
    )


def test_cron_skript_aus_dem_readme(demo: Path, tmp_path: Path) -> None:
    """The README's cron script, run as cron runs it: a mail only when something is overdue,
    no output at all otherwise (cron mails any output), no report left behind."""
    datei, post, umgebung = _cron_skript(demo, tmp_path)
    lauf = _wie_cron(datei, umgebung)
    assert (lauf.returncode, lauf.stdout, lauf.stderr) == (0, "", "")
    assert (
        tmp_path / "post.kopf"
    ).read_text().strip() == "-s vier-phasen: überfällige Fristen team-leitung@example.org"
    mail = post.read_text(encoding="utf-8")
    assert mail.startswith("# Fristen zum 01.12.2026\n")
    assert "## Überfällig" in mail and "## Fällig bis" not in mail
    assert list((demo / ".vier-phasen").glob("ueberfaellig*")) == []

    # Nothing overdue: no mail and not a word for cron to mail.
    post.unlink()
    umgebung["VIER_PHASEN_HEUTE"] = "2026-11-01"
    for fall in ("911A100014", "911A100002", "911A100006", "911A100001"):
        (demo / "cases" / f"{fall}.yaml").unlink()
    lauf = _wie_cron(datei, umgebung)
    assert (lauf.returncode, lauf.stdout, lauf.stderr) == (0, "", "")
    assert not post.exists()


def test_cron_skript_meldet_fehler_statt_alter_mail(demo: Path, tmp_path: Path) -> None:
    """A failed run reports the failure (cron mails stderr) and never mails an old report."""
    datei, post, umgebung = _cron_skript(demo, tmp_path)
    alt = demo / ".vier-phasen" / "ueberfaellig.md"
    alt.write_text("# alter Bericht\n")
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: kaputt\nkunde: [\n")
    lauf = _wie_cron(datei, umgebung)
    assert lauf.returncode == 2
    assert "cases/kaputt.yaml:4: Kein gültiges YAML" in lauf.stderr
    assert "vier-phasen faellig ist gescheitert (Exit-Status 2)." in lauf.stderr
    assert not post.exists()

    (demo / "cases" / "kaputt.yaml").unlink()
    (tmp_path / ".local" / "bin" / "vier-phasen").unlink()  # not installed for this user
    lauf = _wie_cron(datei, umgebung)
    assert lauf.returncode == 127
    assert "Exit-Status 127" in lauf.stderr
    assert not post.exists()
    assert list((demo / ".vier-phasen").glob("ueberfaellig.*")) == [alt]  # no temp file left


def test_o_bestaetigt_nur_im_terminal(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """``Geschrieben: …`` on a terminal only: a pipe or cron gets silence, the exit status."""
    import pexpect

    ziel = tmp_path / "fristen.md"
    still = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown", "-o", ziel)
    assert (still.exit_code, still.stdout, still.stderr) == (0, "", "")
    assert ziel.read_text(encoding="utf-8").startswith("# Fristen zum 01.12.2026")

    ziel.unlink()
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    kind = pexpect.spawn(
        programm, ["--ablage", str(demo), "faellig", *STICHTAG, "-o", str(ziel)],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TERM": "xterm"},
        encoding="utf-8", timeout=30, dimensions=(24, 300),  # the long path on one line
    )  # fmt: skip
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    assert kind.before.strip() == f"Geschrieben: {ziel}"
    assert ziel.exists()
