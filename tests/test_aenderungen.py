"""The change lines of a save and of ``verlauf``: lists compare by the merge's identities."""

from __future__ import annotations

from datetime import date

from vier_phasen_cli.render.aenderungen import aenderungszeilen


def test_eintraege_mit_nummer_und_code_werden_ueber_ihre_identitaet_verglichen() -> None:
    alt = {
        "wiedervorlagen": [{"nr": 1, "am": date(2026, 12, 1), "text": "A"}],
        "strategien": [{"code": "S1", "status": "offen"}, {"code": "S2", "status": "offen"}],
    }
    neu = {
        "wiedervorlagen": [
            {"nr": 2, "am": date(2026, 11, 30), "text": "Neu"},
            {"nr": 1, "am": date(2026, 12, 1), "text": "A"},
        ],
        "strategien": [{"code": "S2", "status": "beendet"}],
    }
    assert aenderungszeilen(alt, neu) == [
        "+ wiedervorlagen[1].nr: 2",
        "+ wiedervorlagen[1].am: 30.11.2026",
        "+ wiedervorlagen[1].text: Neu",
        "~ strategien[1].status: offen → beendet",
        "- strategien[1]: {code: S1, status: offen}",
    ]


def test_wechsel_und_historie_als_ganze_eintraege() -> None:
    wechsel = {"datum": date(2026, 11, 20), "feld": "fachkraft", "von": "A", "nach": "B"}
    historie = {"datum": date(2026, 11, 20), "ziel": {"option": "studium"}}
    assert aenderungszeilen(
        {"wechsel": []}, {"wechsel": [wechsel], "ziel_historie": [historie]}
    ) == [
        "+ wechsel: fachkraft: A → B am 20.11.2026",
        "+ ziel_historie: ziel abgelöst am 20.11.2026: {option: studium}",
    ]
