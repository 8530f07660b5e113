"""The due report in every format: table (Rich), JSON (SPEC §5), CSV, Markdown (template), ICS."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fristen import STATUS_TEXT, Berichtszeile, horizont, wann
from vier_phasen_cli.render.csvdatei import csv_text
from vier_phasen_cli.render.jsondatei import json_stuecke

SPALTEN = (
    "fall",
    "name",
    "fachkraft",
    "rechtskreis",
    "art",
    "faellig_am",
    "fenster_ab",
    "status",
    "tage",
    "text",
    "fundstelle",
)


def _daten(z: Berichtszeile) -> dict[str, Any]:
    """One item in machine form (dates stay dates: JSON and CSV write them as ISO)."""
    f, k = z.frist, z.fall
    return {
        "fall": f.fall,
        "name": k.name,
        "fachkraft": k.fachkraft,
        "rechtskreis": k.rechtskreis,
        "art": f.art,
        "faellig_am": f.faellig_am,
        "fenster_ab": f.fenster_ab,
        "status": z.status,
        "tage": z.tage,
        "text": f.text,
        "fundstelle": f.fundstelle,
    }


def als_json(
    stichtag: date, tage: int, zeilen: Sequence[Berichtszeile], fehler: list[dict[str, Any]]
) -> Iterator[str]:
    """The report as JSON text (SPEC §5), written item by item."""
    kopf = {"stichtag": stichtag.isoformat(), "tage": tage}
    return json_stuecke("eintraege", map(_daten, zeilen), {"fehler": fehler}, kopf)


def als_csv(zeilen: Sequence[Berichtszeile]) -> str:
    return csv_text(SPALTEN, (_daten(z) for z in zeilen))


def zusammenfassung(zeilen: Sequence[Berichtszeile], stichtag: date, tage: int) -> str:
    """``3 überfällig, 5 fällig bis 15.12.2026. Je Fachkraft: A. Wagner 1 überfällig, …``"""
    bis = deutsch(horizont(stichtag, tage))
    zaehler = Counter(z.status for z in zeilen)
    teile = [f"{zaehler['ueberfaellig']} überfällig", f"{zaehler['faellig']} fällig bis {bis}"]
    if zaehler["geplant"]:
        teile.append(f"{zaehler['geplant']} später")
    text = ", ".join(teile) + "."
    fachkraefte = sorted({z.fall.fachkraft for z in zeilen}, key=str.casefold)
    if len(fachkraefte) > 1:
        je = []
        for name in fachkraefte:
            eigene = Counter(z.status for z in zeilen if z.fall.fachkraft == name)
            je.append(f"{name} {eigene['ueberfaellig']} überfällig, {eigene['faellig']} fällig")
        text += " Je Fachkraft: " + "; ".join(je) + "."
    return text


_STIL = {"ueberfaellig": "red", "faellig": "yellow", "geplant": ""}


def als_tabelle(zeilen: Sequence[Berichtszeile]) -> Any:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    tabelle = Table(
        box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0)
    )
    tabelle.add_column("Fällig", no_wrap=True)
    tabelle.add_column("Wann", no_wrap=True)
    tabelle.add_column("Fall", no_wrap=True)
    tabelle.add_column("Name", overflow="fold", min_width=12)
    # A caseworker's own report has one Fachkraft: then the column says nothing.
    mit_fachkraft = len({z.fall.fachkraft for z in zeilen}) > 1
    if mit_fachkraft:
        tabelle.add_column("Fachkraft", overflow="fold")
    tabelle.add_column("Was", overflow="fold", min_width=24)
    for z in zeilen:
        f = z.frist
        was = Text(f.text).append(f"  [{f.fundstelle}]", style="dim")
        zellen: list[Any] = [f.faellig_am.strftime("%d.%m.%Y"), wann(z.tage), f.fall]
        zellen.append(Text(z.fall.name))
        if mit_fachkraft:
            zellen.append(Text(z.fall.fachkraft))
        tabelle.add_row(*zellen, was, style=_STIL[z.status])
    return tabelle


def als_markdown(
    env: Any,
    stichtag: date,
    tage: int,
    zeilen: Sequence[Berichtszeile],
    fehler: list[dict[str, Any]],
    dienststelle: dict[str, str],
) -> str:
    from vier_phasen_cli.render.vorlagen import rendere

    eintraege = [
        {**_daten(z), "wann": wann(z.tage), "status_text": STATUS_TEXT[z.status]} for z in zeilen
    ]
    for e, z in zip(eintraege, zeilen, strict=True):
        e["faellig_am"], e["fenster_ab"] = z.frist.faellig_am, z.frist.fenster_ab
    kontext = {
        "stichtag": stichtag,
        "tage": tage,
        "bis": horizont(stichtag, tage),
        "eintraege": eintraege,
        "ueberfaellig": [e for e in eintraege if e["status"] == "ueberfaellig"],
        "faellig": [e for e in eintraege if e["status"] == "faellig"],
        "geplant": [e for e in eintraege if e["status"] == "geplant"],
        "fehler": fehler,
        "zusammenfassung": zusammenfassung(zeilen, stichtag, tage),
        "dienststelle": dienststelle,
    }
    return str(rendere(env, "faellig.md.j2", kontext))


def als_ics(zeilen: Sequence[Berichtszeile], stichtag: date) -> str:
    """One all-day VEVENT per item; the UID is stable per case and item, so a re-import
    updates events instead of duplicating them."""
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
        # With --pseudonym the name is the case's pseudonym: no need to say it twice.
        wer = z.fall.name if z.fall.name == f.fall else f"{z.fall.name} ({f.fall})"
        ereignis.add("summary", f"{f.text} – {wer}")
        beschreibung = [
            f"Fall {f.fall}, Fachkraft {z.fall.fachkraft}, {z.fall.rechtskreis}",
            f"Integrationskonzept {f.fundstelle}",
        ]
        if f.fenster_ab:
            beschreibung.append(f"Zeitraum ab {f.fenster_ab:%d.%m.%Y}")
        ereignis.add("description", "\n".join(beschreibung))
        ereignis.add("categories", [f.art])
        ereignis.add("transp", "TRANSPARENT")
        kalender.add_component(ereignis)
    ical: bytes = kalender.to_ical()
    return ical.decode("utf-8")
