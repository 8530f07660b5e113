"""Working days (§ 26 Abs. 3 SGB X, SPEC §14): a customer's deadline on a Saturday, Sunday or
public holiday runs to the next working day, per the workspace's Bundesland; appointments
do not move, TE001 flags them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from vier_phasen_cli.domain.arbeitstage import feiertag, naechster_arbeitstag

from .conftest import Aufruf, dateistand
from .fallbau import demo_daten, schreibe, setze

F1 = "911A100001"


@pytest.mark.parametrize(
    ("tag", "land", "erwartet"),
    [
        (date(2026, 12, 24), None, date(2026, 12, 24)),  # Heiligabend: no holiday (Thursday)
        (date(2026, 12, 25), None, date(2026, 12, 28)),  # Fri holiday, Sat holiday, Sunday
        (date(2026, 12, 26), None, date(2026, 12, 28)),
        (date(2026, 12, 31), None, date(2026, 12, 31)),  # Silvester: no holiday (Thursday)
        (date(2027, 1, 1), None, date(2027, 1, 4)),
        (date(2027, 1, 6), "BY", date(2027, 1, 7)),  # Heilige Drei Könige in Bayern
        (date(2027, 1, 6), "BE", date(2027, 1, 6)),  # … not in Berlin
        (date(2027, 1, 6), None, date(2027, 1, 6)),  # … nor nationwide
        (date(2027, 3, 8), "BE", date(2027, 3, 9)),  # Frauentag in Berlin only
        (date(2027, 3, 8), "BY", date(2027, 3, 8)),
        (date(2026, 11, 30), None, date(2026, 11, 30)),  # a Monday stays
        (date(9999, 12, 31), None, date(9999, 12, 31)),  # never past the last date
    ],
)
def test_naechster_arbeitstag(tag: date, land: str | None, erwartet: date) -> None:
    assert naechster_arbeitstag(tag, land) == erwartet


def test_heiligabend_und_silvester_sind_keine_feiertage() -> None:
    for land in (None, "BY", "BE", "SN"):
        assert not feiertag(date(2026, 12, 24), land)
        assert not feiertag(date(2026, 12, 31), land)


def _bundesland(ablage: Path, land: str) -> None:
    toml = ablage / "vier-phasen.toml"
    text = toml.read_text(encoding="utf-8").split("\n[ablage]")[0]
    toml.write_text(text + f'\n[ablage]\nbundesland = "{land}"\n', encoding="utf-8")


def _faellig(vp: Aufruf, ablage: Path, art: str) -> list[dict[str, object]]:
    ergebnis = vp(
        "--ablage", ablage, "faellig", "--stichtag", "2026-12-01", "--alle", "--format", "json"
    )
    assert ergebnis.exit_code == 0, ergebnis.stderr
    eintraege = json.loads(ergebnis.stdout)["eintraege"]
    return [e for e in eintraege if e["art"] == art and e["fall"] == F1]


def _mit_fristen(ablage: Path, *fristen: date) -> None:
    daten = demo_daten(F1)
    for i, frist in enumerate(fristen):
        setze(daten, f"vereinbarung.eigenbemuehungen.{i}.frist", frist)
    schreibe(ablage, daten)


def test_eigenbemuehung_am_feiertag_wird_verschoben(vp: Aufruf, demo: Path) -> None:
    _mit_fristen(demo, date(2026, 12, 26), date(2026, 12, 24))
    heiligabend, zweiter_feiertag = _faellig(vp, demo, "eigenbemuehung")
    assert heiligabend["faellig_am"] == "2026-12-24" and "verschoben_von" not in heiligabend
    assert zweiter_feiertag["faellig_am"] == "2026-12-28"
    assert zweiter_feiertag["verschoben_von"] == "2026-12-26"
    assert zweiter_feiertag["tage"] == 27
    tabelle = vp(
        "--ablage", demo, "faellig", "--stichtag", "2026-12-01", "--alle",
        env={"COLUMNS": "200"},
    ).stdout  # fmt: skip
    assert "fiel auf Sa 26.12.2026, § 26 Abs. 3 SGB X" in tabelle


def test_bundesland_entscheidet_und_gilt_auch_aus_dem_cache(vp: Aufruf, demo: Path) -> None:
    _mit_fristen(demo, date(2027, 1, 6))
    assert _faellig(vp, demo, "eigenbemuehung")[0]["faellig_am"] == "2027-01-06"
    _bundesland(demo, "BY")
    (eintrag,) = [e for e in _faellig(vp, demo, "eigenbemuehung") if e["tage"] == 37]
    assert (eintrag["faellig_am"], eintrag["verschoben_von"]) == ("2027-01-07", "2027-01-06")
    _bundesland(demo, "BE")
    assert _faellig(vp, demo, "eigenbemuehung")[0]["faellig_am"] == "2027-01-06"


def test_aktivitaet_nur_der_kundschaft_wird_verschoben(vp: Aufruf, demo: Path) -> None:
    daten = demo_daten(F1)
    setze(daten, "strategien.0.aktivitaeten.0.erledigt", None)
    setze(daten, "strategien.0.aktivitaeten.0.bis", date(2026, 12, 25))  # wer: kunde
    setze(daten, "strategien.1.aktivitaeten.0.bis", date(2026, 12, 26))  # wer: fachkraft
    setze(daten, "termine.folgegespraech", date(2026, 12, 27))  # a Sunday
    schreibe(demo, daten)
    fachkraft, kunde = _faellig(vp, demo, "aktivitaet")  # by due date
    assert (kunde["faellig_am"], kunde["verschoben_von"]) == ("2026-12-28", "2026-12-25")
    assert fachkraft["faellig_am"] == "2026-12-26" and "verschoben_von" not in fachkraft
    (termin,) = _faellig(vp, demo, "folgegespraech")
    assert termin["faellig_am"] == "2026-12-27" and "verschoben_von" not in termin


@pytest.mark.parametrize(
    ("termin", "land", "meldung"),
    [
        (date(2026, 12, 6), None, "Das Folgegespräch am 06.12.2026 fällt auf einen Sonntag"),
        (date(2026, 12, 5), None, "Das Folgegespräch am 05.12.2026 fällt auf einen Samstag"),
        (date(2026, 12, 25), None, "Das Folgegespräch am 25.12.2026 fällt auf einen Feiertag"),
        (date(2027, 1, 6), "BY", "Das Folgegespräch am 06.01.2027 fällt auf einen Feiertag in BY"),
        (date(2027, 1, 6), "BE", None),
        (date(2026, 12, 24), None, None),
        (date(2026, 12, 7), None, None),  # a Monday
    ],
)
def test_te001_folgegespraech_an_wochenende_oder_feiertag(
    vp: Aufruf, demo: Path, termin: date, land: str | None, meldung: str | None
) -> None:
    daten = demo_daten(F1)
    setze(daten, "termine.folgegespraech", termin)
    schreibe(demo, daten)
    if land:
        _bundesland(demo, land)
    ausgabe = vp("--ablage", demo, "pruefen", F1, "--stichtag", "2026-12-01").stdout
    if meldung is None:
        assert "TE001" not in ausgabe
    else:
        assert f"TE001 warnung: {meldung}  [3.4.3]" in ausgabe


@pytest.mark.parametrize("wert", ['"XX"', "7", '"\\u001b[31m"'])
def test_unbekanntes_bundesland(vp: Aufruf, demo: Path, wert: str) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f"\n[ablage]\nbundesland = {wert}\n")
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "faellig")
    assert ergebnis.exit_code == 2
    assert "vier-phasen.toml" in ergebnis.stderr
    assert "[ablage] bundesland ist kein Bundesland" in ergebnis.stderr
    assert "BY" in ergebnis.stderr and "\x1b" not in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher


def test_kleingeschriebenes_bundesland(vp: Aufruf, demo: Path) -> None:
    _mit_fristen(demo, date(2027, 1, 6))
    _bundesland(demo, "by")
    assert _faellig(vp, demo, "eigenbemuehung")[0]["faellig_am"] == "2027-01-07"


def test_bundeslaender_wie_in_der_bibliothek() -> None:
    from holidays.countries.germany import Germany

    from vier_phasen_cli.domain.arbeitstage import BUNDESLAENDER

    bibliothek = {code for code in Germany.subdivisions if len(code) == 2 and code.isupper()}
    assert set(BUNDESLAENDER) == bibliothek


def test_feiertage_kommen_aus_der_tabelle_der_ablage(demo: Path) -> None:
    """The holidays library is imported once per workspace and tool version: later runs that
    read a changed case file take the holidays from .vier-phasen/feiertage.json (0.1 s less)."""
    import subprocess
    import sys

    _mit_fristen(demo, date(2027, 1, 6))
    _bundesland(demo, "BY")
    skript = (
        "import sys; from vier_phasen_cli.cli.app import main; "
        f"main(['--ablage', {str(demo)!r}, 'faellig', '--alle', '--format', 'json']); "
        "print('holidays' in sys.modules, file=sys.stderr)"
    )

    def lauf() -> tuple[str, str]:
        e = subprocess.run(
            [sys.executable, "-c", skript], capture_output=True, text=True, check=True,
            env={"VIER_PHASEN_HEUTE": "2026-12-01", "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        return e.stdout, e.stderr.strip().splitlines()[-1]

    erste, importiert = lauf()
    assert importiert == "True"  # the table is worked out once …
    tabelle = demo / ".vier-phasen" / "feiertage.json"
    assert tabelle.stat().st_mode & 0o777 == 0o600
    (demo / "cases" / f"{F1}.yaml").touch()  # a changed file: its deadlines are worked out
    zweite, importiert = lauf()
    assert importiert == "False"  # … and then read
    assert zweite == erste and '"verschoben_von": "2027-01-06"' in zweite
    # a broken table is not trusted: worked out again, the same result
    tabelle.write_text('{"kennung": "x", "jahre": {"2027": ["2027-01-07"]}}', encoding="utf-8")
    (demo / "cases" / f"{F1}.yaml").touch()
    assert lauf()[0] == erste
