"""The deadline engine (SPEC §8), kind by kind, at its boundaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import pytest
from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.fristen import Fallkopf, Frist, bericht, fristen, wann
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .fallbau import demo_daten, setze

F1, F2, F3, F4, F5 = "911A100001", "911A100002", "911A100003", "911A100004", "911A100005"
F8, F9, F11, F12, F13 = "911A100008", "911A100009", "911A100011", "911A100012", "911A100013"


@cache
def kataloge() -> Kataloge:
    return lade_kataloge()


def _fristen(
    fall_id: str, *aenderungen: Callable[[CommentedMap], object], art: str | None = None
) -> list[Frist]:
    daten = demo_daten(fall_id)
    for a in aenderungen:
        a(daten)
    alle = fristen(Fall.model_validate(daten), kataloge())
    return [f for f in alle if art is None or f.art == art]


def s(pfad: str, wert: object) -> Callable[[CommentedMap], None]:
    return lambda d: setze(d, pfad, wert)


def _nur(fall_id: str, art: str, *aenderungen: Callable[[CommentedMap], object]) -> Frist:
    (frist,) = _fristen(fall_id, *aenderungen, art=art)
    return frist


# --- folgegespraech ------------------------------------------------------------------------


def test_folgegespraech_bis_ein_gespraech_an_oder_nach_dem_termin_stattfindet() -> None:
    assert _nur(F2, "folgegespraech").faellig_am == date(2026, 11, 17)
    nachher = {"datum": date(2026, 11, 17), "art": "folgegespraech", "vermerk": "x"}
    assert _fristen(F2, lambda d: d["gespraeche"].append(nachher), art="folgegespraech") == []
    vorher = {"datum": date(2026, 11, 16), "art": "sonstiges", "vermerk": "x"}
    assert len(_fristen(F2, lambda d: d["gespraeche"].append(vorher), art="folgegespraech")) == 1


# --- vereinbarung-abschliessen -------------------------------------------------------------


def test_vereinbarung_abschliessen_sgb3_ab_der_potenzialanalyse() -> None:
    frist = _nur(
        F1,
        "vereinbarung-abschliessen",
        s("vereinbarung", None),
        s("integrationsprognose", "nicht-marktnah"),
    )
    assert (frist.faellig_am, frist.fundstelle) == (date(2026, 10, 1), "3.4.1")
    assert frist.text == "Eingliederungsvereinbarung abschließen"


def test_vereinbarung_abschliessen_marktnah_erst_nach_drei_monaten() -> None:
    assert _nur(F13, "vereinbarung-abschliessen").faellig_am == date(2027, 1, 20)
    # calendar months clamp at the end of the month: 30.11. + 3 Monate = 28.02.
    frist = _nur(F13, "vereinbarung-abschliessen", s("arbeitslos_seit", date(2026, 11, 30)))
    assert frist.faellig_am == date(2027, 2, 28)
    # if the Potenzialanalyse came after the three months, it is due with it
    frist = _nur(F13, "vereinbarung-abschliessen", s("arbeitslos_seit", date(2026, 6, 1)))
    assert frist.faellig_am == date(2026, 10, 27)


def test_kooperationsplan_erstellen_und_aufstockende() -> None:
    frist = _nur(F4, "vereinbarung-abschliessen", s("vereinbarung", None))
    assert (frist.faellig_am, frist.text, frist.fundstelle) == (
        date(2026, 6, 5),
        "Kooperationsplan erstellen",
        "3.4.2",
    )
    assert _fristen(F5, art="vereinbarung-abschliessen") == []  # aufstockend: no Kooperationsplan
    assert _fristen(F4, art="vereinbarung-abschliessen") == []  # there is one


def test_keine_vereinbarung_faellig_bei_ausnahme() -> None:
    assert _fristen(F8, art="vereinbarung-abschliessen") == []


# --- vereinbarung-ueberpruefen -------------------------------------------------------------


@pytest.mark.parametrize(
    ("datum", "erwartet"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),  # 31.08. + 6 Monate = 28.02.
        (date(2027, 8, 31), date(2028, 2, 29)),  # … in a leap year 29.02.
        (date(2026, 6, 5), date(2026, 12, 5)),
    ],
)
def test_ueberpruefen_nach_sechs_kalendermonaten(datum: date, erwartet: date) -> None:
    frist = _nur(F1, "vereinbarung-ueberpruefen", s("vereinbarung.datum", datum))
    assert frist.faellig_am == erwartet


def test_ueberpruefen_zaehlt_ab_der_letzten_ueberpruefung() -> None:
    assert _nur(F2, "vereinbarung-ueberpruefen").faellig_am == date(2027, 3, 14)  # 14.09. + 6
    frist = _nur(F4, "vereinbarung-ueberpruefen")
    assert (frist.text, frist.fundstelle) == (
        "Kooperationsplan aktualisieren bzw. fortschreiben",
        "3.4.2",
    )


def test_ueberpruefen_nicht_fuer_teilhabeplan_und_ohne_datum() -> None:
    assert _fristen("911A100007", art="vereinbarung-ueberpruefen") == []
    assert _fristen(F1, s("vereinbarung.datum", None), art="vereinbarung-ueberpruefen") == []


# --- absolventengespraech ------------------------------------------------------------------


def _massnahme(beginn: date, ende: date, **mehr: object) -> Callable[[CommentedMap], None]:
    def aendern(d: CommentedMap) -> None:
        p = d["produkte"][0]
        p["beginn"], p["ende"], p["austritt"] = beginn, ende, None
        for k, v in mehr.items():
            p[k] = v

    return aendern


def test_massnahme_von_genau_zwei_monaten_hat_das_fenster_ab_vier_wochen_vorher() -> None:
    frist = _nur(F1, "absolventengespraech", _massnahme(date(2026, 9, 1), date(2026, 10, 31)))
    assert (frist.fenster_ab, frist.faellig_am) == (date(2026, 10, 3), date(2026, 11, 28))


def test_einen_tag_kuerzer_beginnt_das_fenster_erst_am_ende() -> None:
    frist = _nur(F1, "absolventengespraech", _massnahme(date(2026, 9, 1), date(2026, 10, 30)))
    assert (frist.fenster_ab, frist.faellig_am) == (date(2026, 10, 30), date(2026, 11, 27))


def test_vorzeitiger_austritt_ist_das_teilnahmeende() -> None:
    frist = _nur(
        F1,
        "absolventengespraech",
        _massnahme(date(2026, 6, 1), date(2026, 12, 31), austritt=date(2026, 10, 15), abbruch=True),
    )
    assert (frist.fenster_ab, frist.faellig_am) == (date(2026, 9, 17), date(2026, 11, 12))


def test_kurze_mag_mit_uebernahme_braucht_kein_gespraech() -> None:
    kurz = _massnahme(date(2026, 11, 2), date(2026, 11, 27), bei_arbeitgeber=True, uebernommen=True)
    assert _fristen(F1, kurz, art="absolventengespraech") == []
    ohne = _massnahme(
        date(2026, 11, 2), date(2026, 11, 27), bei_arbeitgeber=True, uebernommen=False
    )
    assert _nur(F1, "absolventengespraech", ohne).faellig_am == date(2026, 12, 25)
    lang = _massnahme(date(2026, 9, 1), date(2026, 11, 27), bei_arbeitgeber=True, uebernommen=True)
    assert _nur(F1, "absolventengespraech", lang).faellig_am == date(2026, 12, 25)


@pytest.mark.parametrize(
    ("gespraech_am", "noch_faellig"),
    [
        (date(2026, 10, 16), False),  # the first day of the window (13.11. − 28 Tage)
        (date(2026, 10, 15), True),  # a day too early
        (date(2026, 11, 20), False),
        (date(2026, 12, 11), False),  # the last day (13.11. + 28 Tage)
        (date(2026, 12, 12), True),  # a day too late
    ],
)
def test_absolventengespraech_nur_im_fenster(gespraech_am: date, noch_faellig: bool) -> None:
    # 911A100003: Teilqualifikation 03.08.–13.11.2026, window 16.10.–11.12.
    def gespraech(d: CommentedMap) -> None:
        d["gespraeche"].append(
            {"datum": gespraech_am, "art": "absolventengespraech", "vermerk": "x"}
        )

    frist = _fristen(F3, gespraech, art="absolventengespraech")
    assert bool(frist) is noch_faellig


def test_absolventengespraech_zu_einem_anderen_produkt_zaehlt_nicht() -> None:
    def gespraech(d: CommentedMap) -> None:
        d["gespraeche"].append(
            {
                "datum": date(2026, 11, 20),
                "art": "absolventengespraech",
                "vermerk": "x",
                "produkt": "Anderes",
            }
        )

    assert len(_fristen(F3, gespraech, art="absolventengespraech")) == 1


# --- eigenbemuehung, zwischenziel, aktivitaet ----------------------------------------------


def test_offene_eigenbemuehungen_zwischenziele_aktivitaeten() -> None:
    assert [f.faellig_am for f in _fristen(F1, art="eigenbemuehung")] == [
        date(2026, 11, 30),
        date(2027, 1, 15),
    ]
    erledigt = s("vereinbarung.eigenbemuehungen.0.erledigt", date(2026, 11, 28))
    assert [f.faellig_am for f in _fristen(F1, erledigt, art="eigenbemuehung")] == [
        date(2027, 1, 15)
    ]
    ohne_frist = s("vereinbarung.eigenbemuehungen.0.frist", None)
    assert [f.faellig_am for f in _fristen(F1, ohne_frist, art="eigenbemuehung")] == [
        date(2027, 1, 15)
    ]

    assert [f.faellig_am for f in _fristen(F1, art="zwischenziel")] == [date(2027, 2, 28)]
    assert (
        _fristen(F1, s("ziel.zwischenziele.0.erreicht", date(2026, 11, 1)), art="zwischenziel")
        == []
    )

    # two of the three activities are done
    assert [(f.faellig_am, f.schluessel) for f in _fristen(F1, art="aktivitaet")] == [
        (date(2026, 12, 8), "aktivitaet-vermittlung-1")
    ]


# --- potenzialanalyse-nachholen ------------------------------------------------------------


def test_ausnahme_a_endet_mit_bis() -> None:
    frist = _nur(F8, "potenzialanalyse-nachholen")
    assert (frist.faellig_am, frist.fundstelle) == (date(2027, 1, 4), "Anlage 1")
    assert frist.text == "Potenzialanalyse nachholen (Ausnahme nach Anlage 1 a) endet)"


def test_ausnahme_c_nimmt_das_fruehere_von_folgegespraech_und_sechs_monaten() -> None:
    # Ausnahme vom 20.07.2026: spätestens 20.01.2027; Folgegespräch am 15.02.2027
    assert _nur(F9, "potenzialanalyse-nachholen").faellig_am == date(2027, 1, 20)
    frueher = s("termine.folgegespraech", date(2026, 12, 9))
    assert _nur(F9, "potenzialanalyse-nachholen", frueher).faellig_am == date(2026, 12, 9)
    ohne_termin = s("termine.folgegespraech", None)
    assert _nur(F9, "potenzialanalyse-nachholen", ohne_termin).faellig_am == date(2027, 1, 20)


def test_reha_qualifizierung_endet_mit_der_massnahme() -> None:
    frist = _nur(
        F8, "potenzialanalyse-nachholen", s("reha", True),
        s("potenzialanalyse.ausnahme.grund", "reha-qualifizierung-anderer-traeger"),
        s("potenzialanalyse.ausnahme.massnahme_ende", date(2027, 3, 31)),
    )  # fmt: skip
    assert frist.faellig_am == date(2027, 3, 31)


def test_ausnahme_ohne_frist() -> None:
    b = s("potenzialanalyse.ausnahme.grund", "paragraph-145-sgb3")
    assert _fristen(F8, b, art="potenzialanalyse-nachholen") == []


# --- status, cases, report -----------------------------------------------------------------


def test_abgeschlossener_fall_hat_keine_fristen() -> None:
    assert _fristen(F11) == []
    assert _fristen(F1, s("status", "abgeschlossen")) == []


def test_junger_fall_ohne_daten_hat_keine_fristen() -> None:
    assert _fristen(F12) == []


@pytest.mark.parametrize(
    ("stichtag", "status", "tage"),
    [
        (date(2026, 11, 18), "ueberfaellig", -1),
        (date(2026, 11, 17), "faellig", 0),
        (date(2026, 11, 3), "faellig", 14),
        (date(2026, 11, 2), "geplant", 15),
    ],
)
def test_status_am_stichtag(stichtag: date, status: str, tage: int) -> None:
    frist = _nur(F2, "folgegespraech")
    assert (frist.status(stichtag, 14), frist.tage(stichtag)) == (status, tage)


def test_wann() -> None:
    assert [wann(t) for t in (-3, -1, 0, 1, 5)] == [
        "vor 3 Tagen",
        "gestern",
        "heute",
        "morgen",
        "in 5 Tagen",
    ]


def test_bericht_sortiert_und_je_fall() -> None:
    faelle = [
        (Fallkopf.von(fall), fristen(fall, kataloge()))
        for fall in (Fall.model_validate(demo_daten(f)) for f in (F1, F2, F3))
    ]
    zeilen = bericht(faelle, date(2026, 12, 1), 14)
    daten = [z.frist.faellig_am for z in zeilen]
    assert daten == sorted(daten) and {z.status for z in zeilen} == {"ueberfaellig", "faellig"}
    naechste = bericht(faelle, date(2026, 12, 1), 14, alle=True, je_fall=True)
    assert [(z.fall.id, z.frist.art) for z in naechste] == [
        ("911A100002", "folgegespraech"), ("911A100003", "aktivitaet"), ("911A100001", "eigenbemuehung"),
    ]  # fmt: skip
    nur = bericht(faelle, date(2026, 12, 1), 14, nur_ueberfaellig=True)
    assert {z.status for z in nur} == {"ueberfaellig"}
