"""Two colleagues, two clones, one bare remote: the merge driver (``vier-phasen git
merge-driver``) keeps both Folgegespräche and everything ticked and added on both sides;
differently changed values get conflict markers on just those lines, which ``pruefen`` names.
Also the driver alone (files in, file out) and the diff converter (``vier-phasen git diff``).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.zusammenfuehren import angleiche, fuehre_zusammen, schlicht

from .conftest import DEMO, Aufruf

SKRIPT = Path(sys.executable).parent / "vier-phasen"
"""The installed console script: git calls the driver as a program."""

F1 = "911A100001"
DATEI = f"cases/{F1}.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git ist nicht installiert")


def _git(ordner: Path, *args: str, pruefen: bool = True) -> subprocess.CompletedProcess[str]:
    umgebung = {
        "PATH": f"{SKRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}",  # git finds the driver
        "HOME": str(ordner.parent),  # no user's ~/.gitconfig
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C",
        "VIER_PHASEN_HEUTE": "2026-11-23",
    }
    lauf = subprocess.run(
        ["git", *args], cwd=ordner, env=umgebung, capture_output=True, text=True, timeout=120
    )
    if pruefen:
        assert lauf.returncode == 0, lauf.stderr
    return lauf


def _richte_ein(klon: Path, name: str) -> None:
    """What a colleague does once per clone: say who they are, then ``git einrichten``."""
    _git(klon, "config", "user.name", name)
    _git(klon, "config", "user.email", f"{name.lower()}@example.org")
    lauf = subprocess.run(
        [str(SKRIPT), "--ablage", str(klon), "git", "einrichten"],
        env={**os.environ, "PATH": f"{SKRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert lauf.returncode == 0, lauf.stderr


def _hat_selbst_festgehalten(klon: Path, datum: str) -> None:
    """The tool made the commit of the conversation (git mode): nothing is left to commit."""
    tag = date.fromisoformat(datum).strftime("%d.%m.%Y")
    assert _git(klon, "log", "-1", "--format=%s").stdout.strip() == (
        f"vier-phasen: folgegespraech {F1} – {tag}"
    )
    assert _git(klon, "status", "--porcelain").stdout == ""


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """Two clones (Schmidt's and Weber's) of a remote holding the demo workspace."""
    if not SKRIPT.exists():
        pytest.skip("Das Programm vier-phasen ist nicht installiert (pip install -e .)")
    remote = tmp_path / "remote.git"
    remote.mkdir()
    _git(remote, "init", "-q", "--bare", "-b", "main")
    a = tmp_path / "schmidt"
    shutil.copytree(DEMO, a, ignore=shutil.ignore_patterns(".vier-phasen"))
    _git(a, "init", "-q", "-b", "main")
    _richte_ein(a, "Schmidt")
    (a / ".gitattributes").write_text("cases/*.yaml merge=vier-phasen diff=vier-phasen\n")
    (a / ".gitignore").write_text(".vier-phasen/\ndokumente/\n")
    _git(a, "add", "-A")
    _git(a, "commit", "-q", "-m", "Ablage angelegt")
    _git(a, "remote", "add", "origin", str(remote))
    _git(a, "push", "-q", "-u", "origin", "main")
    b = tmp_path / "weber"
    _git(tmp_path, "clone", "-q", str(remote), str(b))
    _richte_ein(b, "Weber")
    for klon in (a, b):  # as the README says after a clone: only for oneself
        subprocess.run(["chmod", "-R", "go-rwx", str(klon)], check=True)
    return a, b


def _fall(ablage: Path) -> Any:
    return yaml.safe_load((ablage / DATEI).read_text(encoding="utf-8"))


def _folgegespraech(vp: Aufruf, ablage: Path, datum: str, antworten: dict[str, Any]) -> None:
    datei = ablage.parent / f"antworten-{ablage.name}.yaml"
    datei.write_text(yaml.safe_dump(antworten, allow_unicode=True), encoding="utf-8")
    e = vp("--ablage", ablage, "folgegespraech", F1, "--datum", datum, "--antworten", datei)
    assert e.exit_code == 0, e.stderr


def _gespraech(vermerk: str) -> dict[str, Any]:
    return {"vermerk": vermerk, "aktivitaeten": {
        "abgleich": "a", "ueberpruefung": "b", "bewerbungen": "c", "naechste_schritte": "d",
    }}  # fmt: skip


def _vereinbarung(
    ablage: Path, ueberprueft: str, eigenbemuehungen: list[dict[str, Any]]
) -> dict[str, Any]:
    """The case's Vereinbarung as an answer (a named section is given whole), reviewed on
    ``ueberprueft``, with these Eigenbemühungen merged into its list by ``nr``."""
    vereinbarung = copy.deepcopy(_fall(ablage)["vereinbarung"])
    vereinbarung["ueberprueft"] = ueberprueft
    vereinbarung["eigenbemuehungen"] = eigenbemuehungen
    return vereinbarung


def test_zwei_folgegespraeche_auf_zwei_rechnern_werden_zusammengefuehrt(
    vp: Aufruf, team: tuple[Path, Path]
) -> None:
    a, b = team
    theorie = {"nr": 2, "text": "Theorieprüfung Führerschein ablegen", "frist": "2027-01-15"}
    _folgegespraech(vp, a, "2026-11-22", {
        "vereinbarung": _vereinbarung(a, "2026-11-22", [
            {**theorie, "erledigt": "2026-11-20"},
            {"text": "Bewerbung bei Spedition Maier", "frist": "2026-12-15"},
        ]),
        "termine": {"folgegespraech": "2026-12-20"},
        "gespraech": _gespraech("Gespräch von Schmidt"),
    })  # fmt: skip
    _hat_selbst_festgehalten(a, "2026-11-22")
    _git(a, "push", "-q")
    _folgegespraech(vp, b, "2026-11-23", {
        "strategien": [{"code": "vermittlung", "aktivitaeten": [{
            "nr": 1, "wer": "fachkraft", "bis": "2026-12-08", "erledigt": "2026-11-21",
            "was": "Vermittlungsvorschläge Lagerlogistik (Schicht) aus Suchlauf",
        }]}],
        "vereinbarung": _vereinbarung(b, "2026-11-23", [
            {"text": "Bewerbung bei Lager Schulz", "frist": "2026-12-10"},
        ]),
        "termine": {"folgegespraech": "2026-12-22"},
        "gespraech": _gespraech("Gespräch von Weber"),
    })  # fmt: skip
    _hat_selbst_festgehalten(b, "2026-11-23")

    zug = _git(b, "pull", "-q", "--no-rebase", "--no-edit")
    assert "CONFLICT" not in zug.stdout + zug.stderr
    assert _git(b, "status", "--porcelain").stdout == ""
    fall = _fall(b)
    # both conversations, in date order
    assert [(g["datum"], g["vermerk"].split("\n")[0]) for g in fall["gespraeche"][1:]] == [
        (date(2026, 11, 22), "Gespräch von Schmidt"),
        (date(2026, 11, 23), "Gespräch von Weber"),
    ]
    # all ticked items and both new Eigenbemühungen, each with its own number
    eigen = fall["vereinbarung"]["eigenbemuehungen"]
    assert [(e["nr"], e["text"], e.get("erledigt")) for e in eigen] == [
        (1, "Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende", None),
        (2, "Theorieprüfung Führerschein ablegen", date(2026, 11, 20)),
        (3, "Bewerbung bei Lager Schulz", None),
        (4, "Bewerbung bei Spedition Maier", None),
    ]
    vermittlung = fall["strategien"][1]["aktivitaeten"][0]
    assert vermittlung["erledigt"] == date(2026, 11, 21)
    # both moved the next appointment and reviewed the agreement: the later dates hold
    assert fall["termine"]["folgegespraech"] == date(2026, 12, 22)
    assert fall["vereinbarung"]["ueberprueft"] == date(2026, 11, 23)
    # ours' comments survive the merge
    text = (b / DATEI).read_text(encoding="utf-8")
    assert text.startswith("# Demo: SGB III, marktnah.")
    assert "wiederholung: monatlich      # abgehakt, folgt" in text

    e = vp("--ablage", b, "pruefen", F1)
    assert e.exit_code == 0, e.stdout
    assert "1 Fall geprüft: keine Befunde." in e.stdout

    # git diff shows what changed through the diff converter: field by field
    diff = _git(b, "diff", "HEAD~1", "--", DATEI).stdout
    assert '+vereinbarung.eigenbemuehungen[nr=4].text: "Bewerbung bei Spedition Maier"' in diff
    assert "+termine.folgegespraech: 2026-12-22" not in diff  # ours already had it
    assert "-termine.folgegespraech: 2026-12-20" not in diff


def _ziel(ablage: Path, option: str) -> dict[str, Any]:
    ziel = copy.deepcopy(_fall(ablage)["ziel"])
    ziel["option"] = option
    return ziel


def test_verschieden_geaenderte_zieloption_gibt_konfliktmarken_nur_um_diese_zeilen(
    vp: Aufruf, team: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = team
    _folgegespraech(vp, a, "2026-11-23", {
        "ziel": _ziel(a, "beschaeftigung-ueberregional"), "gespraech": _gespraech("Schmidt"),
    })  # fmt: skip
    _hat_selbst_festgehalten(a, "2026-11-23")
    _git(a, "push", "-q")
    _folgegespraech(vp, b, "2026-11-23", {
        "ziel": _ziel(b, "betriebliche-ausbildung"), "gespraech": _gespraech("Weber"),
    })  # fmt: skip
    _hat_selbst_festgehalten(b, "2026-11-23")

    zug = _git(b, "pull", "--no-rebase", "--no-edit", pruefen=False)
    assert zug.returncode != 0
    assert f"CONFLICT (content): Merge conflict in {DATEI}" in zug.stdout
    assert f"Konflikt in {DATEI}: beide Seiten haben verschieden geändert: ziel.option." in (
        zug.stderr
    )
    zeilen = (b / DATEI).read_text(encoding="utf-8").splitlines()
    start = zeilen.index("<<<<<<< ours")
    assert zeilen[start - 1 : start + 6] == [
        "ziel:",
        "<<<<<<< ours",
        "  option: betriebliche-ausbildung",
        "=======",
        "  option: beschaeftigung-ueberregional",
        ">>>>>>> theirs",
        "  beschreibung: Vollzeit in der Lagerlogistik im Raum Nürnberg/Fürth, "
        "Schichtarbeit möglich",
    ]
    assert sum(z.startswith(("<<<<<<<", "=======", ">>>>>>>")) for z in zeilen) == 3
    # everything else is merged: both conversations, one history entry of the old Ziel
    assert sum(z.startswith("    vermerk: ") for z in zeilen) == 3

    # the driver alone on git's three versions: exit status 1
    versionen = []
    for stufe, name in ((1, "basis"), (2, "unsere"), (3, "ihre")):
        datei = tmp_path / name
        datei.write_text(_git(b, "show", f":{stufe}:{DATEI}").stdout, encoding="utf-8")
        versionen.append(str(datei))
    treiber = subprocess.run(
        [str(SKRIPT), "git", "merge-driver", *versionen, DATEI],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert treiber.returncode == 1
    assert treiber.stdout == ""
    assert Path(versionen[1]).read_text(encoding="utf-8").splitlines() == zeilen

    e = vp("--ablage", b, "pruefen", F1)
    assert e.exit_code == 2
    assert (
        f"  {DATEI}:{start + 1}: DA001 fehler: Datei enthält einen nicht aufgelösten Git-Konflikt"
    ) in e.stdout.splitlines()
    e = vp("--ablage", b, "zeige", F1)
    assert e.exit_code == 2
    assert e.stderr.startswith("Fehler: ")
    assert f"{DATEI}:{start + 1}: Datei enthält einen nicht aufgelösten Git-Konflikt\n" in (
        e.stderr
    )


# --- the driver alone -----------------------------------------------------------------------

FALL = """\
# Kommentar oben
format: 1
id: X1
kunde:
  name: Erika Beispiel   # Name laut Ausweis
rechtskreis: SGB III
fachkraft: M. Schmidt
vereinbarung:
  art: eingliederungsvereinbarung
  leistungen: ['Fahrschulkosten']
  eigenbemuehungen:
    - nr: 1
      text: "Fünf Bewerbungen"   # zitiert
      frist: 2026-11-30
      erledigt: null
"""


def _treiber(tmp_path: Path, basis: str, unsere: str, ihre: str) -> tuple[int, str, str]:
    pfade = []
    for name, text in (("o", basis), ("a", unsere), ("b", ihre)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        pfade.append(tmp_path / name)
    lauf = subprocess.run(
        [str(SKRIPT), "git", "merge-driver", *map(str, pfade), "cases/X1.yaml"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return lauf.returncode, pfade[1].read_text(encoding="utf-8"), lauf.stderr


def test_treiber_aendert_nur_was_sich_geaendert_hat(tmp_path: Path) -> None:
    unsere = FALL.replace("      erledigt: null", "      erledigt: 2026-11-20")
    ihre = FALL.replace("['Fahrschulkosten']", "['Fahrschulkosten', 'Bewerbungstraining']")
    ihre += (
        "    - nr: 2\n      text: |\n        Zwei Zeilen\n        Text\n      frist: 2026-12-01\n"
    )
    status, ergebnis, fehler = _treiber(tmp_path, FALL, unsere, ihre)
    assert (status, fehler) == (0, "")
    assert (
        ergebnis
        == unsere.replace("['Fahrschulkosten']", "['Fahrschulkosten', 'Bewerbungstraining']")
        + "    - nr: 2\n      text: |\n        Zwei Zeilen\n        Text\n      frist: 2026-12-01\n"
    )


def test_treiber_ohne_yaml_fuehrt_zeilenweise_zusammen_wie_git(tmp_path: Path) -> None:
    kaputt = FALL.replace("rechtskreis: SGB III", "rechtskreis: [SGB III")
    status, ergebnis, fehler = _treiber(
        tmp_path, FALL, FALL.replace("2026-11-30", "2026-12-31"), kaputt
    )
    assert status == 0  # git merge-file found no overlapping change
    assert "frist: 2026-12-31" in ergebnis and "rechtskreis: [SGB III" in ergebnis
    assert fehler == (
        "Hinweis: cases/X1.yaml: die hereinkommende Fassung: Zeile 7: Kein gültiges YAML: Liste "
        "in [ … ] ist nicht geschlossen. Die Fassungen wurden Zeile für Zeile zusammengeführt, "
        "wie Git es ohne vier-phasen tut.\n"
    )
    status, ergebnis, _ = _treiber(tmp_path, FALL, FALL.replace("SGB III", "SGB II"), kaputt)
    assert status == 1
    assert (
        "<<<<<<< ours\nrechtskreis: SGB II\n=======\nrechtskreis: [SGB III\n>>>>>>> theirs\n"
        in (ergebnis)
    )


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(_TEXT, st.just(FALL)), st.one_of(_TEXT, st.just(FALL)))
def test_eine_unveraenderte_seite_ergibt_die_andere_byte_fuer_byte(
    tmp_path: Path, basis: str, andere: str
) -> None:
    b, x = tmp_path / "basis", tmp_path / "andere"
    b.write_bytes(basis.encode("utf-8"))
    x.write_bytes(andere.encode("utf-8"))
    for unsere, ihre in ((b, x), (x, b)):
        ergebnis = fuehre_zusammen(b, unsere, ihre)
        assert ergebnis.sauber and ergebnis.inhalt == andere.encode("utf-8")


_WERT = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)  # fmt: skip
_LISTEN = {
    "gespraeche": st.lists(st.fixed_dictionaries({"datum": st.dates(), "vermerk": _WERT}),
                           max_size=3),
    "wiedervorlagen": st.lists(st.fixed_dictionaries({"text": st.text(max_size=3)},
                                                     optional={"nr": st.integers(1, 4)}),
                               max_size=4),
    "strategien": st.lists(st.fixed_dictionaries({"code": st.sampled_from("abc")},
                                                 optional={"x": _WERT}), max_size=3),
    "sonst": st.lists(_WERT, max_size=3),
}  # fmt: skip
_FALL = st.fixed_dictionaries(
    {},
    optional={
        **_LISTEN,
        "kunde": st.dictionaries(st.sampled_from(["name", "geburtsdatum", "x"]), _WERT, max_size=3),
        "a": _WERT,
    },
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_FALL, _FALL)
def test_angleichen_ergibt_genau_die_zieldaten(tmp_path: Path, alt: Any, ziel: Any) -> None:
    """Editing one round-trip document into another's data gives that data, as written and
    as read back."""
    pfad = tmp_path / "fall.yaml"
    dokument = yamldatei.YamlDokument(pfad, b"", yamldatei.rt(alt), yamldatei.Schreibweise())
    pfad.write_bytes(yamldatei.dump(dokument))
    dokument = yamldatei.lade(pfad) if alt else dokument
    dokument.daten = angleiche(dokument.daten, ziel, ())
    assert schlicht(dokument.daten) == ziel
    if ziel:
        pfad.write_bytes(yamldatei.dump(dokument))
        assert schlicht(yamldatei.lade(pfad).daten) == ziel


# --- the diff converter ----------------------------------------------------------------------


def test_diff_zeigt_je_wert_eine_zeile_mit_seinem_ort(vp: Aufruf, tmp_path: Path) -> None:
    datei = tmp_path / "X1.yaml"
    datei.write_text(
        FALL + 'strategien:\n  - code: s\n    aktivitaeten:\n      - was: "\\e[31m=1+1"\n'
        'gespraeche:\n  - datum: 2026-11-23\n    vermerk: "Zwei\\nZeilen"\n',
        encoding="utf-8",
    )
    e = vp("git", "diff", datei)
    assert (e.exit_code, e.stderr) == (0, "")
    assert e.stdout.splitlines() == [
        'fachkraft: "M. Schmidt"',
        "format: 1",
        "gespraeche[1].datum: 2026-11-23",
        'gespraeche[1].vermerk: "Zwei\\nZeilen"',
        'id: "X1"',
        'kunde.name: "Erika Beispiel"',
        'rechtskreis: "SGB III"',
        'strategien[code=s].aktivitaeten[nr=1].was: "\\u001b[31m=1+1"',
        'strategien[code=s].code: "s"',
        'vereinbarung.art: "eingliederungsvereinbarung"',
        "vereinbarung.eigenbemuehungen[nr=1].erledigt: null",
        "vereinbarung.eigenbemuehungen[nr=1].frist: 2026-11-30",
        "vereinbarung.eigenbemuehungen[nr=1].nr: 1",
        'vereinbarung.eigenbemuehungen[nr=1].text: "Fünf Bewerbungen"',
        'vereinbarung.leistungen[1]: "Fahrschulkosten"',
    ]
    # comments, quoting and key order are no data: the same lines
    anders = tmp_path / "X1-anders.yaml"
    anders.write_text(
        "id: 'X1'\n"
        + FALL.replace("# Kommentar oben\n", "")
        .replace("id: X1\n", "")
        .replace("   # Name laut Ausweis", "")
        + "gespraeche:\n  - vermerk: |-\n      Zwei\n      Zeilen\n    datum: 2026-11-23\n"
        'strategien:\n  - aktivitaeten: [{was: "\\e[31m=1+1"}]\n    code: s\n',
        encoding="utf-8",
    )
    assert vp("git", "diff", anders).stdout == e.stdout


def test_diff_einer_kaputten_datei_zeigt_ihre_zeilen(vp: Aufruf, tmp_path: Path) -> None:
    datei = tmp_path / "X1.yaml"
    datei.write_text("id: X1\nname: [offen\nnotiz: \x1b[31mrot\n", encoding="utf-8")
    e = vp("git", "diff", datei)
    assert e.exit_code == 0
    assert e.stdout == "id: X1\nname: [offen\nnotiz: \\x1b[31mrot\n"
    assert e.stderr.startswith(f"Hinweis: {datei}:")
    assert e.stderr.endswith("; die Zeilen werden unverändert gezeigt.\n")


def _zusammen(tmp_path: Path, basis: bytes, unsere: bytes, ihre: bytes) -> Any:
    pfade = []
    for name, inhalt in (("o", basis), ("a", unsere), ("b", ihre)):
        (tmp_path / name).write_bytes(inhalt)
        pfade.append(tmp_path / name)
    return fuehre_zusammen(*pfade)


def test_geloescht_und_geaendert_markiert_den_ganzen_eintrag(tmp_path: Path) -> None:
    unsere = FALL.replace(
        '    - nr: 1\n      text: "Fünf Bewerbungen"   # zitiert\n      frist: 2026-11-30\n'
        "      erledigt: null\n",
        "",
    ).replace("eigenbemuehungen:\n", "eigenbemuehungen: []\n")
    ihre = FALL.replace("      erledigt: null", "      erledigt: 2026-11-20")
    ergebnis = _zusammen(tmp_path, FALL.encode(), unsere.encode(), ihre.encode())
    assert ergebnis.konflikte == ("vereinbarung.eigenbemuehungen[1]",)
    assert ergebnis.inhalt.decode().endswith(
        "<<<<<<< ours\n  eigenbemuehungen: []\n=======\n  eigenbemuehungen:\n    - nr: 1\n"
        '      text: "Fünf Bewerbungen"   # zitiert\n      frist: 2026-11-30\n'
        "      erledigt: 2026-11-20\n>>>>>>> theirs\n"
    )


def test_ohne_gemeinsame_fassung_und_mit_crlf_und_bom(tmp_path: Path) -> None:
    """Both added the file (git gives an empty common version); ours' line ends stay."""
    unsere = ("\ufeff" + FALL.replace("\n", "\r\n")).encode()
    ihre = FALL.replace("M. Schmidt", "K. Weber").replace(
        "['Fahrschulkosten']", "['Fahrschulkosten', 'Kurs']"
    )
    ergebnis = _zusammen(tmp_path, b"", unsere, ihre.encode())
    assert ergebnis.konflikte == ("fachkraft",)
    text = ergebnis.inhalt.decode()
    assert text.startswith("\ufeff# Kommentar oben\r\n")
    assert "\r\n<<<<<<< ours\r\nfachkraft: M. Schmidt\r\n=======\r\nfachkraft: K. Weber\r\n" in text
    assert "  leistungen: ['Fahrschulkosten', 'Kurs']\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_eine_gemeinsame_fassung_mit_konfliktmarken_wird_zeilenweise_zusammengefuehrt(
    tmp_path: Path,
) -> None:
    """A criss-cross merge gives git's driver a virtual common version with markers."""
    basis = FALL.replace("id: X1\n", "id: X1\n<<<<<<< Temporary merge branch 1\n=======\n"
                         ">>>>>>> Temporary merge branch 2\n")  # fmt: skip
    ergebnis = _zusammen(
        tmp_path, basis.encode(), FALL.encode(), FALL.replace("SGB III", "SGB II").encode()
    )
    assert ergebnis.textuell == (
        "die gemeinsame Fassung: Zeile 4: Datei enthält einen nicht aufgelösten Git-Konflikt"
    )
    assert ergebnis.sauber and ergebnis.inhalt == FALL.replace("SGB III", "SGB II").encode()


def test_treiber_ohne_dateien_sagt_welche_fehlt(vp: Aufruf, tmp_path: Path) -> None:
    (tmp_path / "a").write_text(FALL, encoding="utf-8")
    e = vp("git", "merge-driver", tmp_path / "fehlt", tmp_path / "a", tmp_path / "a")
    assert e.exit_code == 2
    assert e.stderr == f"Fehler: {tmp_path / 'fehlt'}: Datei nicht gefunden\n"
    assert (tmp_path / "a").read_text(encoding="utf-8") == FALL


def _treiber_mit_frist(tmp_path: Path, ihre: str) -> tuple[int, str, str]:
    """The driver on a hostile incoming version, given a time a merge may well take (git
    itself would wait for ever)."""
    pfade = []
    unsere = FALL.replace("M. Schmidt", "K. Weber")
    for name, text in (("o", FALL), ("a", unsere), ("b", ihre)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        pfade.append(tmp_path / name)
    lauf = subprocess.run(
        [str(SKRIPT), "git", "merge-driver", *map(str, pfade), "cases/X1.yaml"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return lauf.returncode, pfade[1].read_text(encoding="utf-8"), lauf.stderr


@pytest.mark.parametrize(
    "zusatz",
    [
        "notizen:\n" + "".join(f"  - n{i}\n" for i in range(20_000)),
        "".join(f"k{i}: {i}\n" for i in range(60_000)),
    ],
    ids=["20000-eintraege", "60000-schluessel"],
)
def test_riesige_hereinkommende_fassung_wird_zeilenweise_zusammengefuehrt(
    tmp_path: Path, zusatz: str
) -> None:
    status, ergebnis, fehler = _treiber_mit_frist(tmp_path, FALL + zusatz)
    assert status == 0
    assert ergebnis == FALL.replace("M. Schmidt", "K. Weber") + zusatz
    assert fehler == (
        "Hinweis: cases/X1.yaml: die hereinkommende Fassung: mehr als 10.000 Werte, zu viele, "
        "um sie Feld für Feld zusammenzuführen. Die Fassungen wurden Zeile für Zeile "
        "zusammengeführt, wie Git es ohne vier-phasen tut.\n"
    )


def test_viele_neue_eintraege_und_schluessel_werden_nach_daten_zusammengefuehrt(
    tmp_path: Path,
) -> None:
    """Below the limit: a long new list with its comments and many new keys, as theirs
    wrote them."""
    liste = "notizen:   # Liste\n" + "".join(f"  - n{i}   # {i}\n" for i in range(3_000))
    schluessel = "".join(f"k{i}: {i}\n" for i in range(3_000))
    ihre = FALL + schluessel + liste
    status, ergebnis, fehler = _treiber_mit_frist(tmp_path, ihre)
    assert (status, fehler) == (0, "")
    assert ergebnis == ihre.replace("M. Schmidt", "K. Weber")


def test_neue_schluessel_stehen_nach_ihrem_vorgaenger(tmp_path: Path) -> None:
    pfad = tmp_path / "fall.yaml"
    pfad.write_text("a: 1   # eins\nc: 3\n", encoding="utf-8")
    dokument = yamldatei.lade(pfad)
    dokument.daten = angleiche(dokument.daten, {"x": 0, "y": 9, "a": 1, "b": 2, "c": 3, "d": 4}, ())
    assert yamldatei.dump(dokument) == b"x: 0\ny: 9\na: 1   # eins\nb: 2\nc: 3\nd: 4\n"


def test_diff_zeigt_fuer_unlesbare_dateien_eine_platzhalterzeile(
    vp: Aufruf, tmp_path: Path
) -> None:
    """git stops `git log -p` when the textconv fails: every unreadable file is one line."""
    faelle = {
        "gross.yaml": b"a: " + b"x" * (1024 * 1024) + b"\n",
        "nul.yaml": b"id: X1\n\0name: a\n",
        "utf16.yaml": "id: X1\n".encode("utf-16"),
        "latin1.yaml": "name: Müller\n".encode("latin-1"),
    }
    for name, inhalt in faelle.items():
        (tmp_path / name).write_bytes(inhalt)
    (tmp_path / "ordner.yaml").mkdir()
    erwartet = {
        "gross.yaml": "(Datei ist zu groß, um sie Feld für Feld zu zeigen: 1048580 Bytes)\n",
        "nul.yaml": "(Keine Textdatei, nicht Feld für Feld zu zeigen: 16 Bytes)\n",
        "utf16.yaml": "(Keine Textdatei, nicht Feld für Feld zu zeigen: 16 Bytes)\n",
        "latin1.yaml": "(Keine Textdatei, nicht Feld für Feld zu zeigen: 13 Bytes)\n",
        "ordner.yaml": "(Datei kann nicht gezeigt werden: Ist ein Ordner, keine Datei)\n",
        "fehlt.yaml": "(Datei kann nicht gezeigt werden: Datei nicht gefunden)\n",
    }
    for name, zeile in erwartet.items():
        e = vp("git", "diff", tmp_path / name)
        assert (e.exit_code, e.stdout, e.stderr) == (0, zeile, ""), name


def test_git_log_p_mit_einer_zu_grossen_fassung_laeuft_durch(team: tuple[Path, Path]) -> None:
    a, _ = team
    (a / DATEI).write_bytes(b"a: " + b"x" * (1024 * 1024) + b"\n")
    _git(a, "commit", "-q", "-am", "zu gross")
    lauf = _git(a, "log", "-p", "-2")
    assert "+(Datei ist zu groß, um sie Feld für Feld zu zeigen: 1048580 Bytes)" in lauf.stdout
    assert "-id: " in lauf.stdout


def test_diff_zeigt_feindliche_schluessel_und_codes_auf_einer_zeile(
    vp: Aufruf, tmp_path: Path
) -> None:
    datei = tmp_path / "X1.yaml"
    datei.write_text(
        'id: X1\nkunde:\n  name: "Sabine\\nKrüger"\n'
        '"zz\\n\\n+ziel.option: frei": 1\n"a.b": 2\n'
        'strategien:\n  - code: "x\\ny: z"\n    aktiv: true\n',
        encoding="utf-8",
    )
    e = vp("git", "diff", datei)
    assert (e.exit_code, e.stderr) == (0, "")
    assert e.stdout.splitlines() == [
        '"a.b": 2',
        'id: "X1"',
        'kunde.name: "Sabine\\nKrüger"',
        'strategien[code="x\\ny: z"].aktiv: true',
        'strategien[code="x\\ny: z"].code: "x\\ny: z"',
        '"zz\\n\\n+ziel.option: frei": 1',
    ]


@pytest.mark.parametrize(
    ("welche", "inhalt"),
    [("eigene", b"a: 1\n\0x\n"), ("hereinkommende", "a: 3\n".encode("utf-16"))],
)
def test_treiber_mit_einer_binaeren_fassung_ist_ein_konflikt(
    vp: Aufruf, tmp_path: Path, welche: str, inhalt: bytes
) -> None:
    o, a, b = tmp_path / "o", tmp_path / "a", tmp_path / "b"
    o.write_bytes(b"a: 1\n")
    a.write_bytes(inhalt if welche == "eigene" else b"a: 2\n")
    b.write_bytes(inhalt if welche == "hereinkommende" else b"a: 2\n")
    vorher = a.read_bytes()
    e = vp("git", "merge-driver", o, a, b, "cases/X1.yaml")
    assert e.exit_code == 1
    assert e.stderr.startswith(
        f"Konflikt in cases/X1.yaml: die {welche} Fassung ist keine Textdatei, Git und "
        "vier-phasen können sie nicht zusammenführen. Die eigene Fassung bleibt in der Datei."
    )
    assert a.read_bytes() == vorher


def test_konflikt_in_einem_dokument_ohne_felder_heisst_das_ganze_dokument(
    tmp_path: Path,
) -> None:
    ergebnis = _zusammen(tmp_path, b"- 1\n", b"- 2\n", b"- 3\n")
    assert ergebnis.konflikte == ("das ganze Dokument",)
    assert b"<<<<<<< ours" in ergebnis.inhalt
