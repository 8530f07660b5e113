"""The Rechtsstand as data (SPEC §14): the shipped catalog, choosing an entry by date and
Rechtskreis, what it drives (review interval, agreement types, template, citation,
Schlichtung, RS001) and a workspace that adds the law from 01.07.2026 without a code change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.fristen import fristen
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.rechtsstand import alter_am, rechtsstand_fuer
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .conftest import REPO, Aufruf, dateistand
from .fallbau import codes, demo_daten, pruefe, schreibe, setze

F1, F4, F6 = "911A100001", "911A100004", "911A100006"
HEUTE = {"VIER_PHASEN_HEUTE": "2026-12-01"}


@cache
def kataloge() -> Kataloge:
    return lade_kataloge()


def test_katalog_rechtsstand_als_json(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "katalog", "rechtsstand", "--format", "json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    daten = json.loads(ergebnis.stdout)
    assert daten["name"] == "rechtsstand"
    assert daten["quelle"] == "Bürgergeld-Gesetz; Integrationskonzept der BA, Stand 14.06.2023"
    (eintrag,) = daten["eintraege"]
    assert eintrag["code"] == "integrationskonzept-2023"
    assert eintrag["gilt_ab"] == "2023-07-01"
    sgb2, sgb3 = eintrag["rechtskreise"]["SGB II"], eintrag["rechtskreise"]["SGB III"]
    assert sgb2 == {
        "vereinbarung": ["kooperationsplan"],
        "vorlage": "kooperationsplan.md.j2",
        "vorschrift": "§ 15 SGB II",
        "ueberpruefung_monate": 6,
        "ueberpruefung_monate_unter_25": None,
        "schlichtung": True,
        "gilt_bis": "2026-06-30",
        "hinweis": "Ab 01.07.2026 ändert das 13. SGB-II-Änderungsgesetz §§ 15, 15a SGB II.",
    }
    assert sgb3["vereinbarung"] == ["eingliederungsvereinbarung", "teilhabeplan"]
    assert (sgb3["ueberpruefung_monate"], sgb3["ueberpruefung_monate_unter_25"]) == (6, 3)
    assert (sgb3["schlichtung"], sgb3["gilt_bis"]) == (False, None)
    # the same from the catalogs' cache on the second run
    assert vp("--ablage", demo, "katalog", "rechtsstand", "--format", "json").stdout == (
        ergebnis.stdout
    )
    text = vp("--ablage", demo, "katalog", "rechtsstand").stdout
    assert "gilt bis: 30.06.2026" in text and "{" not in text


# --- a workspace's own Rechtsstand --------------------------------------------------------

NEUER_STAND = """\
  - code: neue-grundsicherung-2026
    bezeichnung: 13. SGB-II-Änderungsgesetz (Neue Grundsicherung)
    gilt_ab: 2026-07-01
    rechtskreise:
      SGB II:
        vereinbarung: [kooperationsplan]
        vorlage: kooperationsplan-2026.md.j2
        vorschrift: § 15 SGB II n. F.
        ueberpruefung_monate: 6
        schlichtung: false
"""


def _neuer_rechtsstand(ablage: Path) -> None:
    (ablage / "catalogs").mkdir(exist_ok=True)
    datei = ablage / "catalogs" / "rechtsstand.yaml"
    shutil.copyfile(REPO / "catalogs" / "rechtsstand.yaml", datei)
    datei.write_text(datei.read_text(encoding="utf-8") + NEUER_STAND, encoding="utf-8")
    (ablage / "templates").mkdir(exist_ok=True)
    (ablage / "templates" / "kooperationsplan-2026.md.j2").write_text(
        "# Kooperationsplan (neu)\n\nnach {{ rechtsstand.vorschrift }} für {{ kunde.name }}\n"
        "{% if rechtsstand.schlichtung %}Schlichtung{% endif %}\n",
        encoding="utf-8",
    )


def test_eingebauter_stand_warnt_nach_gilt_bis(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", F6, "--stichtag", "2026-12-01")
    assert "RS001 warnung: Kooperationsplan vom 07.07.2026 liegt nach dem Ende" in ergebnis.stdout
    assert "Ab 01.07.2026 ändert das 13. SGB-II-Änderungsgesetz" in ergebnis.stdout
    assert "SC001" in ergebnis.stdout
    dokument = vp("--ablage", demo, "dokument", F6, "vereinbarung", "--entwurf", env=HEUTE)
    assert dokument.exit_code == 0, dokument.stderr
    assert dokument.stdout.count("**Rechtsstand prüfen:**") == 1
    assert "nach § 15 SGB II\n" in dokument.stdout
    assert "Schlichtungsverfahren nach § 15a SGB II verlangen" in dokument.stdout


def test_neuer_rechtsstand_der_ablage_ohne_codeaenderung(vp: Aufruf, demo: Path) -> None:
    _neuer_rechtsstand(demo)
    ergebnis = vp("--ablage", demo, "pruefen", F6, "--stichtag", "2026-12-01")
    assert "RS001" not in ergebnis.stdout and "SC001" not in ergebnis.stdout
    dokument = vp("--ablage", demo, "dokument", F6, "vereinbarung", "--entwurf", env=HEUTE)
    assert dokument.exit_code == 0, dokument.stderr
    assert dokument.stdout.startswith("# Kooperationsplan (neu)\n\nnach § 15 SGB II n. F. für")
    assert "Schlichtung" not in dokument.stdout and "Rechtsstand prüfen" not in dokument.stdout
    # A plan from before 01.07.2026 keeps the old Rechtsstand, its template and § 15a.
    alt = vp("--ablage", demo, "dokument", F4, "vereinbarung", "--entwurf", env=HEUTE).stdout
    assert "Rechtsstand des Integrationskonzepts (14.06.2023) (§ 15 SGB II;" in alt
    assert "Schlichtungsverfahren nach § 15a SGB II" in alt
    assert "SC001" in vp("--ablage", demo, "pruefen", F4, "--stichtag", "2026-12-01").stdout


def test_ohne_eigene_vorlage_steht_der_hinweis_trotzdem_im_dokument(vp: Aufruf, demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "kooperationsplan.md.j2").write_text(
        "# Mein Plan für {{ kunde.name }}\n", encoding="utf-8"
    )
    text = vp("--ablage", demo, "dokument", F6, "vereinbarung", "--entwurf", env=HEUTE).stdout
    assert text.startswith("> **Rechtsstand prüfen:** Dieses Dokument folgt dem Rechtsstand")
    assert "\n# Mein Plan für " in text


@pytest.mark.parametrize(
    ("anhang", "meldung"),
    [
        (  # a Rechtskreis nobody covers
            "",
            "Kein Eintrag nennt den Rechtskreis SGB III",
        ),
        (
            "        vorlage: ../../etc/passwd\n",
            "vorlage",
        ),
    ],
)
def test_kaputter_rechtsstand_der_ablage(vp: Aufruf, demo: Path, anhang: str, meldung: str) -> None:
    (demo / "catalogs").mkdir()
    datei = demo / "catalogs" / "rechtsstand.yaml"
    text = (REPO / "catalogs" / "rechtsstand.yaml").read_text(encoding="utf-8")
    text = text.split("      SGB III:")[0]
    if anhang:
        text = text.replace("        vorlage: kooperationsplan.md.j2\n", anhang)
    datei.write_text(text, encoding="utf-8")
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "pruefen", F1)
    assert ergebnis.exit_code == 2
    assert "catalogs/rechtsstand.yaml" in ergebnis.stderr and meldung in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher


# --- choosing the entry ------------------------------------------------------------------


def _katalog_mit_neuem_stand(tmp_path: Path) -> Kataloge:
    _neuer_rechtsstand(tmp_path)
    return lade_kataloge(tmp_path / "catalogs")


def test_eintrag_nach_datum_und_rechtskreis(tmp_path: Path) -> None:
    katalog = _katalog_mit_neuem_stand(tmp_path)["rechtsstand"]
    vorher = rechtsstand_fuer(katalog, date(2026, 6, 30), "SGB II")
    ab = rechtsstand_fuer(katalog, date(2026, 7, 1), "SGB II")
    assert (vorher.code, vorher.schlichtung, vorher.vorlage) == (
        "integrationskonzept-2023", True, "kooperationsplan.md.j2",
    )  # fmt: skip
    assert (ab.code, ab.schlichtung, ab.vorlage) == (
        "neue-grundsicherung-2026", False, "kooperationsplan-2026.md.j2",
    )  # fmt: skip
    # The newer entry does not list SGB III: that keeps the older one.
    assert rechtsstand_fuer(katalog, date(2026, 7, 1), "SGB III").code == (
        "integrationskonzept-2023"
    )
    # Before every entry: the earliest one.
    assert rechtsstand_fuer(katalog, date(2020, 1, 1), "SGB II").code == (
        "integrationskonzept-2023"
    )


def test_ueberholt_erst_nach_gilt_bis() -> None:
    stand = rechtsstand_fuer(kataloge()["rechtsstand"], date(2026, 6, 30), "SGB II")
    assert not stand.ueberholt_am(date(2026, 6, 30))
    assert stand.ueberholt_am(date(2026, 7, 1))


def test_alter_am() -> None:
    assert alter_am(date(2001, 10, 1), date(2026, 10, 1)) == 25
    assert alter_am(date(2001, 10, 2), date(2026, 10, 1)) == 24
    assert alter_am(date(2004, 2, 29), date(2029, 2, 28)) == 24
    assert alter_am(date(2004, 2, 29), date(2029, 3, 1)) == 25


# --- review interval (§ 37 SGB III) ------------------------------------------------------


def _ueberpruefen(fall_id: str, *aenderungen: Callable[[CommentedMap], object]) -> date:
    daten = demo_daten(fall_id)
    for a in aenderungen:
        a(daten)
    (frist,) = [
        f for f in fristen(Fall.model_validate(daten), kataloge())
        if f.art == "vereinbarung-ueberpruefen"
    ]  # fmt: skip
    return frist.faellig_am


def _s(pfad: str, wert: object) -> Callable[[CommentedMap], None]:
    return lambda d: setze(d, pfad, wert)


def test_sgb3_unter_25_drei_monate_ab_dem_vereinbarungsdatum() -> None:
    # F1: EinV of 01.10.2026, no review yet.
    assert _ueberpruefen(F1) == date(2027, 4, 1)
    # 25th birthday on the start date: 25, six months.
    assert _ueberpruefen(F1, _s("kunde.geburtsdatum", date(2001, 10, 1))) == date(2027, 4, 1)
    # one day younger: 24 on the start date, three months (§ 37 SGB III)
    assert _ueberpruefen(F1, _s("kunde.geburtsdatum", date(2001, 10, 2))) == date(2027, 1, 1)


def test_sgb3_unter_25_zaehlt_ab_der_letzten_ueberpruefung() -> None:
    geprueft = _s("vereinbarung.ueberprueft", date(2026, 11, 15))
    gerade_25 = _s("kunde.geburtsdatum", date(2001, 11, 15))
    noch_24 = _s("kunde.geburtsdatum", date(2001, 11, 16))
    assert _ueberpruefen(F1, geprueft, gerade_25) == date(2027, 5, 15)
    assert _ueberpruefen(F1, geprueft, noch_24) == date(2027, 2, 15)


def test_sgb2_ohne_verkuerzung_fuer_junge() -> None:
    jung = _s("kunde.geburtsdatum", date(2005, 1, 1))
    assert _ueberpruefen(F4, jung) == _ueberpruefen(F4) == date(2026, 12, 5)


def test_dokument_nennt_das_verkuerzte_ueberpruefungsdatum(vp: Aufruf, demo: Path) -> None:
    daten = demo_daten(F1)
    setze(daten, "kunde.geburtsdatum", date(2001, 10, 2))
    schreibe(demo, daten)
    text = vp("--ablage", demo, "dokument", F1, "vereinbarung", env=HEUTE).stdout
    assert "spätestens am 01.01.2027" in text


# --- agreement types from the Rechtsstand --------------------------------------------------


def test_vereinbarungsarten_aus_dem_rechtsstand(tmp_path: Path) -> None:
    daten = demo_daten(F4)
    setze(daten, "vereinbarung.art", "eingliederungsvereinbarung")
    assert "VE005" in codes(pruefe(tmp_path, daten))


# --- what documents may state --------------------------------------------------------------


@pytest.mark.parametrize(("ausgehaendigt", "gesagt"), [(True, True), (False, False), (None, False)])
def test_einv_nennt_aushaendigung_nur_wenn_vermerkt(
    vp: Aufruf, demo: Path, ausgehaendigt: bool | None, gesagt: bool
) -> None:
    daten = demo_daten(F1)
    setze(daten, "vereinbarung.ausgehaendigt", ausgehaendigt)
    schreibe(demo, daten)
    text = vp("--ablage", demo, "dokument", F1, "vereinbarung", "--entwurf", env=HEUTE).stdout
    assert ("ausgehändigt und erläutert" in text) is gesagt


def test_fusszeile_nennt_den_rechtsstand(vp: Aufruf, demo: Path) -> None:
    for fall, art in ((F1, "vereinbarung"), (F1, "beratungsvermerk"), (F4, "auskunft")):
        text = vp("--ablage", demo, "dokument", fall, art, env=HEUTE).stdout
        assert "Rechtsstand dieses Dokuments: Rechtsstand des Integrationskonzepts" in text, art


def test_auskunft_nennt_nur_festgehaltene_empfaenger_und_rechtsgrundlage(
    vp: Aufruf, demo: Path
) -> None:
    text = vp("--ablage", demo, "dokument", F1, "auskunft", env=HEUTE).stdout
    assert "In Ihrer Akte ist keine andere Stelle festgehalten" in text
    assert "Art. 15 DSGVO in Verbindung mit § 83 SGB X" in text
    assert "andere Leistungsträger" not in text.split("## An wen Ihre Daten gehen")[1]

    daten = demo_daten(F1)
    setze(daten, "vereinbarung.andere_traeger", ["Deutsche Rentenversicherung"])
    setze(daten, "produkte.0.traeger", "Fahrschule =1+1 GmbH")
    schreibe(demo, daten)
    text = vp("--ablage", demo, "dokument", F1, "auskunft", env=HEUTE).stdout
    empfaenger = text.split("## An wen Ihre Daten gehen")[1]
    assert "- Deutsche Rentenversicherung\n" in empfaenger
    assert "- Fahrschule =1+1 GmbH\n" in empfaenger


def test_an001_meldung(tmp_path: Path) -> None:
    daten = demo_daten("911A100008")
    setze(daten, "potenzialanalyse.ausnahme.bis", date(2027, 10, 1))
    (befund,) = [b for b in pruefe(tmp_path, daten) if b.code == "AN001"]
    assert befund.meldung == (
        "Die Ausnahme nach Anlage 1 a) setzt voraus, dass das Ende i. d. R. innerhalb der "
        "nächsten 2 Monate feststeht; 01.10.2027 liegt mehr als 2 Monate nach dem 10.11.2026"
    )
    assert (befund.schwere, befund.fundstelle) == ("warnung", "Anlage 1")


def test_feindlicher_rechtsstand_der_ablage_bricht_kein_dokument(vp: Aufruf, demo: Path) -> None:
    (demo / "catalogs").mkdir()
    text = (REPO / "catalogs" / "rechtsstand.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "hinweis: Ab 01.07.2026", 'hinweis: "\\e[31m=1+1\\n# Überschrift\\nAb 01.07.2026'
    ).replace("§§ 15, 15a SGB II.\n", '§§ 15, 15a SGB II."\n', 1)
    (demo / "catalogs" / "rechtsstand.yaml").write_text(text, encoding="utf-8")
    (demo / "templates").mkdir()
    (demo / "templates" / "kooperationsplan.md.j2").write_text("Plan\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "dokument", F6, "vereinbarung", "--entwurf", env=HEUTE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert "\x1b" not in ergebnis.stdout and "\n# Überschrift" not in ergebnis.stdout
    assert "Rechtsstand prüfen" in ergebnis.stdout
    pruefen = vp("--ablage", demo, "pruefen", F6, "--stichtag", "2026-12-01")
    assert "RS001" in pruefen.stdout and "\x1b" not in pruefen.stdout
