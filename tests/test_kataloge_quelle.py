"""The catalogs against the Integrationskonzept itself: codes as pinned in SPEC §4,
Bezeichnungen letter for letter, Anlage 2 and 3 compared with the seed's own tables."""

from __future__ import annotations

import re

import pytest

from vier_phasen_cli.domain.kataloge import KATALOG_NAMEN, Kataloge
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .conftest import SEED


@pytest.fixture(scope="module")
def kataloge() -> Kataloge:
    return lade_kataloge()


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _normalisiert(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _abschnitt(seed: str, anfang: str, ende: str | None) -> list[str]:
    start = seed.index(anfang)
    stopp = seed.index(ende, start) if ende else len(seed)
    return [z for z in seed[start:stopp].splitlines()[1:] if z.strip()]


# SPEC §4, in the seed's order: the contract scripts depend on.
GEPINNT = {
    "zieloptionen": [
        "beschaeftigung-lokal",
        "beschaeftigung-ueberregional",
        "beschaeftigung-international",
        "minijob-midijob-kurzfristig",
        "selbstaendigkeit",
        "taetigkeit-jenseits-1-arbeitsmarkt",
        "schulische-ausbildung",
        "stabilisierung-beschaeftigung",
        "betriebliche-ausbildung",
        "studium",
        "duales-studium",
    ],
    "handlungsbedarfe": [
        "schulische-qualifikation",
        "berufliche-qualifikation",
        "berufserfahrung",
        "sprachkenntnisse",
        "gesundheit-leistungsfaehigkeit",
        "arbeits-sozialverhalten",
        "eigeninitiative-arbeitshaltung",
        "lern-weiterbildungsbereitschaft",
        "oertliche-mobilitaet",
        "betreuungsverhaeltnisse",
        "persoenliche-rahmenbedingungen",
        "familiaere-situation",
        "wohnsituation",
        "finanzielle-situation",
    ],
    "handlungsstrategien": [
        "schulabschluss-erwerben",
        "berufsausbildung-vorbereiten",
        "berufliche-teilqualifikation-realisieren",
        "absolventenmanagement",
        "berufsabschluss-erwerben",
        "auslaendische-abschluesse-anerkennen",
        "berufserfahrung-ermoeglichen",
        "deutschkenntnisse-verbessern",
        "fremdsprachkenntnisse-erwerben",
        "leistungsfaehigkeit-feststellen",
        "leistungsfaehigkeit-foerdern",
        "gesundheitlich-angemessene-beschaeftigung",
        "heranfuehren-arbeitsleben",
        "arbeits-sozialverhalten-staerken",
        "perspektiven-veraendern",
        "lernbereitschaft-foerdern",
        "mobilitaet-erhoehen",
        "kinderbetreuung-schaffen",
        "pflege-angehoerige-betreuung-schaffen",
        "wettbewerbsnachteile-ausgleichen",
        "familiaere-situation-stabilisieren",
        "wohnsituation-stabilisieren",
        "finanzielle-situation-stabilisieren",
        "vermittlung",
        "beschaeftigungsaufnahme-stabilisieren",
        "uebergang-selbstaendigkeit",
        "verfuegbarkeit-ueberpruefen",
        "mitwirkung-ueberpruefen",
        "hilfebeduerftigkeit-beschaeftigte-verringern",
        "hilfebeduerftigkeit-selbstaendige-verringern",
    ],
    "ausnahmen": [
        "ende-absehbar",
        "paragraph-145-sgb3",
        "paragraph-10-sgb2",
        "reha-vor-neuem-zielberuf",
        "reha-erhaltung-arbeitsplatz",
        "reha-nur-studium",
        "reha-qualifizierung-anderer-traeger",
    ],
    "integrationsprognosen": [
        "marktnah",
        "nicht-marktnah",
        "integriert-hilfebeduerftig",
        "zuordnung-nicht-erforderlich",
    ],
    "unterstuetzungsbedarfe": ["gering", "hoeher"],
    "staerken": [
        "formale-qualifikation",
        "non-formale-qualifikation",
        "methodische-kompetenz",
        "kommunikative-kompetenz",
        "soziale-kompetenz",
        "sonstige",
    ],
    "abschlussgruende": [
        "arbeitsaufnahme",
        "ausbildungsaufnahme",
        "selbstaendigkeit",
        "wegfall-hilfebeduerftigkeit",
        "rente",
        "zustaendigkeitswechsel",
        "sonstiges",
    ],
    "folgegespraech": ["abgleich", "ueberpruefung", "bewerbungen", "naechste_schritte"],
    "leitfragen": ["passgenau", "erfolgswahrscheinlichkeit", "foerdervoraussetzungen"],
    "gespraechsarten": ["erstgespraech", "folgegespraech", "absolventengespraech", "sonstiges"],
    "gespraechsformen": ["persoenlich", "video", "telefon"],
    "rechtsstand": ["integrationskonzept-2023"],
}

# Catalogs whose Bezeichnungen the seed states: they must be quoted, not paraphrased.
WORTGETREU = {
    "zieloptionen",
    "handlungsbedarfe",
    "handlungsstrategien",
    "ausnahmen",
    "integrationsprognosen",
    "unterstuetzungsbedarfe",
    "folgegespraech",
    "leitfragen",
    "gespraechsformen",
}


def test_alle_gepinnten_kataloge_mit_ihren_codes(kataloge: Kataloge) -> None:
    assert list(GEPINNT) == list(KATALOG_NAMEN)
    for name, codes in GEPINNT.items():
        assert kataloge[name].codes() == codes, name


def test_anzahlen(kataloge: Kataloge) -> None:
    assert len(kataloge["zieloptionen"]) == 11
    assert len(kataloge["handlungsbedarfe"]) == 14
    assert len(kataloge["handlungsstrategien"]) == 30


@pytest.mark.parametrize("name", sorted(WORTGETREU))
def test_bezeichnungen_wortgetreu_aus_dem_integrationskonzept(
    kataloge: Kataloge, seed: str, name: str
) -> None:
    text = _normalisiert(seed)
    katalog = kataloge[name]
    assert katalog.wortgetreu, f"{name} must be marked wortgetreu"
    fehlend = [e.bezeichnung for e in katalog if _normalisiert(e.bezeichnung) not in text]
    assert fehlend == []


def test_zieloptionen_wie_anlage_2_in_reihenfolge(kataloge: Kataloge, seed: str) -> None:
    zeilen = _abschnitt(seed, "Anlage 2 – Überblick über die Zieloptionen", "Anlage 3 –")
    assert zeilen[0] == "Zieloptionen"
    assert [e.bezeichnung for e in kataloge["zieloptionen"]] == zeilen[1:]


def test_anlage_3_tabelle_gleich_bedarfen_und_strategien(kataloge: Kataloge, seed: str) -> None:
    """Parse Anlage 3's tab-separated table; every row must match the catalogs."""
    zeilen = _abschnitt(seed, "Anlage 3 – Überblick", None)[1:]  # skip the header row
    gruppe = None
    erwartet: list[tuple[str, str | None, str]] = []  # (Schlüsselgruppe, Bedarf, Strategie)
    for zeile in zeilen:
        spalten = zeile.split("\t")
        if spalten[0]:
            gruppe = spalten[0]
        bedarf = spalten[1] or None
        erwartet.append((gruppe if bedarf else "", bedarf, spalten[2]))
    assert len(erwartet) == 30

    bedarfe = kataloge["handlungsbedarfe"]
    ist: list[tuple[str, str | None, str]] = []
    for s in kataloge["handlungsstrategien"]:
        bedarf = bedarfe.get(s["handlungsbedarf"])
        gruppe_bez = kataloge.schluesselgruppe(bedarf["schluesselgruppe"]) if bedarf else ""
        zusatz = ""
        if s["nur_rechtskreis"]:
            zusatz = f" (nur {s['nur_rechtskreis']})"
        if s["nur_fuer"]:
            assert s["nur_fuer"] == ["ausbildungsvermittlung", "reha"]
            zusatz = " (nur AusbV und/oder Reha)"
        ist.append((gruppe_bez, bedarf.bezeichnung if bedarf else None, s.bezeichnung + zusatz))
    assert ist == erwartet


def test_bedarfe_in_reihenfolge_und_gruppen_der_anlage_3(kataloge: Kataloge, seed: str) -> None:
    zeilen = _abschnitt(seed, "Anlage 3 – Überblick", None)[1:]
    reihenfolge = list(dict.fromkeys(z.split("\t")[1] for z in zeilen if z.split("\t")[1]))
    assert [e.bezeichnung for e in kataloge["handlungsbedarfe"]] == reihenfolge


def test_ausnahmen_nach_buchstaben_und_einschraenkungen(kataloge: Kataloge, seed: str) -> None:
    anlage1 = _normalisiert(seed[seed.index("Anlage 1 – Ausnahmen") : seed.index("Anlage 2 –")])
    for e in kataloge["ausnahmen"]:
        if e["buchstabe"]:
            # the Bezeichnung follows the letter it is filed under, e.g. "a) wenn das Ende …"
            assert f"{e['buchstabe']}) {e.bezeichnung}" in anlage1
    a = kataloge["ausnahmen"]
    assert a.get("paragraph-145-sgb3")["nur_rechtskreis"] == "SGB III"  # type: ignore[index]
    assert a.get("paragraph-10-sgb2")["nur_rechtskreis"] == "SGB II"  # type: ignore[index]
    assert [e.code for e in a if e["nur_reha"]] == [c for c in a.codes() if c.startswith("reha-")]
    benoetigt = {e.code: e["benoetigt"] for e in a if e["benoetigt"]}
    assert benoetigt == {
        "ende-absehbar": "bis",
        "reha-qualifizierung-anderer-traeger": "massnahme_ende",
    }


def test_leitfragen_sind_die_drei_fragen_von_3_3_2(kataloge: Kataloge, seed: str) -> None:
    abschnitt = seed[seed.index("3.3.2 Produkteinsatz\n\n") : seed.index("3.3.3 Betreuung", 2000)]
    fragen = re.findall(r"^ - (.+\?)$", abschnitt, flags=re.M)
    assert [e.bezeichnung for e in kataloge["leitfragen"]] == fragen


def test_folgegespraech_aktivitaeten_von_3_4_3(kataloge: Kataloge, seed: str) -> None:
    anfang = seed.index("3.4.3 Das Folgegespräch\n\n")
    abschnitt = seed[anfang : seed.index("3.4.4 Nachhaltigkeit im", anfang)]
    aktivitaeten = re.findall(r"^\s*-?\s*\d\) (.+)$", abschnitt, flags=re.M)
    assert [e.bezeichnung for e in kataloge["folgegespraech"]] == aktivitaeten


def test_prognosen_und_unterstuetzungsbedarf_entsprechen_sich(kataloge: Kataloge) -> None:
    prognosen = kataloge["integrationsprognosen"]
    assert prognosen.get("integriert-hilfebeduerftig")["nur_rechtskreis"] == "SGB II"  # type: ignore[index]
    assert [e.code for e in prognosen if e["nur_mit_ausnahme"]] == ["zuordnung-nicht-erforderlich"]
    entspricht = {e.code: e["entspricht_prognose"] for e in kataloge["unterstuetzungsbedarfe"]}
    assert entspricht == {"gering": "marktnah", "hoeher": "nicht-marktnah"}


def test_qualifizierungsstrategien_verlangen_absolventenmanagement(kataloge: Kataloge) -> None:
    # 3.3.3: „Absolventenmanagement“ vervollständigt „Berufliche (Teil-) Qualifikation
    # realisieren“ und „Berufsabschluss erwerben“.
    mit = {e.code: e["vervollstaendigt_durch"] for e in kataloge["handlungsstrategien"]}
    assert {k: v for k, v in mit.items() if v} == {
        "berufliche-teilqualifikation-realisieren": "absolventenmanagement",
        "berufsabschluss-erwerben": "absolventenmanagement",
    }


def test_kopie_des_integrationskonzepts_ist_unveraendert() -> None:
    original = SEED.parents[3] / "shared" / "seeds" / "000_149356068fc3e307.txt"
    if not original.exists():
        pytest.skip("the shared seed is not next to this checkout")
    assert SEED.read_bytes() == original.read_bytes()
