"""Every rule of SPEC §7: a case where it fires and a close case where it must not.

The cases are the demo cases with one change each (see fallbau.py). The Stichtag is
01.12.2026 unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.regeln import REGELWERK

from .fallbau import codes, demo_daten, hole, pruefe, setze

F1, F2, F3, F4, F5 = "911A100001", "911A100002", "911A100003", "911A100004", "911A100005"
F6, F7, F8, F9, F10 = "911A100006", "911A100007", "911A100008", "911A100009", "911A100010"
F11, F12, F13, F14 = "911A100011", "911A100012", "911A100013", "911A100014"


def s(pfad: str, wert: Any) -> Callable[[CommentedMap], None]:
    return lambda d: setze(d, pfad, wert)


def alle(*aenderungen: Callable[[CommentedMap], None]) -> Callable[[CommentedMap], None]:
    def anwenden(d: CommentedMap) -> None:
        for a in aenderungen:
            a(d)

    return anwenden


def dazu(pfad: str, eintrag: Any) -> Callable[[CommentedMap], None]:
    return lambda d: hole(d, pfad).append(eintrag)


def weg(pfad: str, index: int) -> Callable[[CommentedMap], None]:
    return lambda d: hole(d, pfad).pop(index)


def nichts(_: CommentedMap) -> None:
    pass


STRATEGIE_MITWIRKUNG = {
    "code": "mitwirkung-ueberpruefen",
    "handlungsbedarf": None,
    "aktivitaeten": [],
}
GESUNDHEIT = {"code": "gesundheit-leistungsfaehigkeit", "notiz": "Rücken", "erledigt": None}
STRATEGIE_GESUNDHEIT = {
    "code": "leistungsfaehigkeit-feststellen", "handlungsbedarf": "gesundheit-leistungsfaehigkeit",
    "aktivitaeten": [],
}  # fmt: skip
AUSBILDUNG = {
    "code": "berufsausbildung-vorbereiten", "handlungsbedarf": "berufliche-qualifikation",
    "aktivitaeten": [],
}  # fmt: skip
KOOPERATIONSPLAN = {
    "art": "kooperationsplan", "datum": date(2026, 8, 18), "leistungen": ["Vermittlung"],
    "eigenbemuehungen": [], "vermittlungsrichtung": "Instandhaltung",
}  # fmt: skip
GESPRAECH = {
    "datum": date(2026, 11, 2),
    "art": "sonstiges",
    "vermerk": "Telefonat",
    "prognose": None,
}

FRUEHES_GESPRAECH = {**GESPRAECH, "datum": date(2026, 10, 1)}
SPAETES_ENDE = s("potenzialanalyse.ausnahme.bis", date(2027, 1, 11))

# (rule, demo case, change, Stichtag, fires?)
FAELLE: list[tuple[str, str, Callable[[CommentedMap], None], date | None, bool]] = [
    ("PA001", F12, dazu("gespraeche", GESPRAECH), None, True),
    ("PA001", F12, nichts, None, False),
    ("PA001", F8, nichts, None, False),  # an Ausnahme is a Potenzialanalyse on record
    ("PA002", F1, s("potenzialanalyse.zielberuf", None), None, True),
    ("PA002", F10, nichts, None, False),  # Annäherung instead of a Zielberuf
    ("PA003", F10, s("termine.folgegespraech", None), None, True),
    ("PA003", F10, nichts, date(2026, 12, 11), True),  # the scheduled date has passed
    ("PA003", F10, nichts, date(2026, 12, 10), False),
    ("PA004", F1, s("potenzialanalyse.staerken", []), None, True),
    ("PA004", F8, nichts, None, False),  # Ausnahme: no Stärkenanalyse
    ("PA005", F8, s("potenzialanalyse.ausnahme.grund", "paragraph-10-sgb2"), None, True),
    ("PA005", F8, s("potenzialanalyse.ausnahme.grund", "reha-nur-studium"), None, True),
    (
        "PA005",
        F8,
        alle(s("reha", True), s("potenzialanalyse.ausnahme.grund", "reha-nur-studium")),
        None,
        False,
    ),
    ("PA005", F9, nichts, None, False),
    ("PA006", F8, s("potenzialanalyse.ausnahme.bis", None), None, True),
    (
        "PA006",
        F8,
        alle(
            s("reha", True),
            s("potenzialanalyse.ausnahme.grund", "reha-qualifizierung-anderer-traeger"),
        ),
        None,
        True,
    ),
    (
        "PA006",
        F8,
        alle(
            s("reha", True),
            s("potenzialanalyse.ausnahme.grund", "reha-qualifizierung-anderer-traeger"),
            s("potenzialanalyse.ausnahme.massnahme_ende", date(2027, 3, 31)),
        ),
        None,
        False,
    ),
    ("PA006", F8, nichts, None, False),
    ("PA007", F4, s("bedarfsgemeinschaft.gemeinsame_gespraeche", True), None, True),
    ("PA007", F6, nichts, None, False),  # joint conversations with everyone's consent
    ("ZI001", F1, s("ziel", None), None, True),
    ("ZI001", F8, nichts, None, False),
    ("ZI002", F1, s("ziel.zwischenziele.0.bis", None), None, True),
    (
        "ZI002",
        F1,
        alle(
            s("ziel.zwischenziele.0.bis", None),
            s("ziel.zwischenziele.0.erreicht", date(2026, 11, 2)),
        ),
        None,
        False,
    ),
    ("ST001", F1, weg("strategien", 0), None, True),
    (
        "ST001",
        F1,
        alle(
            weg("strategien", 0),
            s("potenzialanalyse.handlungsbedarfe.0.erledigt", date(2026, 11, 20)),
        ),
        None,
        False,
    ),
    (
        "ST002",
        F1,
        s("strategien.1.handlungsbedarf", "oertliche-mobilitaet"),
        None,
        True,
    ),  # Vermittlung
    ("ST002", F1, nichts, None, False),
    ("ST003", F1, dazu("strategien", STRATEGIE_MITWIRKUNG), None, True),
    ("ST003", F4, dazu("strategien", STRATEGIE_MITWIRKUNG), None, False),
    ("ST004", F2, dazu("strategien", AUSBILDUNG), None, True),
    (
        "ST004",
        F2,
        alle(dazu("strategien", AUSBILDUNG), s("ausbildungsvermittlung", True)),
        None,
        False,
    ),
    ("ST004", F2, alle(dazu("strategien", AUSBILDUNG), s("reha", True)), None, False),
    ("ST005", F1, s("strategien.0.handlungsbedarf", "berufserfahrung"), None, True),
    ("ST005", F1, nichts, None, False),
    (
        "ST006",
        F1,
        alle(
            dazu("potenzialanalyse.handlungsbedarfe", GESUNDHEIT),
            dazu("strategien", STRATEGIE_GESUNDHEIT),
        ),
        None,
        True,
    ),
    (
        "ST006",
        F1,
        alle(
            dazu("potenzialanalyse.handlungsbedarfe", GESUNDHEIT),
            dazu("strategien", STRATEGIE_GESUNDHEIT),
            s("reha_bedarf_geprueft", date(2026, 10, 5)),
        ),
        None,
        False,
    ),
    ("ST006", F7, nichts, None, False),  # reha case
    ("ST007", F5, s("strategien", []), None, True),
    ("ST007", F8, nichts, None, False),
    ("PR001", F1, s("produkte.0.leitfragen.erfolgswahrscheinlichkeit", False), None, True),
    ("PR001", F1, s("produkte.0.begruendung", None), None, True),
    ("PR001", F1, s("produkte.0.leitfragen", None), None, True),
    ("PR001", F1, nichts, None, False),
    ("PR002", F1, s("produkte.0.ende", date(2026, 11, 1)), None, True),
    ("PR002", F1, s("produkte.0.austritt", date(2026, 10, 30)), None, True),
    ("PR002", F1, s("produkte.0.ende", date(2026, 11, 2)), None, False),  # one-day product
    ("AB001", F3, nichts, None, True),
    ("AB001", F3, nichts, date(2026, 11, 13), False),  # the last day of the measure
    ("AB001", F3, nichts, date(2026, 11, 14), True),
    (
        "AB001",
        F3,
        dazu(
            "strategien",
            {"code": "absolventenmanagement", "handlungsbedarf": "berufliche-qualifikation"},
        ),
        None,
        False,
    ),
    ("VE001", F1, s("vereinbarung", None), None, True),  # marktnah, exactly 3 months unemployed
    ("VE001", F1, s("vereinbarung", None), date(2026, 11, 30), False),  # VE002 instead
    ("VE001", F13, s("integrationsprognose", "nicht-marktnah"), None, True),
    ("VE001", F13, nichts, None, False),
    ("VE002", F13, nichts, None, True),
    ("VE002", F13, nichts, date(2027, 1, 20), False),  # three months are over: VE001
    ("VE002", F1, s("vereinbarung", None), date(2026, 11, 30), True),
    ("VE003", F4, s("vereinbarung", None), None, True),
    ("VE003", F5, nichts, None, False),  # aufstockend
    ("VE004", F5, s("vereinbarung", KOOPERATIONSPLAN), None, True),
    ("VE004", F4, nichts, None, False),
    ("VE005", F1, s("vereinbarung.art", "kooperationsplan"), None, True),
    ("VE005", F1, s("vereinbarung.art", "teilhabeplan"), None, True),  # not a reha case
    ("VE005", F4, s("vereinbarung.art", "eingliederungsvereinbarung"), None, True),
    ("VE005", F7, nichts, None, False),  # Teilhabeplan in a reha case
    ("VE006", F1, s("vereinbarung.leistungen", []), None, True),
    ("VE006", F1, s("vereinbarung.eigenbemuehungen", []), None, True),
    ("VE006", F7, s("vereinbarung.leistungen", []), None, False),  # Teilhabeplan
    ("VE007", F1, s("vereinbarung.eigenbemuehungen.0.frist", None), None, True),
    ("VE007", F4, nichts, None, False),  # SGB II: no deadline needed
    ("VE008", F1, s("vereinbarung.ausgehaendigt", False), None, True),
    ("VE008", F1, s("vereinbarung.ausgehaendigt", None), None, True),
    ("VE008", F4, s("vereinbarung.ausgehaendigt", False), None, False),  # Kooperationsplan
    ("VE009", F4, s("ziel", None), None, True),
    ("VE009", F4, s("strategien", []), None, True),
    ("VE009", F4, nichts, None, False),
    ("VE010", F4, s("vereinbarung.vermittlungsrichtung", None), None, True),
    ("VE010", F4, nichts, None, False),
    # SPEC §14: the shipped Rechtsstand holds for SGB II agreements up to 30.06.2026.
    ("RS001", F4, s("vereinbarung.datum", date(2026, 7, 1)), None, True),
    ("RS001", F4, s("vereinbarung.datum", date(2026, 6, 30)), None, False),
    ("RS001", F1, s("vereinbarung.datum", date(2026, 7, 1)), None, False),  # SGB III: open end
    ("SC001", F4, nichts, None, True),
    ("SC001", F4, s("vereinbarung.schlichtung", {"beantragt": None}), None, False),
    ("SC001", F4, s("vereinbarung.schlichtung", {"beantragt": date(2026, 7, 1)}), None, False),
    ("SC001", F1, nichts, None, False),  # an EinV: no Schlichtung in SGB III
    # Anlage 1 a): the end within 2 months of the first conversation (F8: 10.11.2026).
    ("AN001", F8, nichts, None, False),
    ("AN001", F8, s("potenzialanalyse.ausnahme.bis", date(2027, 1, 10)), None, False),
    ("AN001", F8, s("potenzialanalyse.ausnahme.bis", date(2027, 1, 11)), None, True),
    ("AN001", F8, dazu("gespraeche", FRUEHES_GESPRAECH), None, True),  # an earlier first talk
    ("AN001", F8, alle(s("gespraeche", []), SPAETES_ENDE), None, True),  # from the PA's date
    ("TE001", F1, s("termine.folgegespraech", date(2026, 12, 6)), None, True),  # a Sunday
    ("TE001", F1, s("termine.folgegespraech", date(2026, 12, 24)), None, False),
    ("FG001", F2, s("gespraeche.1.aktivitaeten.bewerbungen", None), None, True),
    ("FG001", F2, s("gespraeche.1.aktivitaeten", None), None, True),
    ("FG001", F2, nichts, None, False),
    ("FG002", F2, nichts, None, True),
    ("FG002", F2, nichts, date(2026, 11, 17), False),  # due today is still ahead
    ("FG002", F8, nichts, None, False),  # Ausnahme
    # F14's last conversation: 04.08.2026; 90 days later is 02.11.2026
    ("KO001", F14, nichts, date(2026, 11, 3), True),
    ("KO001", F14, nichts, date(2026, 11, 2), False),  # exactly kontakt_tage days
    ("KO001", F12, nichts, None, False),  # no conversation yet: nothing to miss
    ("KO001", F14, dazu("gespraeche", GESPRAECH), None, False),
    ("KO001", F14, dazu("gespraeche", {**GESPRAECH, "datum": date(2026, 12, 2)}), None, True),
    ("IP001", F1, s("integrationsprognose", None), None, True),
    ("IP001", F8, s("integrationsprognose", None), None, True),
    ("IP001", F12, nichts, None, False),
    ("IP002", F1, s("integrationsprognose", "integriert-hilfebeduerftig"), None, True),
    ("IP002", F6, nichts, None, False),
    ("IP003", F1, s("integrationsprognose", "zuordnung-nicht-erforderlich"), None, True),
    ("IP003", F8, s("integrationsprognose", "marktnah"), None, True),
    ("IP003", F8, nichts, None, False),
    ("IP004", F1, s("unterstuetzungsbedarf", "hoeher"), None, True),
    ("IP004", F1, s("unterstuetzungsbedarf", None), None, True),
    ("IP004", F4, nichts, None, False),  # SGB II
    (
        "IP004",
        F8,
        nichts,
        None,
        False,
    ),  # no Unterstützungsbedarf for "Zuordnung nicht erforderlich"
    ("IP005", F1, s("gespraeche.0.prognose", None), None, True),
    ("IP005", F2, s("gespraeche.0.prognose", None), None, False),  # only the latest counts
    ("DO001", F1, s("gespraeche.0.vermerk", None), None, True),
    ("DO001", F1, s("gespraeche.0.vermerk", " "), None, True),
    ("DO001", F1, nichts, None, False),
    ("NH001", F11, s("nachhaltigkeit.nachbetreuung_geprueft", None), None, True),
    ("NH001", F11, nichts, None, False),
    (
        "NH001",
        F11,
        alle(s("nachhaltigkeit.nachbetreuung_geprueft", None), s("abschluss.grund", "rente")),
        None,
        False,
    ),
    ("DA004", F1, s("bemerkung", "von Hand ergänzt"), None, True),
    ("DA004", F1, nichts, None, False),
    ("KA001", F1, s("ziel.option", "weltreise"), None, True),
    ("KA001", F1, nichts, None, False),
]


@pytest.mark.parametrize(
    ("code", "fall", "aenderung", "stichtag", "feuert"),
    FAELLE,
    ids=[f"{c}-{'feuert' if f else 'nicht'}-{i}" for i, (c, _, _, _, f) in enumerate(FAELLE)],
)
def test_regel(
    tmp_path: Path,
    code: str,
    fall: str,
    aenderung: Callable[[CommentedMap], None],
    stichtag: date | None,
    feuert: bool,
) -> None:
    daten = demo_daten(fall)
    aenderung(daten)
    befunde = pruefe(tmp_path, daten, stichtag or date(2026, 12, 1))
    assert (code in codes(befunde)) is feuert, [(b.code, b.meldung) for b in befunde]


def test_jede_regel_hat_einen_feuernden_und_einen_ruhigen_fall() -> None:
    fachlich = [r.code for r in REGELWERK if r.funktion is not None] + ["DA004", "KA001"]
    for code in fachlich:
        ergebnisse = {f for c, _, _, _, f in FAELLE if c == code}
        assert ergebnisse == {True, False}, code


def test_befund_zeigt_auf_die_zeile_des_elements(tmp_path: Path) -> None:
    daten = demo_daten(F14)
    befunde = {b.code: b for b in pruefe(tmp_path, daten)}
    zeilen = (tmp_path / "cases" / f"{F14}.yaml").read_text(encoding="utf-8").splitlines()

    def zeile(b: str) -> str:
        return zeilen[befunde[b].zeile - 1]

    assert zeile("ST001") == "    - code: oertliche-mobilitaet"
    assert zeile("ZI002") == "      bis: null"
    assert zeile("PR001") == (
        "    leitfragen: {passgenau: true, erfolgswahrscheinlichkeit: null, foerdervoraussetzungen: true}"
    )
    assert zeile("VE008") == "  ausgehaendigt: false"
    assert zeile("FG001") == "    aktivitaeten:"


def test_fehlender_abschnitt_zeigt_auf_den_nachbarn(tmp_path: Path) -> None:
    daten = demo_daten(F4)
    del daten["vereinbarung"]  # VE003: no key to point at -> the Potenzialanalyse
    (b,) = [b for b in pruefe(tmp_path, daten) if b.code == "VE003"]
    zeilen = (tmp_path / "cases" / f"{F4}.yaml").read_text(encoding="utf-8").splitlines()
    assert zeilen[b.zeile - 1] == "potenzialanalyse:"


def test_meldungen_nennen_bezeichnungen_und_keine_kundentexte(tmp_path: Path) -> None:
    daten = demo_daten(F14)
    befunde = pruefe(tmp_path, daten)
    text = "\n".join(b.meldung for b in befunde)
    assert "„Örtliche Mobilität“" in text
    assert "Fahrverbot" not in text and "Jürgen" not in text


@pytest.mark.parametrize(
    ("regel", "fall", "aenderung", "meldung"),
    [
        ("PR001", F1, s("produkte.0.leitfragen", None),
         "Produkteinsatz Nr. 1 ist nicht ausreichend begründet: Leitfragen 1 „Ist der "
         "Produkteinsatz passgenau und erforderlich …“, 2 „Besteht hohe "
         "Erfolgswahrscheinlichkeit?“ und 3 „Liegen bei Förderleistungen die individuellen "
         "Fördervoraussetzungen vor?“ nicht bejaht"),
        ("PA005", F8, s("potenzialanalyse.ausnahme.grund", "paragraph-10-sgb2"),
         "Die Ausnahme c) „bei Kundinnen bzw. Kunden …“ gilt nur im SGB II"),
        ("PA005", F8, s("potenzialanalyse.ausnahme.grund", "reha-nur-studium"),
         "Die Ausnahme „Eine Integration in den Arbeitsmarkt kann aufgrund "
         "behinderungsbedingter …“ gilt nur für Rehabilitandinnen und Rehabilitanden"),
        ("PA006", F8, s("potenzialanalyse.ausnahme.bis", None),
         "Die Ausnahme a) „wenn das Ende der Arbeitslosigkeit bzw. der Hilfebedürftigkeit bereits "
         "zu einem …“ braucht ein Datum: Ende der Ausnahme (bis)"),
        ("PR002", F1, s("produkte.0.ende", date(2020, 1, 1)),
         "Produkt Nr. 1 endet (geplantes Ende) vor seinem Beginn"),
    ],
)  # fmt: skip
def test_meldungen_nennen_bezeichnungen_statt_codes(
    tmp_path: Path, regel: str, fall: str, aenderung: Callable[[CommentedMap], None], meldung: str
) -> None:
    """People read catalog labels (shortened where the verbatim text is long), not codes."""
    daten = demo_daten(fall)
    aenderung(daten)
    assert [b.meldung for b in pruefe(tmp_path, daten) if b.code == regel] == [meldung]


def test_abgeschlossene_faelle_werden_nur_auf_nachhaltigkeit_geprueft(tmp_path: Path) -> None:
    daten = demo_daten(F11)
    setze(daten, "vereinbarung.ausgehaendigt", False)  # would be VE008 in an active case
    setze(daten, "nachhaltigkeit.nachbetreuung_geprueft", None)
    assert codes(pruefe(tmp_path, daten)) == {"NH001"}


def test_unbekannter_code_haelt_die_uebrigen_regeln_nicht_auf(tmp_path: Path) -> None:
    daten = demo_daten(F14)
    setze(daten, "potenzialanalyse.handlungsbedarfe.0.code", "fuehrerschein")
    befunde = codes(pruefe(tmp_path, daten))
    assert {"KA001", "ST001", "PR001", "FG001"} <= befunde
