"""A result computed with an observed Stichtag holds on every day of its Gueltigkeit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vier_phasen_cli.domain.gueltigkeit import BeobachteterStichtag, Gueltigkeit

TAGE = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))

Regel = Callable[[date, list[date]], object]
REGELN: list[Regel] = [
    lambda s, d: [x < s for x in d],
    lambda s, d: [s < x for x in d],
    lambda s, d: [x <= s for x in d],
    lambda s, d: [s >= x for x in d],
    lambda s, d: [x == s for x in d],
    lambda s, d: [s != x for x in d],
    lambda s, d: any(x < s for x in d) and not all(s <= x for x in d),
    lambda s, d: max(d) < s if d else None,
    lambda s, d: sorted([*d, s]).index(s),
    lambda s, d: [x for x in d if x > s],  # the list's contents depend on the day
    lambda s, d: (s - d[0]).days if d else 0,  # arithmetic: only this one day
    lambda s, d: s.isoformat(),
    lambda s, d: f"{s:%d.%m.%Y}",
    lambda s, d: s + timedelta(days=3) > d[0] if d else None,
]


@given(stichtag=TAGE, anderer=TAGE, daten=st.lists(TAGE, max_size=5))
def test_ergebnis_gilt_im_ganzen_zeitraum(stichtag: date, anderer: date, daten: list[date]) -> None:
    for regel in REGELN:
        gueltigkeit = Gueltigkeit()
        ergebnis = regel(BeobachteterStichtag(stichtag, gueltigkeit), daten)
        assert ergebnis == regel(stichtag, daten)
        assert gueltigkeit.umfasst(stichtag)
        if gueltigkeit.umfasst(anderer):
            assert regel(anderer, daten) == ergebnis, (regel, gueltigkeit)


def test_vergleich_engt_genau_ein() -> None:
    g = Gueltigkeit()
    s = BeobachteterStichtag(date(2026, 12, 1), g)
    assert date(2026, 11, 20) < s  # true from 21.11. on
    assert not (s > date(2026, 12, 10))  # true up to 10.12.
    assert (g.ab, g.bis) == (date(2026, 11, 21), date(2026, 12, 10))


def test_unbeobachteter_stichtag_gilt_immer() -> None:
    g = Gueltigkeit()
    BeobachteterStichtag(date(2026, 12, 1), g)
    assert (g.ab, g.bis) == (None, None) and g.umfasst(date(1999, 1, 1))


def test_rechnen_gilt_nur_fuer_den_tag() -> None:
    g = Gueltigkeit()
    s = BeobachteterStichtag(date(2026, 12, 1), g)
    assert s.year == 2026
    assert (g.ab, g.bis) == (date(2026, 12, 1), date(2026, 12, 1))


def test_aeusserste_daten() -> None:
    g = Gueltigkeit()
    s = BeobachteterStichtag(date(2026, 12, 1), g)
    assert not (s < date.min) and s < date.max and s > date.min
    assert g.umfasst(date(2026, 12, 1))
