"""Date input as SPEC §5 allows it, and the German display form."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vier_phasen_cli.domain.datum import DatumsFehler, deutsch, lies_datum

HEUTE = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("eingabe", "erwartet"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("1.12.2026", date(2026, 12, 1)),
        ("01.12.2026", date(2026, 12, 1)),
        ("heute", HEUTE),
        ("morgen", date(2026, 11, 24)),
        ("übermorgen", date(2026, 11, 25)),
        ("Uebermorgen", date(2026, 11, 25)),
        (" Heute ", HEUTE),
        ("+14", date(2026, 12, 7)),
        ("+0", HEUTE),
        ("-23", date(2026, 10, 31)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_erlaubte_formen(eingabe: str, erwartet: date) -> None:
    assert lies_datum(eingabe, HEUTE) == erwartet


@pytest.mark.parametrize(
    ("eingabe", "meldung"),
    [
        ("gestern", "„gestern“ ist kein Datum. Erlaubt sind JJJJ-MM-TT, TT.MM.JJJJ"),
        ("31.02.2026", "Den 31.02.2026 gibt es nicht."),
        ("2027-02-29", "Den 29.02.2027 gibt es nicht."),
        ("12/01/2026", "„12/01/2026“ ist kein Datum."),
        ("", "„“ ist kein Datum."),
    ],
)
def test_fehler_sind_deutsch(eingabe: str, meldung: str) -> None:
    with pytest.raises(DatumsFehler) as info:
        lies_datum(eingabe, HEUTE)
    assert str(info.value).startswith(meldung)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_anzeige_und_iso_lassen_sich_wieder_lesen(tag: date) -> None:
    assert lies_datum(deutsch(tag), HEUTE) == tag
    assert lies_datum(tag.isoformat(), HEUTE) == tag


def test_leeres_datum_wird_strich() -> None:
    assert deutsch(None) == "–"
    assert deutsch(date(2026, 3, 4)) == "04.03.2026"
