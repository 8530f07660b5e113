"""The three-way merge of case data (SPEC §11, identities §16), rule by rule, and its
properties: a side without changes gives the other side, whatever the data."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vier_phasen_cli.domain.dreiwege import FEHLT, zusammenfuehren

D = date


def _merge(b: Any, o: Any, t: Any) -> Any:
    """The merged data, asserting there was no conflict."""
    ergebnis = zusammenfuehren(b, o, t)
    assert ergebnis.konflikte == (), ergebnis.konflikte
    assert ergebnis.ihre_fassung == ergebnis.daten
    return ergebnis.daten


def _g(datum: date, vermerk: str) -> dict[str, Any]:
    return {"datum": datum, "art": "folgegespraech", "vermerk": vermerk}


def test_gespraeche_beider_seiten_bleiben_auch_am_selben_tag() -> None:
    basis = {"gespraeche": [_g(D(2026, 10, 1), "Erstgespräch")]}
    unsere = {"gespraeche": [*basis["gespraeche"], _g(D(2026, 11, 23), "Notiz von Schmidt")]}
    ihre = {"gespraeche": [*basis["gespraeche"], _g(D(2026, 11, 23), "Notiz von Weber")]}
    assert [g["vermerk"] for g in _merge(basis, unsere, ihre)["gespraeche"]] == [
        "Erstgespräch", "Notiz von Schmidt", "Notiz von Weber"
    ]  # fmt: skip


def test_ein_gespraech_beider_seiten_mit_gleichem_inhalt_steht_einmal_da() -> None:
    basis: dict[str, Any] = {"gespraeche": []}
    gleich = {"gespraeche": [_g(D(2026, 11, 23), "dasselbe")]}
    assert _merge(basis, gleich, copy.deepcopy(gleich)) == gleich


def test_ein_frueheres_gespraech_der_anderen_seite_kommt_in_die_datumsfolge() -> None:
    basis = {"gespraeche": [_g(D(2026, 10, 1), "Erst")]}
    unsere = {"gespraeche": [*basis["gespraeche"], _g(D(2026, 11, 23), "später")]}
    ihre = {"gespraeche": [*basis["gespraeche"], _g(D(2026, 11, 20), "früher")]}
    assert [g["vermerk"] for g in _merge(basis, unsere, ihre)["gespraeche"]] == [
        "Erst", "früher", "später"
    ]  # fmt: skip


def test_historien_und_wechsel_nach_ganzem_inhalt() -> None:
    alt = {"datum": D(2026, 10, 1), "ziel": {"option": "a"}}
    basis: dict[str, Any] = {"ziel_historie": [alt], "wechsel": []}
    w1 = {"datum": D(2026, 11, 2), "feld": "fachkraft", "von": "A", "nach": "B"}
    w2 = {"datum": D(2026, 11, 3), "feld": "rechtskreis", "von": "SGB III", "nach": "SGB II"}
    h = {"datum": D(2026, 11, 4), "ziel": {"option": "b"}}
    unsere = {"ziel_historie": [alt, h], "wechsel": [w1]}
    ihre = {
        "ziel_historie": [alt],
        "wechsel": [w2],
        "abschluss_historie": [{"datum": D(2026, 11, 5)}],
    }
    assert _merge(basis, unsere, ihre) == {
        "ziel_historie": [alt, h],
        "wechsel": [w1, w2],
        "abschluss_historie": [{"datum": D(2026, 11, 5)}],
    }


def test_strategien_nach_code_felder_dreiseitig() -> None:
    s1 = {"code": "vermittlung", "handlungsbedarf": None, "aktivitaeten": []}
    s2 = {"code": "mobilitaet-erhoehen", "handlungsbedarf": "oertliche-mobilitaet"}
    basis = {"strategien": [s1, s2]}
    unsere = copy.deepcopy(basis)
    unsere["strategien"][1]["beendet"] = D(2026, 11, 23)
    ihre = copy.deepcopy(basis)
    ihre["strategien"][0]["aktivitaeten"] = [{"nr": 1, "wer": "kunde", "was": "x"}]
    ihre["strategien"].append({"code": "neu", "handlungsbedarf": None})
    assert _merge(basis, unsere, ihre)["strategien"] == [
        {**s1, "aktivitaeten": [{"nr": 1, "wer": "kunde", "was": "x"}]},
        {**s2, "beendet": D(2026, 11, 23)},
        {"code": "neu", "handlungsbedarf": None},
    ]


def test_handlungsbedarfe_nach_code_und_staerken_nach_art_und_text() -> None:
    basis = {"potenzialanalyse": {
        "handlungsbedarfe": [{"code": "a", "erledigt": None}, {"code": "b", "notiz": "alt"}],
        "staerken": [{"art": "x", "text": "eins"}, {"art": "x", "text": "zwei"}],
    }}  # fmt: skip
    unsere = copy.deepcopy(basis)
    unsere["potenzialanalyse"]["handlungsbedarfe"][0]["erledigt"] = D(2026, 11, 20)
    unsere["potenzialanalyse"]["staerken"].append({"art": "y", "text": "drei"})
    ihre = copy.deepcopy(basis)
    ihre["potenzialanalyse"]["handlungsbedarfe"][1]["notiz"] = "neu"
    del ihre["potenzialanalyse"]["staerken"][0]  # removed, unchanged on our side
    ihre["potenzialanalyse"]["staerken"].append({"art": "z", "text": "vier"})
    pa = _merge(basis, unsere, ihre)["potenzialanalyse"]
    assert pa["handlungsbedarfe"] == [
        {"code": "a", "erledigt": D(2026, 11, 20)}, {"code": "b", "notiz": "neu"}
    ]  # fmt: skip
    assert [s["text"] for s in pa["staerken"]] == ["zwei", "drei", "vier"]


def test_produkte_nach_bezeichnung_und_beginn() -> None:
    p = {"bezeichnung": "Kurs", "beginn": D(2026, 11, 2), "austritt": None, "abbruch": False}
    neu = {"bezeichnung": "Kurs", "beginn": D(2027, 2, 1), "austritt": None}
    basis = {"produkte": [p]}
    unsere = {"produkte": [{**p, "austritt": D(2026, 11, 30)}]}
    ihre = {"produkte": [{**p, "abbruch": True}, neu]}
    assert _merge(basis, unsere, ihre)["produkte"] == [
        {**p, "austritt": D(2026, 11, 30), "abbruch": True}, neu
    ]  # fmt: skip


def _eb(nr: int | None, text: str, **felder: Any) -> dict[str, Any]:
    eintrag: dict[str, Any] = {"text": text, "frist": D(2026, 12, 1), "erledigt": None, **felder}
    return eintrag if nr is None else {"nr": nr, **eintrag}


def test_eintraege_nach_nr_abgehakt_auf_beiden_seiten_und_gleiche_nr_zweimal_neu() -> None:
    basis = {"vereinbarung": {"eigenbemuehungen": [_eb(1, "eins"), _eb(2, "zwei")]}}
    unsere = {"vereinbarung": {"eigenbemuehungen": [
        _eb(1, "eins", erledigt=D(2026, 11, 20)), _eb(2, "zwei"), _eb(3, "unsere neue"),
    ]}}  # fmt: skip
    ihre = {"vereinbarung": {"eigenbemuehungen": [
        _eb(1, "eins"), _eb(2, "zwei", erledigt=D(2026, 11, 21)), _eb(3, "ihre neue"),
    ]}}  # fmt: skip
    assert _merge(basis, unsere, ihre)["vereinbarung"]["eigenbemuehungen"] == [
        _eb(1, "eins", erledigt=D(2026, 11, 20)),
        _eb(2, "zwei", erledigt=D(2026, 11, 21)),
        _eb(3, "unsere neue"),
        _eb(4, "ihre neue"),  # the incoming one renumbered to the next free nr
    ]


def test_naechste_freie_nr_ueberspringt_nummern_geloeschter_eintraege() -> None:
    basis = {"wiedervorlagen": [{"nr": 1, "text": "a"}, {"nr": 5, "text": "e"}]}
    unsere = {"wiedervorlagen": [{"nr": 1, "text": "a"}, {"nr": 6, "text": "unsere"}]}
    ihre = {"wiedervorlagen": [*basis["wiedervorlagen"], {"nr": 6, "text": "ihre"}]}
    assert _merge(basis, unsere, ihre)["wiedervorlagen"] == [
        {"nr": 1, "text": "a"}, {"nr": 6, "text": "unsere"}, {"nr": 7, "text": "ihre"}
    ]  # fmt: skip


def test_gleiche_neue_eintraege_beider_seiten_stehen_einmal_da() -> None:
    """Both ticked the same recurring Eigenbemühung: the same successor, once."""
    basis = {"vereinbarung": {"eigenbemuehungen": [_eb(1, "monatlich")]}}
    beide = {"vereinbarung": {"eigenbemuehungen": [
        _eb(1, "monatlich", erledigt=D(2026, 11, 30)), _eb(2, "monatlich"),
    ]}}  # fmt: skip
    unsere = copy.deepcopy(beide)
    unsere["vereinbarung"]["datum"] = D(2026, 10, 1)  # something else changed too
    assert _merge(basis, unsere, beide) == unsere


def test_aktivitaeten_nach_nr_innerhalb_ihrer_strategie_und_ohne_nr_nach_stelle() -> None:
    """Items without a stored nr count by position (as everywhere); a merged list gets every
    number written, so the merge cannot move one item onto another's number."""
    a = {"wer": "kunde", "was": "a", "erledigt": None}
    b = {"wer": "kunde", "was": "b", "erledigt": None}
    basis = {"strategien": [{"code": "s", "aktivitaeten": [a, b]}]}
    unsere = {"strategien": [{"code": "s", "aktivitaeten": [a, {**b, "erledigt": D(2026, 11, 2)}]}]}
    ihre = {
        "strategien": [{"code": "s", "aktivitaeten": [a, b, {"nr": 3, "wer": "kunde", "was": "c"}]}]
    }
    assert _merge(basis, unsere, ihre)["strategien"][0]["aktivitaeten"] == [
        {"nr": 1, **a}, {"nr": 2, **b, "erledigt": D(2026, 11, 2)},
        {"nr": 3, "wer": "kunde", "was": "c"},
    ]  # fmt: skip


def test_textlisten_als_geordnete_vereinigung_und_streichungen_gelten() -> None:
    basis = {"vereinbarung": {"leistungen": ["a", "b"], "andere_traeger": []}}
    unsere = {"vereinbarung": {"leistungen": ["a", "b", "c"], "andere_traeger": ["DRV"]}}
    ihre = {"vereinbarung": {"leistungen": ["b", "d"], "andere_traeger": ["DRV", "Kommune"]}}
    assert _merge(basis, unsere, ihre)["vereinbarung"] == {
        "leistungen": ["b", "c", "d"], "andere_traeger": ["DRV", "Kommune"]
    }  # fmt: skip


def test_termin_und_ueberprueft_nehmen_das_spaetere_datum() -> None:
    basis = {"termine": {"folgegespraech": D(2026, 12, 8)},
             "vereinbarung": {"ueberprueft": None}}  # fmt: skip
    unsere = {"termine": {"folgegespraech": D(2026, 12, 20)},
              "vereinbarung": {"ueberprueft": D(2026, 11, 23)}}  # fmt: skip
    ihre = {"termine": {"folgegespraech": D(2026, 12, 15)},
            "vereinbarung": {"ueberprueft": D(2026, 11, 24)}}  # fmt: skip
    assert _merge(basis, unsere, ihre) == {
        "termine": {"folgegespraech": D(2026, 12, 20)},
        "vereinbarung": {"ueberprueft": D(2026, 11, 24)},
    }


def test_verschieden_geaenderter_wert_ist_ein_konflikt_an_genau_dieser_stelle() -> None:
    basis = {"ziel": {"option": "beschaeftigung-lokal", "beschreibung": "x"}, "reha": False}
    unsere = {"ziel": {"option": "beschaeftigung-ueberregional", "beschreibung": "x"},
              "reha": False}  # fmt: skip
    ihre = {"ziel": {"option": "ausbildung", "beschreibung": "x"}, "reha": True}
    ergebnis = zusammenfuehren(basis, unsere, ihre)
    assert [k.pfad for k in ergebnis.konflikte] == [("ziel", "option")]
    assert ergebnis.daten == {"ziel": unsere["ziel"], "reha": True}
    assert ergebnis.ihre_fassung == {"ziel": ihre["ziel"], "reha": True}


def test_ein_anderes_datum_auf_beiden_seiten_ist_ein_konflikt() -> None:
    basis = {"vereinbarung": {"eigenbemuehungen": [_eb(1, "eins")]}}
    unsere = {"vereinbarung": {"eigenbemuehungen": [_eb(1, "eins", erledigt=D(2026, 11, 2))]}}
    ihre = {"vereinbarung": {"eigenbemuehungen": [_eb(1, "eins", erledigt=D(2026, 11, 3))]}}
    ergebnis = zusammenfuehren(basis, unsere, ihre)
    assert [k.pfad for k in ergebnis.konflikte] == [
        ("vereinbarung", "eigenbemuehungen", 0, "erledigt")
    ]


def test_geloescht_auf_einer_seite_und_geaendert_auf_der_anderen_ist_ein_konflikt() -> None:
    basis = {"wiedervorlagen": [{"nr": 1, "text": "a", "erledigt": None}], "notiz": "x"}
    unsere = {"wiedervorlagen": [], "notiz": "y"}
    ihre = {"wiedervorlagen": [{"nr": 1, "text": "a", "erledigt": D(2026, 11, 2)}]}
    ergebnis = zusammenfuehren(basis, unsere, ihre)
    assert [k.pfad for k in ergebnis.konflikte] == [("wiedervorlagen", 0), ("notiz",)]
    assert ergebnis.daten == {"wiedervorlagen": [], "notiz": "y"}
    assert ergebnis.ihre_fassung == {"wiedervorlagen": ihre["wiedervorlagen"]}


def test_loeschen_ohne_aenderung_der_anderen_seite_gilt() -> None:
    basis = {"abschluss": {"datum": D(2026, 11, 1), "grund": "x"}, "status": "abgeschlossen",
             "wiedervorlagen": [{"nr": 1, "text": "a"}, {"nr": 2, "text": "b"}]}  # fmt: skip
    unsere = {"status": "aktiv", "wiedervorlagen": basis["wiedervorlagen"]}
    ihre = {**basis, "wiedervorlagen": [{"nr": 2, "text": "b"}], "fachkraft": "neu"}
    assert _merge(basis, unsere, ihre) == {
        "status": "aktiv", "wiedervorlagen": [{"nr": 2, "text": "b"}], "fachkraft": "neu"
    }  # fmt: skip


def test_ohne_gemeinsame_fassung_wird_alles_gleiche_uebernommen() -> None:
    unsere = {"id": "X", "kunde": {"name": "A"}, "gespraeche": [_g(D(2026, 1, 1), "a")]}
    ihre = {"id": "X", "kunde": {"name": "B"}, "gespraeche": [_g(D(2026, 1, 2), "b")]}
    ergebnis = zusammenfuehren(FEHLT, unsere, ihre)
    assert [k.pfad for k in ergebnis.konflikte] == [("kunde", "name")]
    assert len(ergebnis.daten["gespraeche"]) == 2


def test_wahrheitswert_und_zahl_sind_verschieden() -> None:
    ergebnis = zusammenfuehren({"a": 1}, {"a": True}, {"a": 1.0})
    assert [k.pfad for k in ergebnis.konflikte] == [("a",)]


# --- properties ---------------------------------------------------------------------------

_SCHLUESSEL = st.sampled_from([
    "gespraeche", "strategien", "code", "nr", "text", "datum", "aktivitaeten", "vereinbarung",
    "eigenbemuehungen", "leistungen", "termine", "folgegespraech", "ziel_historie", "x",
])  # fmt: skip
_SKALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 5),
    st.text(max_size=4),
    st.dates(date(2026, 1, 1), date(2026, 1, 9)),
)
_DATEN = st.recursive(
    _SKALAR,
    lambda innen: st.one_of(
        st.lists(innen, max_size=4), st.dictionaries(_SCHLUESSEL, innen, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_DATEN, _DATEN)
def test_eine_unveraenderte_seite_ergibt_die_andere(basis: Any, andere: Any) -> None:
    for ergebnis in (zusammenfuehren(basis, basis, andere), zusammenfuehren(basis, andere, basis)):
        assert ergebnis.konflikte == ()
        assert repr(ergebnis.daten) == repr(andere)


@settings(max_examples=300, deadline=None)
@given(_DATEN, _DATEN)
def test_gleiche_aenderung_beider_seiten_ist_kein_konflikt(basis: Any, beide: Any) -> None:
    ergebnis = zusammenfuehren(basis, beide, copy.deepcopy(beide))
    assert ergebnis.konflikte == ()
    assert repr(ergebnis.daten) == repr(beide)


@settings(max_examples=300, deadline=None)
@given(_DATEN, _DATEN, _DATEN)
def test_die_eingaben_bleiben_unveraendert(basis: Any, unsere: Any, ihre: Any) -> None:
    vorher = repr((basis, unsere, ihre))
    zusammenfuehren(basis, unsere, ihre)
    assert repr((basis, unsere, ihre)) == vorher
