"""``faellig --format ics`` writes the calendar itself, line by line: byte for byte what the
icalendar library wrote from its objects (escaping, folding at 75 octets between whole
letters and escapes, the order of properties), for any text a case may hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vier_phasen_cli.domain.fristen import Berichtszeile, Fallkopf, Frist
from vier_phasen_cli.render.faelligbericht import als_ics, ereignistexte


def _mit_icalendar(zeilen: list[Berichtszeile], stichtag: date) -> str:
    """The calendar as the icalendar library builds it (the writer until issue 19)."""
    from icalendar import Calendar, Event

    kalender = Calendar()
    kalender.add("prodid", "-//vier-phasen//Fristen//DE")
    kalender.add("version", "2.0")
    kalender.add("x-wr-calname", "vier-phasen: Fristen")
    stempel = datetime(stichtag.year, stichtag.month, stichtag.day, tzinfo=UTC)
    for z in zeilen:
        f = z.frist
        ereignis = Event()
        ereignis.add("uid", f"{f.fall}-{f.schluessel}-{f.art}@vier-phasen")
        ereignis.add("dtstamp", stempel)
        ereignis.add("dtstart", f.faellig_am)
        ereignis.add("dtend", f.faellig_am + timedelta(days=1))
        titel, beschreibung = ereignistexte(z)  # the texts are shared; the encoding is compared
        ereignis.add("summary", titel)
        ereignis.add("description", beschreibung)
        ereignis.add("categories", [f.art])
        ereignis.add("transp", "TRANSPARENT")
        kalender.add_component(ereignis)
    ical: bytes = kalender.to_ical()
    return ical.decode("utf-8")


_ZEICHEN = [*"aä ß,;:\\^N\n\r\t\x1b\u009b–€𝄞中́", "\\N", "a" * 70, "ü" * 40]
text = st.lists(st.sampled_from(_ZEICHEN), max_size=40).map("".join)
tag = st.dates(date(2000, 1, 1), date(2099, 12, 30))


@st.composite
def berichtszeilen(draw: st.DrawFn) -> Berichtszeile:
    fall = draw(text.filter(bool))
    kopf = Fallkopf(fall, draw(st.sampled_from([fall, "Ölçü Şahin", "x"])), draw(text),
                    draw(st.sampled_from(["SGB II", "SGB III"])), "aktiv")  # fmt: skip
    frist = Frist(fall, draw(text), draw(text), draw(tag), draw(st.none() | tag), draw(text),
                  draw(text), draw(st.none() | tag))  # fmt: skip
    return Berichtszeile(kopf, frist, "faellig", 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(berichtszeilen(), max_size=4), tag)
def test_ics_wie_icalendar(zeilen: list[Berichtszeile], stichtag: date) -> None:
    assert "".join(als_ics(zeilen, stichtag)) == _mit_icalendar(zeilen, stichtag)


def test_viele_fristen_in_stuecken_wie_icalendar() -> None:
    """Written in pieces of 500 events (a report over 100,000 cases never holds the whole
    calendar as text): across the pieces' seams, the same bytes."""
    kopf = Fallkopf("F1", "Erika Muster", "M. Schmidt", "SGB II", "aktiv")
    zeilen = [
        Berichtszeile(kopf, Frist("F1", f"k{n}", "folgegespraech", date(2026, 12, 1 + n % 28),
                                  None, f"Termin {n}", "3.4.3", None), "faellig", n % 28)
        for n in range(1201)
    ]  # fmt: skip
    stuecke = list(als_ics(zeilen, date(2026, 12, 1)))
    assert len(stuecke) == 5  # head, 500, 500, 201, end
    assert "".join(stuecke) == _mit_icalendar(zeilen, date(2026, 12, 1))
