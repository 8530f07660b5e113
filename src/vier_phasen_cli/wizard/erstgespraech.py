"""The Erstgespräch: Stammdaten, then the four phases in the Integrationskonzept's order (SPEC §6).

Each phase fills its sections of the answers document (a partial case document) through the
Befrager, so a typed and a given answer take the same path. Choices show Bezeichnungen and
store codes; every list is filtered by what the catalogs allow for this case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vier_phasen_cli.domain.fallstand import potenzialanalyse_erfolgt
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.vereinbarung import (
    EINV,
    KOOPERATIONSPLAN,
    NAMEN,
    TEILHABEPLAN,
    ermessen_ende,
)
from vier_phasen_cli.wizard import stammfragen as sf
from vier_phasen_cli.wizard.bausteine import (
    Antworten,
    Lage,
    Verzicht,
    frage_aktivitaeten,
    frage_bedarfe,
    frage_eigenbemuehungen,
    frage_produkte,
    frage_prognose,
    frage_schlichtung,
    frage_texte,
    strategie_wahlen,
    termin_und_vermerk,
)
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl

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
    pa: dict[str, Any] = {"datum": lage.datum}
    erg["potenzialanalyse"] = pa
    if _ausnahme(b, k, lage, erg, pa):
        return False
    _zielberuf(b, lage, erg, pa)
    pa["staerken"] = _staerken(b, k)
    pa["handlungsbedarfe"] = frage_bedarfe(
        b,
        k,
        "potenzialanalyse.handlungsbedarfe",
        "Handlungsbedarfe, die einer Integration im Weg stehen (3.1.2)",
    )
    frage_prognose(b, k, lage, erg)
    _reha_bedarf(b, k, lage, erg, pa)
    if lage.rechtskreis == "SGB II":
        frage_bedarfsgemeinschaft(b, erg)
    return True


def _ausnahme(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten, pa: dict[str, Any]) -> bool:
    """Anlage 1: is the Potenzialanalyse unnecessary for now? True when an Ausnahme applies."""
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
        return True
    return False


def _zielberuf(b: Befrager, lage: Lage, erg: Antworten, pa: dict[str, Any]) -> None:
    """Zielberuf (3.1.1), or the approach while it is open; Stellengesuch, BBiE."""
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


def _staerken(b: Befrager, k: Kataloge) -> list[dict[str, Any]]:
    """The Stärken (3.1.2): at least one."""
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

    return b.liste(
        "potenzialanalyse.staerken",
        staerke,
        mindestens=1,
        warum="Bitte mindestens eine Stärke angeben (3.1.2).",
    )


def _reha_bedarf(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten, pa: dict[str, Any]) -> None:
    """A health-related need: was a Reha need checked (§ 12 Abs. 2 SGB IX)?"""
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
                b.einwand(
                    "bedarfsgemeinschaft.einwilligung_aller",
                    "Ohne Einwilligung aller Mitglieder keine gemeinsamen Gespräche (3.1).",
                    "gemeinsame Gespräche brauchen die Einwilligung aller (3.1)",
                )
                gemeinsam = False
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
                fehlt_als="strategien (für jeden Handlungsbedarf mindestens eine Strategie, 3.3.1)",
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


def vereinbarung(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    """Phase 4 (3.4.1 / 3.4.2): EinV or Kooperationsplan with its elements."""
    if lage.rechtskreis == "SGB II" and lage.aufstocker:
        b.melde("Aufstockend: ein Kooperationsplan ist nicht vorgesehen (3.4.2).")
        return
    if lage.rechtskreis == "SGB III":
        ende = ermessen_ende(
            lage.rechtskreis, lage.arbeitslos_seit, erg.get("integrationsprognose"), k
        )
        ermessen = ende is not None and lage.datum < ende and b.gegeben("vereinbarung") is None
        if ermessen and not b.ja_nein(
            "vereinbarung_jetzt",
            "Marktnah und erst seit Kurzem arbeitslos: Eingliederungsvereinbarung jetzt "
            f"abschließen? (nach Ermessen bis {ende:%d.%m.%Y}, 3.4.1 Fn. 5)",
            vorgabe=True,
            ohne_terminal=False,  # a script that gives no agreement means "not now"
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
        frage_schlichtung(b, k, lage, v)
    if art == EINV:
        v["ausgehaendigt"] = b.ja_nein(
            "vereinbarung.ausgehaendigt",
            "Eingliederungsvereinbarung ausgehändigt und erläutert?",
            vorgabe=True,
        )
    erg["vereinbarung"] = v


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
        vorgabe=False,
        ohne_terminal=True,  # a script that names this case means it
    ):
        raise Verzicht(
            f"Nichts geändert. Den Fall fortschreiben: vier-phasen folgegespraech {lage.fall_id}"
        )


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
        b.ueberschrift(titel)
        if _ABLAUF[name](b, k, lage, erg) is False:
            mit_pa = False  # an Anlage 1 Ausnahme: no phases 2–4 for now


def _termin_und_vermerk(b: Befrager, k: Kataloge, lage: Lage, erg: Antworten) -> None:
    termin_und_vermerk(b, k, lage, erg, "Erstgespräch")


Phase = Callable[[Befrager, Kataloge, Lage, Antworten], "bool | None"]
_ABLAUF: dict[str, Phase] = {
    "stammdaten": stammdaten,
    "potenzialanalyse": potenzialanalyse,
    "ziel": ziel,
    "strategien": strategien,
    "vereinbarung": vereinbarung,
    "gespraech": _termin_und_vermerk,
}
"""What each phase of ``PHASEN`` asks (a phase returning False ends the run after it)."""
