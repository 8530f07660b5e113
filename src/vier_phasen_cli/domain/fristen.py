"""The deadline engine (SPEC §8): every due item of a case, and its status on a Stichtag.

Pure: a validated case and the catalogs in, :class:`Frist` values out. Months are calendar
months with end-of-month clamping (python-dateutil: 31.08. + 6 Monate = 28./29.02.), four
weeks are 28 days. Undated or completed things never become items, so they are never overdue.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from dateutil.relativedelta import relativedelta

from vier_phasen_cli.domain.arbeitstage import naechster_arbeitstag
from vier_phasen_cli.domain.eintraege import nummern
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.rechtsstand import ueberpruefen_bis
from vier_phasen_cli.domain.vereinbarung import EINV, KOOPERATIONSPLAN, ermessen_bis

if TYPE_CHECKING:  # the case model is imported where items are computed: a report served
    # from the cache needs only the items (see storage.lesen)
    from vier_phasen_cli.domain.fall import Fall, Produkt

Status = Literal["ueberfaellig", "faellig", "geplant"]
STATUS_TEXT: dict[Status, str] = {
    "ueberfaellig": "überfällig",
    "faellig": "fällig",
    "geplant": "geplant",
}

VIER_WOCHEN = timedelta(days=28)
MINDESTDAUER_LANG = relativedelta(months=2)
AUSNAHME_HOECHSTENS = relativedelta(months=6)


KEINE_FUNDSTELLE = ""
"""The ``fundstelle`` of an item the Integrationskonzept does not ask for (``wiedervorlage``)."""


@dataclass(frozen=True)
class FristArt:
    art: str
    fundstelle: str
    titel: str


ARTEN: tuple[FristArt, ...] = (
    FristArt("folgegespraech", "3.4.3", "Terminiertes Folgegespräch"),
    FristArt(
        "vereinbarung-abschliessen",
        "3.4.1/3.4.2",
        "Eingliederungsvereinbarung abschließen bzw. Kooperationsplan erstellen",
    ),
    FristArt(
        "vereinbarung-ueberpruefen",
        "3.4.1/3.4.2",
        "Vereinbarung spätestens nach sechs Monaten überprüfen bzw. fortschreiben",
    ),
    FristArt("absolventengespraech", "3.3.3", "Beratungsgespräch zum Teilnahmeende einer Maßnahme"),
    FristArt("eigenbemuehung", "3.4.1", "Frist einer offenen Eigenbemühung"),
    FristArt("zwischenziel", "3.2", "Termin eines nicht erreichten Zwischenziels"),
    FristArt("aktivitaet", "3.3.1", "Termin einer offenen Aktivität"),
    FristArt(
        "potenzialanalyse-nachholen", "Anlage 1", "Ende einer Ausnahme: Potenzialanalyse nachholen"
    ),
    # The caseworker's own reminder: no section of the Integrationskonzept asks for it, so
    # it names none (reports show no brackets, Markdown a dash; JSON and CSV an empty text).
    FristArt("wiedervorlage", KEINE_FUNDSTELLE, "Eigene Wiedervorlage der Fachkraft"),
)
ART_NAMEN: tuple[str, ...] = tuple(a.art for a in ARTEN)
_RANG = {name: i for i, name in enumerate(ART_NAMEN)}


class Frist(NamedTuple):
    """One due item. A named tuple: reports keep tens of thousands of them in their cache."""

    fall: str
    art: str
    schluessel: str
    """Stable within the case (e.g. ``eigenbemuehung-2``): with ``fall`` the item's identity."""
    faellig_am: date
    fenster_ab: date | None
    text: str
    fundstelle: str
    verschoben_von: date | None = None
    """A customer's deadline that fell on a weekend or public holiday: the day it fell on
    (``faellig_am`` is then the next working day, § 26 Abs. 3 SGB X)."""

    def tage(self, stichtag: date) -> int:
        """Days from the Stichtag to the due date (negative: overdue)."""
        return (self.faellig_am - stichtag).days

    def status(self, stichtag: date, tage: int) -> Status:
        return status_nach_tagen(self.tage(stichtag), tage)

    def sortierschluessel(self) -> tuple[date, str, int, str]:
        return (self.faellig_am, self.fall, _RANG[self.art], self.schluessel)


def status_nach_tagen(differenz: int, tage: int) -> Status:
    """The status of an item due in ``differenz`` days, with a horizon of ``tage`` days."""
    if differenz < 0:
        return "ueberfaellig"
    return "faellig" if differenz <= tage else "geplant"


def _fall() -> Any:
    """The case model's module (helpers about a case live there)."""
    from vier_phasen_cli.domain import fall

    return fall


_Erzeuger = Callable[["Fall", Kataloge], Iterator[Frist]]


def fristen(fall: Fall, kataloge: Kataloge) -> list[Frist]:
    """Every due item of ``fall``, sorted by date; none for a closed case."""
    if fall.status != "aktiv":
        return []
    alle = [f for erzeuger in _ERZEUGER for f in erzeuger(fall, kataloge)]
    return sorted(alle, key=Frist.sortierschluessel)


def _frist(
    fall: Fall, art: str, schluessel: str, am: date, text: str, fenster_ab: date | None = None,
    fundstelle: str | None = None,
) -> Frist:  # fmt: skip
    standard = next(a.fundstelle for a in ARTEN if a.art == art)
    return Frist(fall.id, art, schluessel, am, fenster_ab, text, fundstelle or standard)


def _frist_der_kundschaft(
    fall: Fall, kataloge: Kataloge, art: str, schluessel: str, am: date, text: str
) -> Frist:
    """A deadline the customer must meet: one ending on a Saturday, Sunday or public holiday
    runs to the next working day (§ 26 Abs. 3 SGB X); appointments never move."""
    werktag = naechster_arbeitstag(am, kataloge.bundesland)
    frist = _frist(fall, art, schluessel, werktag, text)
    return frist._replace(verschoben_von=am) if werktag != am else frist


def _folgegespraech(fall: Fall, _: Kataloge) -> Iterator[Frist]:
    termin = fall.termine.folgegespraech if fall.termine else None
    if termin is None:
        return
    if any(g.datum >= termin for g in fall.gespraeche):
        return  # it took place (or a later conversation replaced it)
    yield _frist(fall, "folgegespraech", "folgegespraech", termin, "Folgegespräch")


def _vereinbarung_abschliessen(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    pa = fall.potenzialanalyse
    if (
        fall.vereinbarung is not None
        or not _fall().pa_durchgefuehrt(fall)
        or pa is None
        or pa.datum is None
    ):
        return
    # Due with the Potenzialanalyse, or with a later change of Rechtskreis: that retired the
    # agreement, whose type no longer fitted (SPEC §16).
    wechsel = rechtskreiswechsel(fall)
    ab = wechsel if wechsel is not None and wechsel > pa.datum else pa.datum
    nach_wechsel = " (nach dem Rechtskreiswechsel)" if ab != pa.datum else ""
    if fall.rechtskreis == "SGB II":
        if fall.aufstocker:
            return
        yield _frist(
            fall, "vereinbarung-abschliessen", "vereinbarung", ab,
            "Kooperationsplan erstellen" + nach_wechsel, fundstelle="3.4.2",
        )  # fmt: skip
        return
    # SGB III: for marktnah customers in their first months the caseworker may wait
    # (3.4.1 Fn. 5), so it is due when that discretion ends.
    am = max(filter(None, (ab, ermessen_bis(fall, kataloge))))
    text = "Eingliederungsvereinbarung abschließen"
    if fall.reha:
        text = "Eingliederungsvereinbarung oder Teilhabeplan abschließen"
    yield _frist(
        fall, "vereinbarung-abschliessen", "vereinbarung", am, text + nach_wechsel,
        fundstelle="3.4.1",
    )  # fmt: skip


def rechtskreiswechsel(fall: Fall) -> date | None:
    """The day of the case's latest change of Rechtskreis (``wechsel``), or None."""
    return max((w.datum for w in fall.wechsel if w.feld == "rechtskreis"), default=None)


def _vereinbarung_ueberpruefen(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    v = fall.vereinbarung
    if v is None or v.art not in (EINV, KOOPERATIONSPLAN):
        return
    am = ueberpruefen_bis(fall, kataloge)
    if am is None:
        return
    if v.art == EINV:
        text, fundstelle = "Eingliederungsvereinbarung gemeinsam überprüfen", "3.4.1"
    else:
        text, fundstelle = "Kooperationsplan aktualisieren bzw. fortschreiben", "3.4.2"
    yield _frist(fall, "vereinbarung-ueberpruefen", "vereinbarung", am, text, fundstelle=fundstelle)


def absolventen_fenster(produkt: Produkt) -> tuple[date, date] | None:
    """3.3.3: the window for the conversation at the end of a measure, or None if none is due.

    Measures of at least two months: four weeks before to four weeks after the individual end
    of participation. Shorter ones: within four weeks after it; for a short measure at an
    employer (MAG) only when the participant was not taken on.
    """
    ende_teilnahme = _fall().teilnahmeende(produkt)
    if ende_teilnahme is None:
        return None
    geplant = produkt.ende or ende_teilnahme
    lang = produkt.beginn is not None and geplant + timedelta(days=1) >= (
        produkt.beginn + MINDESTDAUER_LANG
    )
    if not lang and produkt.bei_arbeitgeber and produkt.uebernommen:
        return None
    fenster_ab = ende_teilnahme - VIER_WOCHEN if lang else ende_teilnahme
    return fenster_ab, ende_teilnahme + VIER_WOCHEN


def _absolventengespraech(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    arten = {e.code for e in kataloge["gespraechsarten"] if e["absolventenmanagement"]}
    for i, p in enumerate(fall.produkte):
        fenster = absolventen_fenster(p)
        if fenster is None:
            continue
        von, bis = fenster
        # An Absolventengespräch naming no Produkt clears every item in its window; any
        # conversation naming this Produkt clears its item (SPEC §8, §10).
        erledigt = any(
            von <= g.datum <= bis
            and ((g.art in arten and g.produkt is None) or g.produkt == p.bezeichnung)
            for g in fall.gespraeche
        )
        if not erledigt:
            text = f"Absolventengespräch: {p.bezeichnung}"
            yield _frist(
                fall, "absolventengespraech", f"produkt-{i + 1}", bis, text, fenster_ab=von
            )


def _eigenbemuehungen(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    v = fall.vereinbarung
    liste = v.eigenbemuehungen if v else []
    for e, nr in zip(liste, nummern(liste), strict=True):
        if e.frist is not None and e.erledigt is None:
            text = f"Eigenbemühung: {e.text}"
            yield _frist_der_kundschaft(
                fall, kataloge, "eigenbemuehung", f"eigenbemuehung-{nr}", e.frist, text
            )


def _zwischenziele(fall: Fall, _: Kataloge) -> Iterator[Frist]:
    liste = fall.ziel.zwischenziele if fall.ziel else []
    for z, nr in zip(liste, nummern(liste), strict=True):
        if z.bis is not None and z.erreicht is None:
            yield _frist(
                fall,
                "zwischenziel",
                f"zwischenziel-{nr}",
                z.bis,
                f"Zwischenziel: {z.text}",
            )


def _aktivitaeten(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    gesehen: dict[str, int] = {}
    for s in fall.strategien:
        # The strategy's code names it (SPEC §16); a code repeated in a hand-edited file
        # gets the occurrence appended, so no two items share a key.
        gesehen[s.code] = gesehen.get(s.code, 0) + 1
        strategie = s.code if gesehen[s.code] == 1 else f"{s.code}.{gesehen[s.code]}"
        if s.beendet is not None:
            continue  # an ended strategy's open activities are no longer pursued
        for a, nr in zip(s.aktivitaeten, nummern(s.aktivitaeten), strict=True):
            if a.bis is not None and a.erledigt is None:
                text = f"Aktivität ({_fall().WER_TEXT[a.wer]}): {a.was}"
                schluessel = f"aktivitaet-{strategie}-{nr}"
                if a.wer == "kunde":
                    yield _frist_der_kundschaft(
                        fall, kataloge, "aktivitaet", schluessel, a.bis, text
                    )
                else:
                    yield _frist(fall, "aktivitaet", schluessel, a.bis, text)


def _potenzialanalyse_nachholen(fall: Fall, kataloge: Kataloge) -> Iterator[Frist]:
    pa = fall.potenzialanalyse
    if pa is None or pa.ausnahme is None:
        return
    eintrag = kataloge["ausnahmen"].get(pa.ausnahme.grund)
    regel = eintrag["nachholen"] if eintrag else None
    kandidaten: list[date | None]
    if regel == "bis":
        kandidaten = [pa.ausnahme.bis]
    elif regel == "massnahme_ende":
        kandidaten = [pa.ausnahme.massnahme_ende]
    elif regel == "folgegespraech-oder-6-monate":
        folge = fall.termine.folgegespraech if fall.termine else None
        kandidaten = [folge, pa.datum + AUSNAHME_HOECHSTENS if pa.datum else None]
    else:
        return
    daten = [d for d in kandidaten if d is not None]
    if not daten:
        return
    buchstabe = f" {eintrag['buchstabe']})" if eintrag and eintrag["buchstabe"] else ""
    text = f"Potenzialanalyse nachholen (Ausnahme nach Anlage 1{buchstabe} endet)"
    yield _frist(fall, "potenzialanalyse-nachholen", "potenzialanalyse", min(daten), text)


def _wiedervorlagen(fall: Fall, _: Kataloge) -> Iterator[Frist]:
    liste = fall.wiedervorlagen
    for w, nr in zip(liste, nummern(liste), strict=True):
        if w.erledigt is None:
            text = f"Wiedervorlage: {w.text}"
            yield _frist(fall, "wiedervorlage", f"wiedervorlage-{nr}", w.am, text)


_ERZEUGER: tuple[_Erzeuger, ...] = (
    _folgegespraech,
    _vereinbarung_abschliessen,
    _vereinbarung_ueberpruefen,
    _absolventengespraech,
    _eigenbemuehungen,
    _zwischenziele,
    _aktivitaeten,
    _potenzialanalyse_nachholen,
    _wiedervorlagen,
)


class Vertretungszeit(NamedTuple):
    """A caseworker standing in for the case's Fachkraft from ``ab`` to ``bis`` (both days
    included; SPEC §10 ``uebergabe --bis``)."""

    fachkraft: str
    ab: date
    bis: date

    def gilt_am(self, tag: date) -> bool:
        return self.ab <= tag <= self.bis


def fachkraft_schluessel(name: str) -> str:
    """A Fachkraft's name as options compare it: case and surrounding spaces do not count."""
    return name.strip().casefold()


class Fallkopf(NamedTuple):
    """What a report shows of a case besides its items (kept small: reports cache it)."""

    id: str
    name: str
    fachkraft: str
    rechtskreis: str
    status: str
    vertretung: Vertretungszeit | None = None

    @classmethod
    def von(cls, fall: Fall) -> Fallkopf:
        v = fall.vertretung
        vertretung = Vertretungszeit(v.fachkraft, v.ab, v.bis) if v is not None else None
        return cls(
            fall.id, fall.kunde.name, fall.fachkraft, fall.rechtskreis, fall.status, vertretung
        )

    def zustaendig(self, schluessel: str, stichtag: date) -> bool:
        """Whether the Fachkraft ``schluessel`` (:func:`fachkraft_schluessel`) has the case on
        ``stichtag``: as its own, or standing in for its Fachkraft (``--fachkraft``, SPEC §10)."""
        if fachkraft_schluessel(self.fachkraft) == schluessel:
            return True
        v = self.vertretung
        return (
            v is not None
            and v.gilt_am(stichtag)
            and fachkraft_schluessel(v.fachkraft) == schluessel
        )


@dataclass(slots=True)
class Berichtszeile:
    """One line of the due report: an item with its case and its status on the Stichtag."""

    fall: Fallkopf
    frist: Frist
    status: Status
    tage: int


def bericht(
    faelle: Iterable[tuple[Fallkopf, Sequence[Frist]]],
    stichtag: date,
    tage: int,
    *,
    alle: bool = False,
    nur_ueberfaellig: bool = False,
    arten: Collection[str] | None = None,
    je_fall: bool = False,
) -> list[Berichtszeile]:
    """The items to report, by date: overdue and due within ``tage`` days (``alle``: also
    later ones); ``je_fall`` keeps each case's earliest item (the "next due" view).

    ``faelle`` pairs each case with its items (``fristen``), which do not depend on the
    Stichtag: reports compute them once per file version and keep them."""
    zeilen: list[Berichtszeile] = []
    grenze = letzter_tag(stichtag, tage, alle=alle, nur_ueberfaellig=nur_ueberfaellig)
    heute = stichtag.toordinal()
    for fall, seine in faelle:
        for f in seine:  # sorted by date: the first one past the limit ends the case
            if f.faellig_am > grenze:
                break
            if arten is not None and f.art not in arten:
                continue
            differenz = f.faellig_am.toordinal() - heute
            zeilen.append(Berichtszeile(fall, f, status_nach_tagen(differenz, tage), differenz))
            if je_fall:
                break
    zeilen.sort(key=lambda z: z.frist.sortierschluessel())
    return zeilen


def letzter_tag(stichtag: date, tage: int, *, alle: bool, nur_ueberfaellig: bool) -> date:
    """The last due date the report shows (``date.max`` with ``alle``): reports read only
    the items due by it."""
    if nur_ueberfaellig:
        return horizont(stichtag, -1)
    return date.max if alle else horizont(stichtag, tage)


VORAUSSCHAU_HOECHSTENS = 3650
"""The longest look-ahead of the due report (``--tage``, ``[faellig] tage``): ten years.
For everything later there is ``--alle``."""


def vorausschau_gueltig(tage: object) -> bool:
    """Whether ``tage`` is a look-ahead the report accepts: a whole number 0…3650."""
    return type(tage) is int and 0 <= tage <= VORAUSSCHAU_HOECHSTENS


def horizont(stichtag: date, tage: int) -> date:
    """The day ``tage`` days after the Stichtag: the end of a report's look-ahead.

    Clamped to what a date can hold: ``--tage 99999999999`` (or a huge ``[faellig] tage``)
    means "everything", never an overflow (SPEC §16)."""
    tag = stichtag.toordinal() + tage
    return date.fromordinal(min(max(tag, 1), date.max.toordinal()))


def wann(tage: int) -> str:
    """``vor 3 Tagen`` / ``gestern`` / ``heute`` / ``morgen`` / ``in 5 Tagen``."""
    if tage == 0:
        return "heute"
    if tage == 1:
        return "morgen"
    if tage == -1:
        return "gestern"
    return f"in {tage} Tagen" if tage > 0 else f"vor {-tage} Tagen"
