"""The documents of SPEC §9: which template, and the context every template gets.

Pure preparation: codes become catalog Bezeichnungen, lists become display-ready records, so a
template (the built-in one or a workspace's own) needs no logic of the domain. The context is
documented in README ("Dokumente") and in each template's header comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fall import Fall, Gespraech, Vereinbarung
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.probleme import pfad_text
from vier_phasen_cli.domain.rechtsstand import KATALOG as RECHTSSTAND
from vier_phasen_cli.domain.rechtsstand import (
    Rechtsstand,
    rechtsstand_des_falls,
    rechtsstand_fuer,
    stichtag_der_vereinbarung,
    ueberpruefen_bis,
)
from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
from vier_phasen_cli.domain.vereinbarung import EINV, KOOPERATIONSPLAN, NAMEN, TEILHABEPLAN
from vier_phasen_cli.render.datensatz import Datensatz, dienststelle_kontext
from vier_phasen_cli.render.datensatz import d as _d

DokumentArt = Literal["vereinbarung", "beratungsvermerk", "auskunft"]
ARTEN: tuple[DokumentArt, ...] = ("vereinbarung", "beratungsvermerk", "auskunft")

BLOCKIERENDE_REGELN = ("DA", "KA", "PA", "ZI", "ST", "PR", "VE")
"""Error-level findings with these prefixes concern what an agreement contains; while one is
open the agreement is not rendered (``--entwurf`` renders it marked as a draft). Findings on
conversations, the prognosis or closing (FG, IP, DO, NH, AB) do not block it."""

RECHTSSTAND_PRUEFEN = "Rechtsstand prüfen"
"""The visible note on a document whose agreement lies after its Rechtsstand's ``gilt_bis``."""


def vorlage_fuer(art: DokumentArt, fall: Fall, kataloge: Kataloge, datum: date) -> str:
    """The template file: the agreement's comes from its Rechtsstand (SPEC §14); a
    Teilhabeplan (reha, SGB III) has its own."""
    if art != "vereinbarung":
        return f"{art}.md.j2"
    if fall.vereinbarung is not None and fall.vereinbarung.art == TEILHABEPLAN:
        return "teilhabeplan.md.j2"
    return rechtsstand_des_falls(fall, kataloge, datum).vorlage


def rechtsstand_kontext(stand: Rechtsstand, tag: date, *, mit_vereinbarung: bool) -> Datensatz:
    """The Rechtsstand as templates see it; ``ueberholt``: the agreement's date ``tag`` lies
    after ``gilt_bis`` (the document must then carry the "Rechtsstand prüfen" note) – never
    for a document about a case without an agreement."""
    return _d(
        code=stand.code,
        bezeichnung=stand.bezeichnung,
        vorschrift=stand.vorschrift,
        gilt_ab=stand.gilt_ab,
        gilt_bis=stand.gilt_bis,
        hinweis=stand.hinweis,
        schlichtung=stand.schlichtung,
        ueberholt=mit_vereinbarung and stand.ueberholt_am(tag),
    )


def mit_rechtsstand_hinweis(text: str, rechtsstand: Datensatz) -> str:
    """The rendered document with the "Rechtsstand prüfen" note on top where its Rechtsstand
    is outdated and the template (a workspace's own, say) did not print it."""
    from vier_phasen_cli.render.vorlagen import md  # catalog text cannot break the Markdown

    if not rechtsstand.ueberholt or RECHTSSTAND_PRUEFEN in text:
        return text
    bis = deutsch(rechtsstand.gilt_bis) if rechtsstand.gilt_bis else "–"
    hinweis = f" {md(rechtsstand.hinweis)}" if rechtsstand.hinweis else ""
    return (
        f"> **{RECHTSSTAND_PRUEFEN}:** Dieses Dokument folgt dem Rechtsstand "
        f"„{md(rechtsstand.bezeichnung)}“, der nur bis zum {bis} gilt.{hinweis}\n\n{text}"
    )


TITEL: dict[DokumentArt, str] = {
    "beratungsvermerk": "Beratungsvermerk",
    "auskunft": "Auskunft über die gespeicherten Daten",
}


def titel(art: DokumentArt, fall: Fall) -> str:
    """The document's title for the PDF metadata: "Eingliederungsvereinbarung – <name>"."""
    name = vereinbarungsname(fall) if art == "vereinbarung" else TITEL[art]
    return f"{name} – {fall.kunde.name}"


def dokumentdatum(art: DokumentArt, fall: Fall, datum: date) -> date:
    """The date a document bears: an agreement's own date, else the document's ``datum``
    (a Beratungsvermerk's is its conversation's)."""
    v = fall.vereinbarung
    if art == "vereinbarung" and v is not None and v.datum is not None:
        return v.datum
    return datum


def vereinbarungsname(fall: Fall) -> str:
    if fall.vereinbarung is not None:
        return NAMEN[fall.vereinbarung.art]
    return NAMEN[KOOPERATIONSPLAN if fall.rechtskreis == "SGB II" else EINV]


def _staerken(fall: Fall, k: Kataloge) -> list[Datensatz]:
    pa = fall.potenzialanalyse
    return [
        _d(art=k["staerken"].bezeichnung(s.art), text=s.text) for s in (pa.staerken if pa else [])
    ]


def _bedarfe(fall: Fall, k: Kataloge) -> list[Datensatz]:
    pa = fall.potenzialanalyse
    return [
        _d(
            bezeichnung=k["handlungsbedarfe"].bezeichnung(b.code),
            fuer_kunden=k.bedarf_fuer_kunden(b.code),
            schluesselgruppe=k.schluesselgruppe(
                (k["handlungsbedarfe"].get(b.code) or {"schluesselgruppe": ""})["schluesselgruppe"]
            ),
            notiz=b.notiz,
            erledigt=b.erledigt,
        )
        for b in (pa.handlungsbedarfe if pa else [])
    ]


WER_IM_DOKUMENT = {"kunde": "Sie", "fachkraft": "Wir", "dritte": "Dritte"}
"""Who does an activity, as a document written to the customer ("Sie") says it; the
caseworker's own views use ``WER_TEXT``."""


def _schritte(fall: Fall, k: Kataloge, *, beendete: bool) -> list[Datensatz]:
    """The strategies as steps: what we do about which need, with the activities; ended
    ones only where the whole record is shown (Auskunft), marked as ended."""
    return [
        _d(
            strategie=k["handlungsstrategien"].bezeichnung(s.code),
            bedarf=k.bedarf_fuer_kunden(s.handlungsbedarf) if s.handlungsbedarf else None,
            aktivitaeten=[
                _d(wer=WER_IM_DOKUMENT[a.wer], was=a.was, bis=a.bis, erledigt=a.erledigt)
                for a in s.aktivitaeten
            ],
            beendet=s.beendet,
        )
        for s in fall.strategien
        if beendete or s.beendet is None
    ]


def _produkte(fall: Fall, k: Kataloge) -> list[Datensatz]:
    return [
        _d(
            bezeichnung=p.bezeichnung,
            strategie=k["handlungsstrategien"].bezeichnung(p.strategie) if p.strategie else None,
            beginn=p.beginn,
            ende=p.ende,
            austritt=p.austritt,
            abbruch=p.abbruch,
            bei_arbeitgeber=p.bei_arbeitgeber,
            begruendung=p.begruendung,
            traeger=p.traeger,
        )
        for p in fall.produkte
    ]


def _ziel(fall: Fall, k: Kataloge) -> Datensatz | None:
    z = fall.ziel
    if z is None:
        return None
    return _d(
        option=k["zieloptionen"].bezeichnung(z.option) if z.option else None,
        beschreibung=z.beschreibung,
        zwischenziele=[
            _d(text=zz.text, bis=zz.bis, erreicht=zz.erreicht) for zz in z.zwischenziele
        ],
    )


def _vereinbarung(v: Vereinbarung | None, fall: Fall, kataloge: Kataloge) -> Datensatz | None:
    if v is None:
        return None
    stand = v.ueberprueft or v.datum
    return _d(
        art=NAMEN[v.art],
        datum=v.datum,
        ueberprueft=v.ueberprueft,
        stand=stand,
        ueberpruefen_bis=ueberpruefen_bis(fall, kataloge, v),
        leistungen=list(v.leistungen),
        eigenbemuehungen=[
            _d(text=e.text, frist=e.frist, erledigt=e.erledigt) for e in v.eigenbemuehungen
        ],
        andere_traeger=list(v.andere_traeger),
        integrationskurs=v.integrationskurs,
        vermittlungsrichtung=v.vermittlungsrichtung,
        reha=v.reha,
        ausgehaendigt=v.ausgehaendigt,
        schlichtung=_d(beantragt=v.schlichtung.beantragt, ergebnis=v.schlichtung.ergebnis)
        if v.schlichtung
        else None,
    )


def _gespraech(g: Gespraech, k: Kataloge) -> Datensatz:
    aktivitaeten = None
    if g.aktivitaeten is not None:
        notizen = g.aktivitaeten.model_dump()
        aktivitaeten = [
            _d(nummer=a["nummer"], bezeichnung=a.bezeichnung, notiz=notizen.get(a.code))
            for a in k["folgegespraech"]
        ]
    return _d(
        datum=g.datum,
        art=k["gespraechsarten"].bezeichnung(g.art),
        art_code=g.art,
        form=k["gespraechsformen"].bezeichnung(g.form) if g.form else None,
        anliegen=g.anliegen,
        prognose=k["integrationsprognosen"].bezeichnung(g.prognose) if g.prognose else None,
        vermerk=g.vermerk,
        aktivitaeten=aktivitaeten,
        produkt=g.produkt,
    )


def _weitere_angaben(rohdaten: Any) -> list[Datensatz]:
    """Keys the format does not know are stored data too (right of access): list them all."""
    angaben = []
    for pfad in unbekannte_schluessel(rohdaten):
        wert: Any = rohdaten
        for teil in pfad:
            wert = wert[teil]
        angaben.append(_d(schluessel=pfad_text(pfad), wert=_als_text(wert)))
    return angaben


def _als_text(wert: Any) -> str:
    if isinstance(wert, Mapping):
        return "; ".join(f"{k}: {_als_text(v)}" for k, v in wert.items())
    if isinstance(wert, list | tuple):
        return "; ".join(_als_text(v) for v in wert)
    if isinstance(wert, date):
        return deutsch(wert)
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    return "–" if wert is None else str(wert)


def kontext(
    art: DokumentArt,
    fall: Fall,
    kataloge: Kataloge,
    *,
    datum: date,
    entwurf: bool,
    dienststelle: Mapping[str, str],
    rohdaten: Any = None,
    gespraech: Gespraech | None = None,
) -> dict[str, Any]:
    """Everything a template of ``art`` gets (see README, "Dokumente")."""
    termin = fall.termine.folgegespraech if fall.termine else None
    pa = fall.potenzialanalyse
    stand_am = stichtag_der_vereinbarung(fall, datum)
    stand = rechtsstand_fuer(kataloge[RECHTSSTAND], stand_am, fall.rechtskreis)
    gemeinsam: dict[str, Any] = {
        "fall": fall,
        "datum": datum,
        "entwurf": entwurf,
        "dienststelle": dienststelle_kontext(dienststelle),
        "kunde": _d(name=fall.kunde.name, geburtsdatum=fall.kunde.geburtsdatum),
        "fall_id": fall.id,
        "fachkraft": fall.fachkraft,
        "rechtskreis": fall.rechtskreis,
        "naechster_termin": termin if termin is None or termin >= datum else None,
        "vereinbarungsname": vereinbarungsname(fall),
        "rechtsstand": rechtsstand_kontext(
            stand, stand_am, mit_vereinbarung=art == "vereinbarung" or fall.vereinbarung is not None
        ),
    }
    if art == "beratungsvermerk":
        assert gespraech is not None
        gemeinsam["gespraech"] = _gespraech(gespraech, kataloge)
        return gemeinsam
    gemeinsam.update(
        ziel=_ziel(fall, kataloge),
        staerken=_staerken(fall, kataloge),
        bedarfe=_bedarfe(fall, kataloge),
        schritte=_schritte(fall, kataloge, beendete=art == "auskunft"),
        produkte=_produkte(fall, kataloge),
        vereinbarung=_vereinbarung(fall.vereinbarung, fall, kataloge),
        zielberuf=pa.zielberuf if pa else None,
        annaeherung=pa.annaeherung if pa else None,
    )
    if art == "auskunft":
        prognose = fall.integrationsprognose
        unterstuetzung = fall.unterstuetzungsbedarf
        ausnahme = pa.ausnahme if pa else None
        gemeinsam.update(
            stammdaten=_d(
                status=fall.status,
                reha=fall.reha,
                ausbildungsvermittlung=fall.ausbildungsvermittlung,
                arbeitslos_seit=fall.arbeitslos_seit,
                aufstocker=fall.aufstocker,
                reha_bedarf_geprueft=fall.reha_bedarf_geprueft,
            ),
            bedarfsgemeinschaft=fall.bedarfsgemeinschaft,
            potenzialanalyse=_d(
                datum=pa.datum if pa else None,
                ausnahme=kataloge["ausnahmen"].bezeichnung(ausnahme.grund) if ausnahme else None,
                ausnahme_bis=(ausnahme.bis or ausnahme.massnahme_ende) if ausnahme else None,
                stellengesuch=pa.stellengesuch if pa else None,
                bbie=pa.bbie if pa else None,
            ),
            prognose=kataloge["integrationsprognosen"].bezeichnung(prognose) if prognose else None,
            unterstuetzungsbedarf=kataloge["unterstuetzungsbedarfe"].bezeichnung(unterstuetzung)
            if unterstuetzung
            else None,
            gespraeche=[
                _gespraech(g, kataloge) for g in sorted(fall.gespraeche, key=lambda g: g.datum)
            ],
            historie=[_vereinbarung(v, fall, kataloge) for v in fall.vereinbarung_historie],
            empfaenger=empfaenger(fall),
            nachhaltigkeit=fall.nachhaltigkeit,
            abschluss=_d(
                datum=fall.abschluss.datum,
                grund=kataloge["abschlussgruende"].bezeichnung(fall.abschluss.grund),
                notiz=fall.abschluss.notiz,
            )
            if fall.abschluss
            else None,
            weitere_angaben=_weitere_angaben(rohdaten) if rohdaten is not None else [],
        )
    return gemeinsam


def empfaenger(fall: Fall) -> list[str]:
    """The recipients of the customer's data that the case records (SPEC §14): the other
    Leistungsträger of the agreements and the Träger of measures, each once, in file order."""
    v = fall.vereinbarung
    vereinbarungen = ([v] if v is not None else []) + list(fall.vereinbarung_historie)
    namen = [t for x in vereinbarungen for t in x.andere_traeger]
    namen += [p.traeger for p in fall.produkte if p.traeger]
    return list(dict.fromkeys(n.strip() for n in namen if n.strip()))


def gespraech_am(fall: Fall, datum: date | None) -> Gespraech | None:
    """The conversation of that day (the last one recorded, if several), or the latest."""
    kandidaten: Sequence[Gespraech] = [
        g for g in fall.gespraeche if datum is None or g.datum == datum
    ]
    if not kandidaten:
        return None
    return max(enumerate(kandidaten), key=lambda ig: (ig[1].datum, ig[0]))[1]
