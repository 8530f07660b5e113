"""Phase 3: Handlungsstrategien (3.3.1, Anlage 3), Produkteinsatz (3.3.2) and the
Absolventenmanagement that completes qualification strategies (3.3.3)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vier_phasen_cli.domain.befund import Pruefkontext, Treffer, treffer
from vier_phasen_cli.domain.fallstand import laufende_strategien, pa_durchgefuehrt, teilnahmeende
from vier_phasen_cli.domain.kataloge import MERKMAL_NAMEN, Eintrag
from vier_phasen_cli.domain.regeln import REGELWERK as R

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall, Strategie


def _strategien(fall: Fall, k: Pruefkontext) -> Iterator[tuple[int, Strategie, Eintrag]]:
    """The case's strategies with their catalog entry (unknown codes are KA001's business)."""
    katalog = k.kataloge["handlungsstrategien"]
    for i, s in enumerate(fall.strategien):
        eintrag = katalog.get(s.code)
        if eintrag is not None:
            yield i, s, eintrag


@R.regel(
    "ST001", "fehler", "3.3.1",
    "Offener Handlungsbedarf ohne Handlungsstrategie",
    "Für den Handlungsbedarf „{bedarf}“ ist keine Handlungsstrategie vereinbart",
)  # fmt: skip
def st001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    bearbeitet = {s.handlungsbedarf for s in laufende_strategien(fall)}
    for i, b in enumerate(fall.potenzialanalyse.handlungsbedarfe if fall.potenzialanalyse else []):
        if b.erledigt is None and b.code not in bearbeitet:
            pfad = ("potenzialanalyse", "handlungsbedarfe", i, "code")
            yield treffer(pfad, bedarf=k.kataloge["handlungsbedarfe"].bezeichnung(b.code))


@R.regel(
    "ST002", "fehler", "Anlage 3",
    "Strategie einem Handlungsbedarf zugeordnet, zu dem sie nicht gehört",
    "Die Strategie „{strategie}“ gehört nicht zum Handlungsbedarf „{bedarf}“ ({richtig})",
)  # fmt: skip
def st002(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    for i, s, eintrag in _strategien(fall, k):
        if s.handlungsbedarf is not None and eintrag["handlungsbedarf"] != s.handlungsbedarf:
            bedarfe = k.kataloge["handlungsbedarfe"]
            richtig = (
                f"sie gehört zu „{bedarfe.bezeichnung(eintrag['handlungsbedarf'])}“"
                if eintrag["handlungsbedarf"]
                else "sie hat keinen speziellen Handlungsbedarf"
            )
            yield treffer(
                ("strategien", i, "handlungsbedarf"),
                strategie=eintrag.bezeichnung,
                bedarf=bedarfe.bezeichnung(s.handlungsbedarf),
                richtig=richtig,
            )


@R.regel(
    "ST003", "fehler", "Anlage 3",
    "Strategie ist in diesem Rechtskreis nicht vorgesehen",
    "Die Strategie „{strategie}“ gibt es nur im {rechtskreis}",
)  # fmt: skip
def st003(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    for i, _, eintrag in _strategien(fall, k):
        if eintrag["nur_rechtskreis"] and eintrag["nur_rechtskreis"] != fall.rechtskreis:
            yield treffer(
                ("strategien", i, "code"),
                strategie=eintrag.bezeichnung, rechtskreis=eintrag["nur_rechtskreis"],
            )  # fmt: skip


@R.regel(
    "ST004", "fehler", "Anlage 3",
    "Strategie nur für Ausbildungsvermittlung und/oder Reha (z. B. Berufsausbildung vorbereiten)",
    "Die Strategie „{strategie}“ ist nur bei {merkmale} vorgesehen",
)  # fmt: skip
def st004(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    for i, _, eintrag in _strategien(fall, k):
        nur_fuer = eintrag["nur_fuer"] or []
        if nur_fuer and not any(getattr(fall, m, False) for m in nur_fuer):
            merkmale = " oder ".join(MERKMAL_NAMEN.get(m, m) for m in nur_fuer)
            yield treffer(
                ("strategien", i, "code"), strategie=eintrag.bezeichnung, merkmale=merkmale
            )


@R.regel(
    "ST005", "fehler", "3.3.1",
    "Strategie nennt einen Handlungsbedarf, den die Potenzialanalyse nicht erfasst",
    "Die Strategie „{strategie}“ nennt den Handlungsbedarf „{bedarf}“, den die "
    "Potenzialanalyse nicht erfasst",
)  # fmt: skip
def st005(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    erfasst = {
        b.code for b in (fall.potenzialanalyse.handlungsbedarfe if fall.potenzialanalyse else [])
    }
    for i, s in enumerate(fall.strategien):
        if s.handlungsbedarf is not None and s.handlungsbedarf not in erfasst:
            yield treffer(
                ("strategien", i, "handlungsbedarf"),
                strategie=k.kataloge["handlungsstrategien"].bezeichnung(s.code),
                bedarf=k.kataloge["handlungsbedarfe"].bezeichnung(s.handlungsbedarf),
            )


@R.regel(
    "ST006", "warnung", "3.3.1",
    "Gesundheitlicher Handlungsbedarf ohne Reha: Prüfung des Reha-Bedarfs nicht dokumentiert",
    "Beim Handlungsbedarf „{bedarf}“ ist zuerst ein möglicher Rehabilitationsbedarf zu prüfen "
    "(§ 12 Abs. 2 SGB IX); reha_bedarf_geprueft fehlt",
)  # fmt: skip
def st006(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    if fall.reha or fall.reha_bedarf_geprueft is not None or fall.potenzialanalyse is None:
        return
    for i, b in enumerate(fall.potenzialanalyse.handlungsbedarfe):
        eintrag = k.kataloge["handlungsbedarfe"].get(b.code)
        if eintrag and eintrag["reha_pruefen"] and b.erledigt is None:
            pfad = ("potenzialanalyse", "handlungsbedarfe", i, "code")
            yield treffer(pfad, bedarf=eintrag.bezeichnung)


@R.regel(
    "ST007", "warnung", "3.3.1",
    "Potenzialanalyse durchgeführt, aber keine Strategie",
    "Die Potenzialanalyse ist durchgeführt, aber es ist keine Handlungsstrategie vereinbart",
)  # fmt: skip
def st007(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    if pa_durchgefuehrt(fall) and not laufende_strategien(fall):
        yield treffer(("strategien",), ("potenzialanalyse",))


@R.regel(
    "PR001", "fehler", "3.3.2",
    "Produkteinsatz ohne drei bejahte Leitfragen oder ohne Begründung",
    "Produkteinsatz Nr. {nr} ist nicht ausreichend begründet: {was}",
)  # fmt: skip
def pr001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    for i, p in enumerate(fall.produkte):
        antworten = p.leitfragen.model_dump() if p.leitfragen else {}
        offen = [
            f"{nr} „{lf.kurz()}“"
            for nr, lf in enumerate(k.kataloge["leitfragen"], start=1)
            if antworten.get(lf.code) is not True
        ]
        was = []
        if offen:
            mehrere = len(offen) > 1
            liste = ", ".join(offen[:-1]) + " und " + offen[-1] if mehrere else offen[0]
            was.append(f"{'Leitfragen' if mehrere else 'Leitfrage'} {liste} nicht bejaht")
        if not (p.begruendung or "").strip():
            was.append("Begründung fehlt")
        if was:
            feld = "leitfragen" if offen else "begruendung"
            yield treffer(("produkte", i, feld), ("produkte", i), nr=i + 1, was="; ".join(was))


@R.regel(
    "PR002", "fehler", None,
    "Produkt endet vor seinem Beginn",
    "Produkt Nr. {nr} endet ({feld}) vor seinem Beginn",
)  # fmt: skip
def pr002(fall: Fall, _: Pruefkontext) -> Iterator[Treffer]:
    for i, p in enumerate(fall.produkte):
        for feld, name in (("ende", "geplantes Ende"), ("austritt", "Austritt")):
            wert = getattr(p, feld)
            if p.beginn is not None and wert is not None and wert < p.beginn:
                yield treffer(("produkte", i, feld), nr=i + 1, feld=name)


@R.regel(
    "AB001", "warnung", "3.3.3",
    "Qualifizierungsstrategie mit beendetem Produkt, aber ohne Absolventenmanagement",
    "Die Maßnahme zur Strategie „{strategie}“ ist beendet; die Strategie „{fehlt}“ "
    "vervollständigt sie und ist noch nicht aufgenommen",
)  # fmt: skip
def ab001(fall: Fall, k: Pruefkontext) -> Iterator[Treffer]:
    vorhanden = {s.code for s in fall.strategien}
    katalog = k.kataloge["handlungsstrategien"]
    for i, s in enumerate(fall.strategien):
        eintrag = katalog.get(s.code)
        fehlt = eintrag["vervollstaendigt_durch"] if eintrag else None
        if not fehlt or fehlt in vorhanden:
            continue
        beendet = any(
            p.strategie == s.code and (ende := teilnahmeende(p)) is not None and ende < k.stichtag
            for p in fall.produkte
        )
        if beendet:
            yield treffer(
                ("strategien", i, "code"), strategie=katalog.bezeichnung(s.code),
                fehlt=katalog.bezeichnung(fehlt),
            )  # fmt: skip
