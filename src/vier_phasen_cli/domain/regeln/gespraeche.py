"""Folgegespräch (3.4.3), Integrationsprognose (4, 5, Anlage 1), Beratungsvermerk (3) and
Nachhaltigkeit (3.4.4)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vier_phasen_cli.domain.befund import Pruefkontext, Treffer, treffer
from vier_phasen_cli.domain.fallstand import pa_durchgefuehrt
from vier_phasen_cli.domain.kontakt import letzter_kontakt, ohne_kontakt
from vier_phasen_cli.domain.regeln import REGELWERK as R

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall


@R.regel(
    "FG001", "fehler", "3.4.3",
    "Folgegespräch ohne alle vier Aktivitäten",
    "Das Folgegespräch vom {datum} deckt nicht alle vier Aktivitäten ab; es fehlt: {fehlt}",
)  # fmt: skip
def fg001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    pflicht = {e.code for e in k.kataloge["gespraechsarten"] if e["aktivitaeten_pflicht"]}
    for i, g in enumerate(fall.gespraeche):
        if g.art not in pflicht:
            continue
        erledigt = g.aktivitaeten.model_dump() if g.aktivitaeten else {}
        fehlt = [
            a.bezeichnung
            for a in k.kataloge["folgegespraech"]
            if not (erledigt.get(a.code) or "").strip()
        ]
        if fehlt:
            yield treffer(
                ("gespraeche", i, "aktivitaeten"), ("gespraeche", i),
                datum=g.datum.strftime("%d.%m.%Y"), fehlt="; ".join(fehlt),
            )  # fmt: skip


@R.regel(
    "FG002", "warnung", "3.4.3",
    "Aktiver Fall mit Potenzialanalyse, aber kein künftiges Folgegespräch terminiert",
    "Es ist kein künftiges Folgegespräch terminiert{zuletzt}",
)  # fmt: skip
def fg002(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    if not pa_durchgefuehrt(fall):
        return
    termin = fall.termine.folgegespraech if fall.termine else None
    if termin is None or termin < k.stichtag:
        zuletzt = f" (zuletzt für den {termin:%d.%m.%Y})" if termin else ""
        yield treffer(("termine", "folgegespraech"), ("termine",), zuletzt=zuletzt)


@R.regel(
    "KO001", "warnung", "3.4.3",
    "Kein Gespräch seit mehr als 90 Tagen (einstellbar: [pruefen] kontakt_tage)",
    "Seit dem letzten Gespräch am {datum} sind mehr als {tage} Tage vergangen",
)  # fmt: skip
def ko001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    letzter = letzter_kontakt((g.datum for g in fall.gespraeche), k.stichtag)
    if ohne_kontakt(letzter, k.stichtag, k.kontakt_tage):
        assert letzter is not None
        i = max(i for i, g in enumerate(fall.gespraeche) if g.datum == letzter)
        yield treffer(("gespraeche", i), ("gespraeche",), datum=f"{letzter:%d.%m.%Y}",
                      tage=k.kontakt_tage)  # fmt: skip


@R.regel(
    "IP001", "fehler", "4",
    "Potenzialanalyse durchgeführt, aber keine Integrationsprognose",
    "Es ist keine Integrationsprognose festgehalten",
)  # fmt: skip
def ip001(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    pa = fall.potenzialanalyse
    if pa is not None and (pa.datum or pa.ausnahme) and not fall.integrationsprognose:
        yield treffer(("integrationsprognose",), ("potenzialanalyse",))


@R.regel(
    "IP002", "fehler", "4",
    "Integrationsprognose aus dem anderen Rechtskreis (z. B. „Integriert, aber hilfebedürftig“ "
    "außerhalb des SGB II)",
    "Die Integrationsprognose „{prognose}“ gibt es nur im {rechtskreis}",
)  # fmt: skip
def ip002(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    eintrag = k.kataloge["integrationsprognosen"].get(fall.integrationsprognose)
    if eintrag and eintrag["nur_rechtskreis"] and eintrag["nur_rechtskreis"] != fall.rechtskreis:
        yield treffer(
            ("integrationsprognose",),
            prognose=eintrag.bezeichnung,
            rechtskreis=eintrag["nur_rechtskreis"],
        )


@R.regel(
    "IP003", "fehler", "Anlage 1",
    "„Zuordnung nicht erforderlich“ ohne Ausnahme, oder Ausnahme mit anderer Prognose",
    "{meldung}",
)  # fmt: skip
def ip003(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    eintrag = k.kataloge["integrationsprognosen"].get(fall.integrationsprognose)
    if eintrag is None:
        return
    ausnahme = fall.potenzialanalyse is not None and fall.potenzialanalyse.ausnahme is not None
    if eintrag["nur_mit_ausnahme"] and not ausnahme:
        meldung = (
            f"Die Integrationsprognose „{eintrag.bezeichnung}“ setzt eine Ausnahme nach "
            "Anlage 1 voraus"
        )
        yield treffer(("integrationsprognose",), meldung=meldung)
    elif ausnahme and not eintrag["nur_mit_ausnahme"]:
        passend = [
            e.bezeichnung for e in k.kataloge["integrationsprognosen"] if e["nur_mit_ausnahme"]
        ]
        meldung = (
            "Bei einer Ausnahme nach Anlage 1 lautet die Integrationsprognose "
            + " bzw. ".join(f"„{p}“" for p in passend)
        )
        yield treffer(("integrationsprognose",), meldung=meldung)


@R.regel(
    "IP004", "warnung", "5",
    "SGB III: Unterstützungsbedarf fehlt oder passt nicht zur Prognose "
    "(marktnah ↔ gering, nicht marktnah ↔ höher)",
    "Zur Integrationsprognose „{prognose}“ gehört der Unterstützungsbedarf „{erwartet}“{ist}",
)  # fmt: skip
def ip004(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    if fall.rechtskreis != "SGB III" or not fall.integrationsprognose:
        return
    passend = [
        e
        for e in k.kataloge["unterstuetzungsbedarfe"]
        if e["entspricht_prognose"] == fall.integrationsprognose
    ]
    if passend and fall.unterstuetzungsbedarf not in {e.code for e in passend}:
        bedarfe = k.kataloge["unterstuetzungsbedarfe"]
        ist = (
            f", festgehalten ist „{bedarfe.bezeichnung(fall.unterstuetzungsbedarf)}“"
            if fall.unterstuetzungsbedarf
            else ", es ist keiner festgehalten"
        )
        yield treffer(
            ("unterstuetzungsbedarf",), ("integrationsprognose",),
            prognose=k.kataloge["integrationsprognosen"].bezeichnung(fall.integrationsprognose),
            erwartet=passend[0].bezeichnung, ist=ist,
        )  # fmt: skip


@R.regel(
    "IP005", "warnung", "4",
    "Beim letzten Gespräch ist die Überprüfung der Integrationsprognose nicht vermerkt",
    "Beim letzten Gespräch ({datum}) ist die Integrationsprognose nicht vermerkt; sie ist bei "
    "jedem Kundenkontakt zu überprüfen",
)  # fmt: skip
def ip005(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    if not fall.gespraeche:
        return
    i, letztes = max(enumerate(fall.gespraeche), key=lambda ig: (ig[1].datum, ig[0]))
    if not letztes.prognose:
        yield treffer(
            ("gespraeche", i, "prognose"), ("gespraeche", i), datum=f"{letztes.datum:%d.%m.%Y}"
        )


@R.regel(
    "DO001", "fehler", "3",
    "Gespräch ohne Beratungsvermerk",
    "Das Gespräch vom {datum} ist nicht in einem Beratungsvermerk dokumentiert",
)  # fmt: skip
def do001(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    for i, g in enumerate(fall.gespraeche):
        if not (g.vermerk or "").strip():
            yield treffer(
                ("gespraeche", i, "vermerk"), ("gespraeche", i), datum=f"{g.datum:%d.%m.%Y}"
            )


@R.regel(
    "NH001", "hinweis", "3.4.4",
    "Abschluss nach Arbeits- oder Ausbildungsaufnahme ohne dokumentierte Prüfung der Nachbetreuung",
    "Nach „{grund}“ ist zu prüfen, ob eine weitere Unterstützung erforderlich ist; "
    "nachhaltigkeit.nachbetreuung_geprueft fehlt",
    nur_aktiv=False,
)  # fmt: skip
def nh001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    if fall.status != "abgeschlossen" or fall.abschluss is None:
        return
    eintrag = k.kataloge["abschlussgruende"].get(fall.abschluss.grund)
    geprueft = fall.nachhaltigkeit.nachbetreuung_geprueft if fall.nachhaltigkeit else None
    if eintrag and eintrag["nachbetreuung_pruefen"] and geprueft is None:
        yield treffer(("abschluss", "grund"), grund=eintrag.bezeichnung)
