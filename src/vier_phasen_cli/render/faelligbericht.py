"""The due report in every format: table, JSON (SPEC §5), CSV, Markdown (template), ICS."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fristen import STATUS_TEXT, Berichtszeile, Frist, horizont, wann
from vier_phasen_cli.domain.steuerzeichen import sicher, sicher_einzeilig
from vier_phasen_cli.render.csvdatei import csv_reihen
from vier_phasen_cli.render.jsondatei import STUECK, json_stuecke

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
    "verschoben_von",
)
"""The CSV columns; ``verschoben_von`` (empty unless a deadline moved to the next working
day) came last, so the columns before it keep their places."""


def _daten(z: Berichtszeile) -> dict[str, Any]:
    """One item in machine form (dates stay dates: JSON and CSV write them as ISO)."""
    f, k = z.frist, z.fall
    daten = {
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
    if f.verschoben_von is not None:  # only then (SPEC §14): other items keep their shape
        daten["verschoben_von"] = f.verschoben_von
    return daten


def verschoben_text(tag: date | None) -> str:
    """`` (fiel auf Sa 26.12.2026, § 26 Abs. 3 SGB X)``: why a customer's deadline is later
    than agreed (the table, Markdown and PDF say it alike)."""
    if tag is None:
        return ""
    return f" ({verschoben_grund(tag)})"


def verschoben_grund(tag: date) -> str:
    """``fiel auf Sa 26.12.2026, § 26 Abs. 3 SGB X``."""
    return f"fiel auf {_WOCHENTAGE[tag.weekday()]} {deutsch(tag)}, § 26 Abs. 3 SGB X"


_WOCHENTAGE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def als_json(
    stichtag: date, tage: int, zeilen: Sequence[Berichtszeile], fehler: list[dict[str, Any]]
) -> Iterator[str]:
    """The report as JSON text (SPEC §5), written item by item."""
    kopf = {"stichtag": stichtag.isoformat(), "tage": tage}
    return json_stuecke("eintraege", map(_daten, zeilen), {"fehler": fehler}, kopf, STUECK)


def als_csv(zeilen: Sequence[Berichtszeile]) -> str:
    reihen = (
        (f.fall, k.name, k.fachkraft, k.rechtskreis, f.art, f.faellig_am, f.fenster_ab,
         z.status, z.tage, f.text, f.fundstelle, f.verschoben_von)
        for z in zeilen
        for f, k in ((z.frist, z.fall),)
    )  # fmt: skip
    return csv_reihen(SPALTEN, reihen)


def zusammenfassung(
    zeilen: Sequence[Berichtszeile], stichtag: date, tage: int, nur_ueberfaellig: bool = False
) -> str:
    """``3 überfällig, 5 fällig bis 15.12.2026. Je Fachkraft: A. Wagner 1 überfällig, …``;
    with ``nur_ueberfaellig`` the report holds no due items, and the summary counts none."""
    bis = deutsch(horizont(stichtag, tage))
    # One count of (Fachkraft, status) pairs serves both sums.
    paare = Counter([(z.fall.fachkraft, z.status) for z in zeilen])
    zaehler: Counter[str] = Counter()
    je_fachkraft: dict[str, Counter[str]] = {}
    for (name, status), anzahl in paare.items():
        zaehler[status] += anzahl
        je_fachkraft.setdefault(name, Counter())[status] += anzahl
    if nur_ueberfaellig:
        teile = [f"{zaehler['ueberfaellig']} überfällig am {deutsch(stichtag)} (nur Überfälliges)"]
    else:
        teile = [f"{zaehler['ueberfaellig']} überfällig", f"{zaehler['faellig']} fällig bis {bis}"]
    if zaehler["geplant"]:
        teile.append(f"{zaehler['geplant']} später")
    text = ", ".join(teile) + "."
    if len(je_fachkraft) > 1:
        je = []
        for name in sorted(je_fachkraft, key=str.casefold):
            eigene = je_fachkraft[name]
            zahlen = f"{eigene['ueberfaellig']} überfällig"
            if not nur_ueberfaellig:
                zahlen += f", {eigene['faellig']} fällig"
            je.append(f"{sicher_einzeilig(name)} {zahlen}")
        text += " Je Fachkraft: " + "; ".join(je) + "."
    return text


_STIL = {"ueberfaellig": "rot", "faellig": "gelb", "geplant": None}


def als_tabelle(zeilen: Sequence[Berichtszeile], breite: int, farbe: bool) -> Iterator[str]:
    """The report as table lines; every word of every item is kept at any width."""
    from vier_phasen_cli.render.tabelle import Spalte, spaltentabelle

    # A caseworker's own report has one Fachkraft: then the column says nothing.
    mit_fachkraft = len({z.fall.fachkraft for z in zeilen}) > 1
    # With --pseudonym the name is the case's pseudonym: one column says it.
    mit_name = any(z.fall.name != z.frist.fall for z in zeilen)
    spalten = [Spalte("Fällig"), Spalte("Wann"), Spalte("Fall")]
    if mit_name:
        spalten.append(Spalte("Name", True, 12, mit_titel=True))
    if mit_fachkraft:
        spalten.append(Spalte("Fachkraft", True, 10, mit_titel=True))
    spalten.append(Spalte("Was", True, 30, unterzeile=True))
    # Days and distances repeat across 20,000 rows: each is written once.
    tage = {t: deutsch(t) for t in {z.frist.faellig_am for z in zeilen}}
    wie_weit = {n: wann(n) for n in {z.tage for z in zeilen}}
    fristen = [z.frist for z in zeilen]
    werte = [
        [tage[f.faellig_am] for f in fristen],
        [wie_weit[z.tage] for z in zeilen],
        [f.fall for f in fristen],
    ]
    if mit_name:
        werte.append([z.fall.name for z in zeilen])
    if mit_fachkraft:
        werte.append([z.fall.fachkraft for z in zeilen])
    werte.append([_was(f) for f in fristen])
    stile = [_STIL[z.status] for z in zeilen]
    return spaltentabelle(spalten, werte, stile, breite, farbe=farbe)


def _was(f: Frist) -> str:
    """The text column of an item: its text, why it moved, its Fundstelle."""
    text = f.text if f.verschoben_von is None else f.text + verschoben_text(f.verschoben_von)
    return f"{text} [{f.fundstelle}]" if f.fundstelle else text


def als_markdown(
    env: Any,
    stichtag: date,
    tage: int,
    zeilen: Sequence[Berichtszeile],
    fehler: list[dict[str, Any]],
    dienststelle: Mapping[str, str],
    *,
    briefkopf: bool = False,
    nur_ueberfaellig: bool = False,
) -> str:
    """The report as Markdown (template ``faellig.md.j2``); ``briefkopf``: for a PDF, whose
    letterhead names the Dienststelle already (the template then leaves its line out)."""
    from vier_phasen_cli.render.datensatz import dienststelle_kontext
    from vier_phasen_cli.render.vorlagen import rendere, wie_eingebaut

    kontext: dict[str, Any] = {
        "stichtag": stichtag,
        "tage": tage,
        "bis": horizont(stichtag, tage),
        "fehler": fehler,
        "zusammenfassung": zusammenfassung(zeilen, stichtag, tage, nur_ueberfaellig),
        "dienststelle": dienststelle_kontext(dienststelle),
        "briefkopf": briefkopf,
    }
    if wie_eingebaut(env, _VORLAGE):
        return _markdown_eingebaut(env, zeilen, kontext)
    eintraege = [
        {
            **_daten(z),
            "wann": wann(z.tage),
            "status_text": STATUS_TEXT[z.status],
            "verschoben_von": z.frist.verschoben_von,
            "verschoben": verschoben_grund(z.frist.verschoben_von)
            if z.frist.verschoben_von
            else "",
        }
        for z in zeilen
    ]
    kontext["eintraege"] = eintraege
    for status in STATUS_TEXT:
        kontext[status] = [e for e in eintraege if e["status"] == status]
    return str(rendere(env, _VORLAGE, kontext))


_VORLAGE = "faellig.md.j2"
_MARKE = "\x00"
"""Encloses a placeholder row's list name: no printed value can hold a NUL (``sicher``)."""
_FELDER = (*SPALTEN, "wann", "status_text", "verschoben")
"""Every field of an item the template gets."""


def _markdown_eingebaut(env: Any, zeilen: Sequence[Berichtszeile], kontext: dict[str, Any]) -> str:
    """The built-in template's report, its rows written here: Jinja2 renders the template
    with one placeholder row per list, whose line is then replaced by the list's rows in
    the template's row format (``_markdown_zeilen``; tests/test_faellig_markdown.py holds
    the two together). A row costs about 1 µs here, 20 µs through the template (issue 19)."""
    from markupsafe import Markup

    from vier_phasen_cli.render.vorlagen import rendere

    listen: dict[str, Sequence[Berichtszeile]] = {"eintraege": zeilen}
    for status in STATUS_TEXT:
        listen[status] = [z for z in zeilen if z.status == status]
    for name, liste in listen.items():
        marke = Markup(f"{_MARKE}{name}{_MARKE}")
        kontext[name] = [dict.fromkeys(_FELDER, marke)] if liste else []
    teile = str(rendere(env, _VORLAGE, kontext)).split("\n")
    for n, zeile in enumerate(teile):
        if _MARKE in zeile:
            teile[n] = _markdown_zeilen(listen[zeile.split(_MARKE)[1]])
    return "\n".join(teile)


def _markdown_zeilen(zeilen: Sequence[Berichtszeile]) -> str:
    """The rows of the built-in template's table (``faellig.md.j2``, macro ``tabelle``),
    each distinct value printed as the template prints it (``vorlagen.ausgeben``), once."""
    from vier_phasen_cli.render.vorlagen import ausgeben

    fristen = [z.frist for z in zeilen]
    koepfe = [z.fall for z in zeilen]
    werte: set[object] = {f.faellig_am for f in fristen}
    for spalte in (
        [f.fall for f in fristen],
        [k.name for k in koepfe],
        [k.fachkraft for k in koepfe],
        [f.text for f in fristen],
        [f.fundstelle or "–" for f in fristen],
    ):
        werte.update(spalte)
    # Case IDs and other words of letters and digits print as they are (nothing to escape).
    p = {w: w if type(w) is str and w.isalnum() else str(ausgeben(w)) for w in werte}
    wie_weit = {n: str(ausgeben(wann(n))) for n in {z.tage for z in zeilen}}
    reihen = []
    for z, f, k in zip(zeilen, fristen, koepfe, strict=True):
        grund = f" ({ausgeben(verschoben_grund(f.verschoben_von))})" if f.verschoben_von else ""
        reihen.append(
            f"| {p[f.faellig_am]} | {wie_weit[z.tage]} | {p[f.fall]} | {p[k.name]} | "
            f"{p[k.fachkraft]} | {p[f.text]}{grund} | {p[f.fundstelle or '–']} |"
        )
    return "\n".join(reihen)


def ereignistexte(z: Berichtszeile) -> tuple[str, str]:
    """An item's calendar title and description (safe text, before ICS escaping)."""
    f = z.frist
    wer = z.fall.name if z.fall.name == f.fall else f"{z.fall.name} ({f.fall})"
    beschreibung = [f"Fall {f.fall}, Fachkraft {z.fall.fachkraft}, {z.fall.rechtskreis}"]
    if f.fundstelle:
        beschreibung.append(f"Integrationskonzept {f.fundstelle}")
    if f.fenster_ab:
        beschreibung.append(f"Zeitraum ab {deutsch(f.fenster_ab)}")
    if f.verschoben_von:
        beschreibung.append(f"Verschoben vom {deutsch(f.verschoben_von)} (§ 26 Abs. 3 SGB X)")
    return sicher(f"{f.text} – {wer}"), sicher("\n".join(beschreibung))


def als_ics(zeilen: Sequence[Berichtszeile], stichtag: date) -> Iterator[str]:
    """One all-day VEVENT per item; the UID is stable per case and item, so a re-import
    updates events instead of duplicating them. The calendar's text in pieces of
    ``STUECK`` events (a report over 100,000 cases never holds all of it at once).

    Written here, line by line, as the icalendar library writes it (RFC 5545: TEXT escaped,
    lines folded at 75 octets, properties in its order; ``test_ics_wie_icalendar`` holds
    the two together): building its objects cost 0.2 ms an item."""
    stempel = f"DTSTAMP:{stichtag:%Y%m%d}T000000Z"
    yield (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//vier-phasen//Fristen//DE\r\n"
        "X-WR-CALNAME:vier-phasen: Fristen\r\n"
    )
    # Days and kinds repeat across 20,000 items: their lines are written once.
    tage = {
        tag: (
            f"DTSTART;VALUE=DATE:{tag:%Y%m%d}",
            f"DTEND;VALUE=DATE:{tag + timedelta(days=1):%Y%m%d}",
        )
        for tag in {z.frist.faellig_am for z in zeilen}
    }
    arten = {a: _gefaltet("CATEGORIES:" + _ics_text(a)) for a in {z.frist.art for z in zeilen}}
    for anfang in range(0, len(zeilen), STUECK):
        teile: list[str] = []
        for z in zeilen[anfang : anfang + STUECK]:
            f = z.frist
            titel, beschreibung = ereignistexte(z)
            teile += (
                "BEGIN:VEVENT",
                _gefaltet("SUMMARY:" + _ics_text(titel)),
                *tage[f.faellig_am],
                stempel,
                _gefaltet("UID:" + _ics_text(f"{f.fall}-{f.schluessel}-{f.art}@vier-phasen")),
                arten[f.art],
                _gefaltet("DESCRIPTION:" + _ics_text(beschreibung)),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            )
        yield "\r\n".join(teile) + "\r\n"
    yield "END:VCALENDAR\r\n"


def _ics_text(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11), exactly as icalendar does it."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _gefaltet(zeile: str) -> str:
    """A content line folded into pieces of at most 74 octets (RFC 5545 3.1), never
    between a backslash or caret and the letter it escapes, as icalendar folds."""
    roh = zeile.encode()
    if len(roh) < 75:
        return zeile
    stuecke = []
    anfang = 0
    while len(roh) - anfang > 74:
        ende = anfang + 74
        while roh[ende] & 0xC0 == 0x80:  # not inside a letter's bytes
            ende -= 1
        if ende - anfang > 1 and roh[ende - 1] in b"\\^":
            ende -= 1
        stuecke.append(roh[anfang:ende])
        anfang = ende
    stuecke.append(roh[anfang:])
    return b"\r\n ".join(stuecke).decode()
