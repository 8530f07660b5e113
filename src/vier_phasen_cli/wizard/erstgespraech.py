"""The Erstgespräch: Stammdaten, then the four phases in the Integrationskonzept's order (SPEC §6).

Each phase fills its sections of the answers document (a partial case document) through the
Befrager, so a typed and a given answer take the same path. Choices show Bezeichnungen and
store codes; every list is filtered by what the catalogs allow for this case.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from vier_phasen_cli.domain.fall import WER_TEXT, Fall, potenzialanalyse_erfolgt
from vier_phasen_cli.domain.kataloge import Eintrag, Kataloge
from vier_phasen_cli.domain.vereinbarung import (
    EINV,
    KOOPERATIONSPLAN,
    NAMEN,
    TEILHABEPLAN,
    ermessen_ende,
)
from vier_phasen_cli.wizard import stammfragen as sf
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl

Antworten = dict[str, Any]


@dataclass
class Lage:
    """What the questions depend on: the case's Stammdaten and the conversation's date."""

    fall_id: str
    datum: date
    rechtskreis: str = "SGB III"
    reha: bool = False
    ausbildungsvermittlung: bool = False
    aufstocker: bool = False
    arbeitslos_seit: date | None = None
    fachkraft_vorgabe: str | None = None
    neu: bool = False
    """The case does not exist yet: the Erstgespräch asks its Stammdaten first."""
    fall: Fall | None = None
    """The case as loaded under the lock (None for a new one): what change commands start from."""


# --- helpers shared with the Folgegespräch --------------------------------------------------


def strategie_erlaubt(e: Eintrag, lage: Lage) -> bool:
    """A strategy the catalog allows in this Rechtskreis and for this case (Anlage 3)."""
    if e["nur_rechtskreis"] and e["nur_rechtskreis"] != lage.rechtskreis:
        return False
    nur_fuer = e["nur_fuer"] or []
    return not nur_fuer or any(getattr(lage, m, False) for m in nur_fuer)


def strategie_wahlen(k: Kataloge, lage: Lage, bedarf: str | None) -> list[Wahl]:
    return [
        Wahl(e.bezeichnung, e.code) for e in k.strategien_fuer(bedarf) if strategie_erlaubt(e, lage)
    ]


def bedarf_wahlen(k: Kataloge, ohne: Collection[str] = ()) -> list[Wahl]:
    """Needs grouped by Schlüsselgruppe, as the checkbox shows them."""
    return [
        Wahl(e.bezeichnung, e.code, gruppe=k.schluesselgruppe(e["schluesselgruppe"]))
        for e in k["handlungsbedarfe"]
        if e.code not in ohne
    ]


def frage_bedarfe(
    b: Befrager, k: Kataloge, pfad: str, frage: str, ohne: Collection[str] = ()
) -> list[dict[str, Any]]:
    gegeben = b.gegeben(pfad)
    if isinstance(gegeben, list):
        return [dict(x) for x in gegeben]
    codes = b.mehrfach(pfad + "_codes", frage, bedarf_wahlen(k, ohne))
    bedarfe = []
    for code in codes:
        notiz = b.text(
            f"{pfad}_notiz.{code}",
            f"Notiz zu „{k['handlungsbedarfe'].bezeichnung(code)}“ (leer: keine)",
            pflicht=False,
            mehrzeilig=True,
        )
        bedarfe.append({"code": code, "notiz": notiz, "erledigt": None})
    return bedarfe


def frage_aktivitaeten(b: Befrager, pfad: str, strategie: str, datum: date) -> list[dict[str, Any]]:
    def eintrag(i: int) -> dict[str, Any] | None:
        was = b.text(
            f"{pfad}.{i}.was", f"Aktivität zu „{strategie}“ (leer: keine weitere)", pflicht=False
        )
        if not was:
            return None
        wer = b.wahl(
            f"{pfad}.{i}.wer",
            "Wer erledigt sie?",
            [Wahl(text, code) for code, text in WER_TEXT.items()],
            vorgabe="kunde",
        )
        bis = b.datum(f"{pfad}.{i}.bis", "Bis wann?", pflicht=False, nicht_vor=datum)
        return {"wer": wer, "was": was, "bis": bis, "erledigt": None}

    return b.liste(pfad, eintrag)


def frage_eigenbemuehungen(
    b: Befrager, pfad: str, lage: Lage, mindestens: int
) -> list[dict[str, Any]]:
    # SGB III: "verbindlich terminiert" (3.4.3); SGB II: individuell festgelegt.
    frist_pflicht = lage.rechtskreis == "SGB III"

    def eintrag(i: int) -> dict[str, Any] | None:
        text = b.text(f"{pfad}.{i}.text", "Eigenbemühung (leer: keine weitere)", pflicht=False)
        if not text:
            return None
        frist = b.datum(
            f"{pfad}.{i}.frist", "Nachweis bis", pflicht=frist_pflicht, nicht_vor=lage.datum
        )
        return {"text": text, "frist": frist, "erledigt": None}

    return b.liste(
        pfad, eintrag, mindestens=mindestens, warum="Mindestens eine Eigenbemühung angeben (3.4.1)."
    )


def frage_texte(
    b: Befrager, pfad: str, frage: str, *, mindestens: int = 0, warum: str = ""
) -> list[str]:
    """A list of short texts, one per prompt, an empty answer ends it."""

    def eintrag(i: int) -> dict[str, Any] | None:
        text = b.text(f"{pfad}.{i}", frage, pflicht=False)
        return {"text": text} if text else None

    gegeben = b.gegeben(pfad)
    if isinstance(gegeben, list):
        return [str(x) for x in gegeben]
    return [
        e["text"] for e in b.liste(pfad + "_texte", eintrag, mindestens=mindestens, warum=warum)
    ]


def frage_prognose(
    b: Befrager, k: Kataloge, lage: Lage, erg: Antworten, bisher: str | None = None
) -> None:
    """Integrationsprognose (4) and, SGB III, the Unterstützungsbedarf proposed from it (5);
    ``bisher`` (a review) is the default."""
    wahlen = [
        Wahl(
            f"{e.bezeichnung} – {e['erlaeuterung']}" if e["erlaeuterung"] else e.bezeichnung, e.code
        )
        for e in k["integrationsprognosen"]
        if not e["nur_mit_ausnahme"]
        and (not e["nur_rechtskreis"] or e["nur_rechtskreis"] == lage.rechtskreis)
    ]
    erlaubt = {w.wert for w in wahlen}
    prognose = b.wahl(
        "integrationsprognose",
        "Integrationsprognose (Abschnitt 4)",
        wahlen,
        vorgabe=bisher if bisher in erlaubt else None,
    )
    erg["integrationsprognose"] = prognose
    if lage.rechtskreis == "SGB III":
        passend = next(
            (e.code for e in k["unterstuetzungsbedarfe"] if e["entspricht_prognose"] == prognose),
            None,
        )
        wahlen_u = [Wahl(e.bezeichnung, e.code) for e in k["unterstuetzungsbedarfe"]]
        erg["unterstuetzungsbedarf"] = b.wahl(
            "unterstuetzungsbedarf", "Unterstützungsbedarf (Abschnitt 5)", wahlen_u, vorgabe=passend
        )


# --- the phases -------------------------------------------------------------------------------


def stammdaten(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    """Phase 0, for a new case: who the customer is."""
    del k
    erg["kunde"] = {"name": sf.name(b)}
    geburtsdatum = sf.geburtsdatum(b)
    if geburtsdatum is not None:
        erg["kunde"]["geburtsdatum"] = geburtsdatum
    rk = sf.rechtskreis(b)
    erg["rechtskreis"] = rk
    erg["fachkraft"] = sf.fachkraft(b, lage.fachkraft_vorgabe or "")
    erg["reha"] = sf.reha(b)
    erg["ausbildungsvermittlung"] = sf.ausbildungsvermittlung(b)
    erg["arbeitslos_seit"] = sf.arbeitslos_seit(b)
    if rk == "SGB II":
        erg["aufstocker"] = sf.aufstocker(b)
    lage.rechtskreis = rk or lage.rechtskreis
    lage.reha, lage.ausbildungsvermittlung = erg["reha"], erg["ausbildungsvermittlung"]
    lage.aufstocker, lage.arbeitslos_seit = bool(erg.get("aufstocker")), erg["arbeitslos_seit"]


def potenzialanalyse(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> bool:
    """Phase 1 (3.1): first Anlage 1, then Zielberuf, Stärken, Handlungsbedarfe, prognosis.

    Returns False when an Ausnahme makes the Potenzialanalyse unnecessary (no phases 2–4)."""
    ausnahmen = [Wahl("Nein – die Potenzialanalyse wird durchgeführt", None)] + [
        Wahl(f"{e['buchstabe'] + ') ' if e['buchstabe'] else ''}{e.bezeichnung}", e.code)
        for e in k["ausnahmen"]
        if (not e["nur_rechtskreis"] or e["nur_rechtskreis"] == lage.rechtskreis)
        and (lage.reha or not e["nur_reha"])
    ]
    grund = b.wahl(
        "potenzialanalyse.ausnahme.grund",
        "Ist die Potenzialanalyse nach Anlage 1 entbehrlich?",
        ausnahmen,
        pflicht=False,
        suche=True,
    )
    pa: dict[str, Any] = {"datum": lage.datum}
    erg["potenzialanalyse"] = pa
    if grund is not None:
        eintrag = k["ausnahmen"].get(grund)
        ausnahme: dict[str, Any] = {"grund": grund}
        feld = eintrag["benoetigt"] if eintrag else None
        if feld == "bis":
            ausnahme["bis"] = b.datum(
                "potenzialanalyse.ausnahme.bis",
                "Bis wann steht das Ende fest?",
                nicht_vor=lage.datum,
            )
        elif feld == "massnahme_ende":
            ausnahme["massnahme_ende"] = b.datum(
                "potenzialanalyse.ausnahme.massnahme_ende",
                "Ende der Qualifizierungsmaßnahme",
                nicht_vor=lage.datum,
            )
        ausnahme["notiz"] = b.text(
            "potenzialanalyse.ausnahme.notiz", "Notiz zur Ausnahme (leer: keine)", pflicht=False
        )
        pa["ausnahme"] = ausnahme
        ohne = [e.code for e in k["integrationsprognosen"] if e["nur_mit_ausnahme"]]
        if ohne:
            erg["integrationsprognose"] = ohne[0]
        return False

    zielberuf = b.text(
        "potenzialanalyse.zielberuf",
        "Zielberuf bzw. Zieltätigkeit (leer: noch offen)",
        pflicht=False,
    )
    pa["zielberuf"] = zielberuf
    if not zielberuf:
        pa["annaeherung"] = b.text(
            "potenzialanalyse.annaeherung", "Annäherung über Berufsgruppe oder Jobfamilie"
        )
        erg.setdefault("termine", {})["folgegespraech"] = b.datum(
            "termine.folgegespraech",
            "Zeitnahes Folgegespräch zur Festlegung des Zielberufs am",
            nicht_vor=lage.datum,
        )
    pa["stellengesuch"] = b.ja_nein(
        "potenzialanalyse.stellengesuch", "Stellengesuch veröffentlicht?", vorgabe=bool(zielberuf)
    )
    pa["bbie"] = b.ja_nein(
        "potenzialanalyse.bbie",
        "Berufsberatung im Erwerbsleben (BBiE) eingeschaltet?",
        vorgabe=False,
    )

    arten = [Wahl(e.bezeichnung, e.code) for e in k["staerken"]]

    def staerke(i: int) -> dict[str, Any] | None:
        art = b.wahl(
            f"potenzialanalyse.staerken.{i}.art",
            "Stärke: welche Art?" if i == 0 else "Weitere Stärke: welche Art?",
            [*arten, Wahl("Fertig – keine weitere Stärke", None)],
            pflicht=False,
        )
        if art is None:
            return None
        return {
            "art": art,
            "text": b.text(f"potenzialanalyse.staerken.{i}.text", "Stärke: was genau?"),
        }

    pa["staerken"] = b.liste(
        "potenzialanalyse.staerken",
        staerke,
        mindestens=1,
        warum="Bitte mindestens eine Stärke angeben (3.1.2).",
    )
    pa["handlungsbedarfe"] = frage_bedarfe(
        b,
        k,
        "potenzialanalyse.handlungsbedarfe",
        "Handlungsbedarfe, die einer Integration im Weg stehen (3.1.2)",
    )
    frage_prognose(b, k, lage, erg)
    gesundheit = any(
        (k["handlungsbedarfe"].get(x["code"]) or {"reha_pruefen": False})["reha_pruefen"]
        for x in pa["handlungsbedarfe"]
    )
    if (
        gesundheit
        and not lage.reha
        and b.gegeben("reha_bedarf_geprueft") is None
        and b.ja_nein(
            "reha_bedarf_geprueft_ja",
            "Gesundheitliche Einschränkung: Reha-Bedarf geprüft (§ 12 Abs. 2 SGB IX)?",
            vorgabe=False,
        )
    ):
        erg["reha_bedarf_geprueft"] = lage.datum
    elif b.gegeben("reha_bedarf_geprueft") is not None:
        erg["reha_bedarf_geprueft"] = b.gegeben("reha_bedarf_geprueft")
    if lage.rechtskreis == "SGB II":
        frage_bedarfsgemeinschaft(b, erg)
    return True


def frage_bedarfsgemeinschaft(b: Befrager, erg: Antworten) -> None:
    """SGB II (3.1): joint conversations with the Bedarfsgemeinschaft need everyone's consent."""
    mitglieder = b.zahl(
        "bedarfsgemeinschaft.mitglieder",
        "Personen in der Bedarfsgemeinschaft",
        vorgabe=1,
        mindestens=1,
    )
    gemeinsam = einwilligung = False
    if mitglieder > 1:
        gemeinsam = b.ja_nein(
            "bedarfsgemeinschaft.gemeinsame_gespraeche",
            "Gespräche mit der gesamten Bedarfsgemeinschaft vorgesehen?",
            vorgabe=False,
        )
        if gemeinsam:
            einwilligung = b.ja_nein(
                "bedarfsgemeinschaft.einwilligung_aller",
                "Liegt die Einwilligung aller Mitglieder vor?",
                vorgabe=False,
            )
            if not einwilligung:
                if b.interaktiv:
                    b.melde("Ohne Einwilligung aller Mitglieder keine gemeinsamen Gespräche (3.1).")
                    gemeinsam = False
                else:
                    b.problem(
                        "bedarfsgemeinschaft.einwilligung_aller",
                        "gemeinsame Gespräche brauchen die Einwilligung aller (3.1)",
                    )
    erg["bedarfsgemeinschaft"] = {
        "mitglieder": mitglieder,
        "gemeinsame_gespraeche": gemeinsam,
        "einwilligung_aller": einwilligung,
    }


def ziel(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    """Phase 2 (3.2): Zieloption (Anlage 2), a concrete description, dated Zwischenziele."""
    wahlen = [Wahl(e.bezeichnung, e.code) for e in k["zieloptionen"]]
    option = b.wahl("ziel.option", "Zieloption (Anlage 2)", wahlen, suche=True)
    beschreibung = b.text("ziel.beschreibung", "Das Ziel, konkret und überprüfbar")

    def zwischenziel(i: int) -> dict[str, Any] | None:
        text = b.text(
            f"ziel.zwischenziele.{i}.text", "Zwischenziel (leer: kein weiteres)", pflicht=False
        )
        if not text:
            return None
        bis = b.datum(
            f"ziel.zwischenziele.{i}.bis", "Zwischenziel erreicht bis", nicht_vor=lage.datum
        )
        return {"text": text, "bis": bis, "erreicht": None}

    erg["ziel"] = {
        "option": option,
        "beschreibung": beschreibung,
        "zwischenziele": b.liste("ziel.zwischenziele", zwischenziel),
    }


def strategien(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    """Phase 3 (3.3): for every need at least one of its strategies, optional need-free ones,
    activities, and the Produkteinsatz with its three Leitfragen (3.3.2)."""
    bedarfe = [
        x
        for x in (erg.get("potenzialanalyse") or {}).get("handlungsbedarfe", [])
        if not x.get("erledigt")
    ]
    gegeben = b.gegeben("strategien")
    if isinstance(gegeben, list):
        erg["strategien"] = [dict(s) for s in gegeben]
    elif not b.interaktiv:
        if bedarfe:
            b.fehlend.append(
                "strategien (für jeden Handlungsbedarf mindestens eine Strategie, 3.3.1)"
            )
        erg["strategien"] = []
    else:
        gewaehlt: list[tuple[str, str | None]] = []
        for bedarf in bedarfe:
            name = k["handlungsbedarfe"].bezeichnung(bedarf["code"])
            wahlen = strategie_wahlen(k, lage, bedarf["code"])
            codes = b.mehrfach(
                f"strategien_fuer.{bedarf['code']}",
                f"Strategien für „{name}“ (3.3.1)",
                wahlen,
                mindestens=min(1, len(wahlen)),
            )
            gewaehlt += [(c, bedarf["code"]) for c in codes]
        ohne = b.mehrfach(
            "strategien_ohne_bedarf",
            "Strategien ohne speziellen Handlungsbedarf (optional)",
            strategie_wahlen(k, lage, None),
        )
        gewaehlt += [(c, None) for c in ohne]
        erg["strategien"] = [
            {
                "code": code,
                "handlungsbedarf": bedarf,
                "aktivitaeten": frage_aktivitaeten(
                    b,
                    f"strategien.{i}.aktivitaeten",
                    k["handlungsstrategien"].bezeichnung(code),
                    lage.datum,
                ),
            }
            for i, (code, bedarf) in enumerate(gewaehlt)
        ]
    erg["produkte"] = frage_produkte(b, k, lage, [s["code"] for s in erg["strategien"]])


def pruefe_neue_produkte(b: Befrager, k: Kataloge, lage: Lage, produkte: Any) -> None:
    """A new Produkteinsatz needs all three Leitfragen answered yes and a Begründung (3.3.2,
    SPEC §16): a missing answer is missing, a "no" refuses the Produkt."""
    bekannt = {(p.bezeichnung, p.beginn) for p in (lage.fall.produkte if lage.fall else [])}
    for i, p in enumerate(produkte or []):
        if not isinstance(p, dict) or (p.get("bezeichnung"), p.get("beginn")) in bekannt:
            continue
        antworten = p.get("leitfragen") or {}
        for frage in k["leitfragen"]:
            pfad = f"produkte.{i + 1}.leitfragen.{frage.code}"
            if antworten.get(frage.code) is None:
                b.fehlt(pfad, frage.bezeichnung)
            elif antworten.get(frage.code) is not True:
                b.problem(
                    pfad,
                    "Leitfrage verneint – ohne drei bejahte Leitfragen kein Produkteinsatz (3.3.2)",
                )
        if not (p.get("begruendung") or "").strip():
            b.fehlt(f"produkte.{i + 1}.begruendung", "Begründung des Produkteinsatzes")


def frage_produkte(
    b: Befrager, k: Kataloge, lage: Lage, strategie_codes: list[str]
) -> list[dict[str, Any]]:
    gegeben = b.gegeben("produkte")
    if isinstance(gegeben, list) or not b.interaktiv:
        produkte = [dict(p) for p in gegeben] if isinstance(gegeben, list) else []
        pruefe_neue_produkte(b, k, lage, produkte)
        return produkte
    wahlen = [
        Wahl(k["handlungsstrategien"].bezeichnung(c), c) for c in dict.fromkeys(strategie_codes)
    ]
    if not wahlen:
        return []

    def produkt(i: int) -> dict[str, Any] | None:
        p = f"produkte.{i}"
        bezeichnung = b.text(
            f"{p}.bezeichnung",
            "Produkt oder Maßnahme einsetzen (leer: keins/keins mehr)",
            pflicht=False,
        )
        if not bezeichnung:
            return None
        strategie = b.wahl(f"{p}.strategie", "Zu welcher Strategie?", wahlen)
        beginn = b.datum(f"{p}.beginn", "Beginn")
        ende = b.datum(f"{p}.ende", "Geplantes Ende", nicht_vor=beginn)
        bei_arbeitgeber = b.ja_nein(
            f"{p}.bei_arbeitgeber", "Maßnahme bei einem Arbeitgeber (MAG)?", vorgabe=False
        )
        # No default: each Leitfrage is a documented decision (3.3.2).
        leitfragen = {
            lf.code: b.ja_nein(f"{p}.leitfragen.{lf.code}", lf.bezeichnung, vorgabe=None)
            for lf in k["leitfragen"]
        }
        if not all(leitfragen.values()):
            b.melde(
                "Ohne drei bejahte Leitfragen kein Produkteinsatz (3.3.2); "
                "das Produkt wird nicht aufgenommen."
            )
            return produkt(i)
        begruendung = b.text(
            f"{p}.begruendung", "Begründung des Produkteinsatzes (Wirkung, Wirtschaftlichkeit)"
        )
        return {
            "bezeichnung": bezeichnung,
            "strategie": strategie,
            "beginn": beginn,
            "ende": ende,
            "austritt": None,
            "abbruch": False,
            "bei_arbeitgeber": bei_arbeitgeber,
            "uebernommen": None,
            "leitfragen": leitfragen,
            "begruendung": begruendung,
        }

    return b.liste("produkte", produkt)


def vereinbarung(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    """Phase 4 (3.4.1 / 3.4.2): EinV or Kooperationsplan with its elements."""
    if lage.rechtskreis == "SGB II" and lage.aufstocker:
        b.melde("Aufstockend: ein Kooperationsplan ist nicht vorgesehen (3.4.2).")
        return
    if lage.rechtskreis == "SGB III":
        ende = ermessen_ende(
            lage.rechtskreis, lage.arbeitslos_seit, erg.get("integrationsprognose"), k
        )
        if ende is not None and lage.datum < ende and b.gegeben("vereinbarung") is None:
            if not b.interaktiv:
                return  # scripted: no agreement given is the discretion's "not now"
            if not b.ja_nein(
                "vereinbarung_jetzt",
                "Marktnah und erst seit Kurzem arbeitslos: Eingliederungsvereinbarung jetzt "
                f"abschließen? (nach Ermessen bis {ende:%d.%m.%Y}, 3.4.1 Fn. 5)",
                vorgabe=True,
            ):
                return
        art = EINV
        if lage.reha:
            art = b.wahl(
                "vereinbarung.art",
                "Vereinbarung",
                [
                    Wahl(NAMEN[EINV], EINV),
                    Wahl(f"{NAMEN[TEILHABEPLAN]} (ersetzt die EinV)", TEILHABEPLAN),
                ],
            )
    else:
        art = KOOPERATIONSPLAN
    name = NAMEN.get(art, "Vereinbarung")
    pflicht = 1 if art == EINV else 0
    v: dict[str, Any] = {"art": art, "datum": lage.datum, "ueberprueft": None}
    v["leistungen"] = frage_texte(
        b, "vereinbarung.leistungen", f"{name}: Leistung (leer: keine weitere)", mindestens=pflicht,
        warum="Mindestens eine Leistung angeben (3.4.1).",
    )  # fmt: skip
    v["eigenbemuehungen"] = frage_eigenbemuehungen(
        b, "vereinbarung.eigenbemuehungen", lage, pflicht
    )
    v["andere_traeger"] = frage_texte(
        b,
        "vereinbarung.andere_traeger",
        "Einbezogene andere Leistungsträger (leer: keiner/keiner mehr)",
    )
    if art == KOOPERATIONSPLAN:
        v["integrationskurs"] = b.text(
            "vereinbarung.integrationskurs",
            "Integrationskurs oder berufsbezogene Deutschförderung (leer: kommt nicht infrage)",
            pflicht=False,
        )
        v["vermittlungsrichtung"] = b.text(
            "vereinbarung.vermittlungsrichtung",
            "In welche Ausbildung, Tätigkeit oder Tätigkeitsbereiche wird vermittelt?",
            pflicht=False,
        )
        v["reha"] = b.text(
            "vereinbarung.reha",
            "Reha-Bedarf, Antrag oder laufendes Verfahren (leer: keiner)",
            pflicht=False,
        )
    if art == EINV:
        v["ausgehaendigt"] = b.ja_nein(
            "vereinbarung.ausgehaendigt",
            "Eingliederungsvereinbarung ausgehändigt und erläutert?",
            vorgabe=True,
        )
    erg["vereinbarung"] = v


def termin_und_vermerk(
    b: Befrager,
    k: Kataloge,
    lage: Lage,
    erg: Antworten,
    anliegen: str,
    frage_aktivitaeten_fn: Callable[[], Any] | None = None,
    *,
    geplant_anbieten: bool = False,
) -> None:
    """The next Folgegespräch (3.4.3) and the Beratungsvermerk of this conversation (3)."""
    termine = erg.setdefault("termine", {})
    if not termine.get("folgegespraech"):
        # Folgegespräch: a date already scheduled after this conversation is offered (and
        # kept by a script, SPEC §16).
        geplant = lage.fall.termine.folgegespraech if lage.fall and lage.fall.termine else None
        geplant = geplant if geplant_anbieten else None
        termine["folgegespraech"] = b.datum(
            "termine.folgegespraech",
            "Nächstes Folgegespräch am",
            nicht_vor=lage.datum,
            vorgabe=geplant if geplant and geplant > lage.datum else None,
        )
    gespraech: dict[str, Any] = erg.setdefault("gespraech", {})
    gespraech["form"] = b.wahl(
        "gespraech.form",
        "Gesprächsform",
        [Wahl(e.bezeichnung, e.code) for e in k["gespraechsformen"]],
        vorgabe="persoenlich",
    )
    gespraech["anliegen"] = b.text("gespraech.anliegen", "Anliegen des Gesprächs", vorgabe=anliegen)
    if frage_aktivitaeten_fn is not None:
        frage_aktivitaeten_fn()
    gespraech["vermerk"] = b.text(
        "gespraech.vermerk", "Beratungsvermerk: was wurde besprochen und vereinbart?"
    )
    produkt = b.gegeben("gespraech.produkt")
    if produkt is not None:
        bekannt = [p.bezeichnung for p in lage.fall.produkte] if lage.fall else []
        if produkt in bekannt:
            gespraech["produkt"] = produkt
        else:
            b.problem("gespraech.produkt", "Der Fall hat kein Produkt dieser Bezeichnung")


_STAMMDATEN = (
    "kunde",
    "rechtskreis",
    "fachkraft",
    "reha",
    "ausbildungsvermittlung",
    "arbeitslos_seit",
    "aufstocker",
)
_POTENZIALANALYSE = (
    "potenzialanalyse",
    "integrationsprognose",
    "unterstuetzungsbedarf",
    "bedarfsgemeinschaft",
    "reha_bedarf_geprueft",
)
PHASEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("stammdaten", "Stammdaten", _STAMMDATEN),
    ("potenzialanalyse", "Phase 1 · Potenzialanalyse", _POTENZIALANALYSE),
    ("ziel", "Phase 2 · Ziel", ("ziel",)),
    ("strategien", "Phase 3 · Strategien", ("strategien", "produkte")),
    ("vereinbarung", "Phase 4 · Vereinbarung", ("vereinbarung",)),
    ("gespraech", "Termin und Beratungsvermerk", ("termine", "gespraech")),
)
"""The phases in order: name, heading, and the answer sections each one fills."""


def _zweites_erstgespraech(b: Befrager, lage: Lage) -> None:
    """A case with a Potenzialanalyse: a new Erstgespräch replaces phases 1–4 (SPEC §10).
    Asked first on a terminal (default: no, with the pointer to the Folgegespräch); an
    answers file for a case that has one means it."""
    pa = lage.fall.potenzialanalyse if lage.fall else None
    vom = f" vom {pa.datum:%d.%m.%Y}" if pa and pa.datum else ""
    if not b.ja_nein(
        "erstgespraech.ersetzen",
        f"Fall {lage.fall_id} hat schon eine Potenzialanalyse{vom}. Ein neues Erstgespräch "
        "ersetzt die Phasen 1–4 (die bisherigen Abschnitte bleiben in ihrer Historie). "
        "Wirklich neu beginnen?",
        vorgabe=not b.interaktiv,  # a script that names this case means it
    ):
        raise Verzicht(
            f"Nichts geändert. Den Fall fortschreiben: vier-phasen folgegespraech {lage.fall_id}"
        )


class Verzicht(Exception):
    """The caseworker chose not to go on; nothing is saved, no draft is kept."""


def fuehre(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten, nur: set[str] | None) -> None:
    """Run the phases (``nur``: only these, for "revise a phase")."""
    if nur is None and lage.fall is not None and potenzialanalyse_erfolgt(lage.fall):
        _zweites_erstgespraech(b, lage)
    mit_pa = True
    for name, titel, _ in PHASEN:
        if name == "stammdaten" and not lage.neu:
            continue
        if not mit_pa and name in ("ziel", "strategien", "vereinbarung"):
            continue
        if nur is not None and name not in nur:
            if name == "potenzialanalyse":
                mit_pa = "ausnahme" not in (erg.get("potenzialanalyse") or {})
            continue
        b.melde(f"\n[bold cyan]{titel}[/]")
        if name == "stammdaten":
            stammdaten(b, k, lage, erg)
        elif name == "potenzialanalyse":
            mit_pa = potenzialanalyse(b, k, lage, erg)
        elif name == "ziel":
            ziel(b, k, lage, erg)
        elif name == "strategien":
            strategien(b, k, lage, erg)
        elif name == "vereinbarung":
            vereinbarung(b, k, lage, erg)
        else:
            termin_und_vermerk(b, k, lage, erg, "Erstgespräch")
