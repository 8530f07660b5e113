"""Question building blocks the wizards share (SPEC §6): the situation a question depends on
(:class:`Lage`), needs, strategies, activities, Eigenbemühungen, prognosis, Produkte with their
Leitfragen, the next appointment and the Beratungsvermerk.

Each block asks through the Befrager, so a typed and a given answer take the same path.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.kataloge import Eintrag, Kataloge
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl

if TYPE_CHECKING:  # the model loads with the first answer checked, not before the first question
    from vier_phasen_cli.domain.fall import Fall

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
    from vier_phasen_cli.domain.fall import WER_TEXT

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
    if isinstance(gegeben, list):
        produkte = [dict(p) for p in gegeben]
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


ABSTAND_VORGABE = timedelta(weeks=4)
"""Between two Folgegespräche when the case shows no interval of its own."""


def naechster_termin(lage: Lage) -> date:
    """The suggested next Folgegespräch: as far after this conversation as the scheduled one
    lay after the case's last conversation (one to thirteen weeks), else four weeks."""
    fall = lage.fall
    abstand = ABSTAND_VORGABE
    geplant = fall.termine.folgegespraech if fall and fall.termine else None
    letztes = max((g.datum for g in fall.gespraeche if g.datum), default=None) if fall else None
    if geplant is not None and letztes is not None:
        bisher = geplant - letztes
        if timedelta(weeks=1) <= bisher <= timedelta(weeks=13):
            abstand = bisher
    return lage.datum + abstand


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
        behalten = geplant if geplant and geplant > lage.datum else None
        # On a terminal the appointment this conversation may be holding is not suggested
        # again: the suggestion is the case's usual interval after this conversation.
        termine["folgegespraech"] = b.datum(
            "termine.folgegespraech",
            "Nächstes Folgegespräch am",
            nicht_vor=lage.datum,
            vorgabe=naechster_termin(lage) if b.interaktiv and geplant_anbieten else behalten,
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


class Verzicht(Exception):
    """The caseworker chose not to go on; nothing is saved, no draft is kept."""


def frage_schlichtung(b: Befrager, k: Kataloge, lage: Lage, v: dict[str, Any]) -> None:
    """Whether the customer asked for the Schlichtungsverfahren (§ 15a SGB II) on the
    Kooperationsplan ``v`` – asked where the Rechtsstand on the conversation's date offers it
    and it is not yet on record (SC001). A script gives it in its ``vereinbarung``
    section or not at all: a fact of law is never recorded without being asked."""
    from vier_phasen_cli.domain.rechtsstand import rechtsstand_fuer

    if v.get("schlichtung") is not None or b.gegeben("vereinbarung") is not None:
        return
    if b.terminal is None:
        return
    if not rechtsstand_fuer(k["rechtsstand"], lage.datum, lage.rechtskreis).schlichtung:
        return
    if b.ja_nein(
        "vereinbarung.schlichtung.verlangt",
        "Hat die Kundin bzw. der Kunde ein Schlichtungsverfahren nach § 15a SGB II verlangt?",
        vorgabe=False,
    ):
        beantragt = b.datum(
            "vereinbarung.schlichtung.beantragt",
            "Schlichtung verlangt am",
            vorgabe=lage.datum,
            nicht_nach=lage.datum,
        )
        v["schlichtung"] = {"beantragt": beantragt}
    else:
        v["schlichtung"] = {"beantragt": None}
