"""Documents (SPEC §9): golden files of the demo cases, the elements 3.4.1 and 3.4.2 require,
hostile customer text, the refusal path, overrides and template errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from vier_phasen_cli.render.vorlagen import absaetze, zeilen

from .conftest import REPO, Aufruf, dateistand
from .fallbau import demo_daten, schreibe, setze

GOLDEN = REPO / "tests" / "data" / "dokumente"
HEUTE = {"VIER_PHASEN_HEUTE": "2026-12-01"}


def _md(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _ueberschriften(text: str) -> list[str]:
    baum = _md(text)
    return [baum[i + 1].content for i, t in enumerate(baum) if t.type == "heading_open"]


def _dokument(vp: Aufruf, ablage: Path, *args: str) -> str:
    ergebnis = vp("--ablage", ablage, "dokument", *args, env=HEUTE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ergebnis.stdout


@pytest.mark.parametrize("datei", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.stem)
def test_golden(vp: Aufruf, demo: Path, datei: Path) -> None:
    """The documents as reviewed. After a deliberate change: VIER_PHASEN_GOLDEN=neu pytest …"""
    fall, art = datei.stem.split("-", 1)
    text = _dokument(vp, demo, fall, art)
    if os.environ.get("VIER_PHASEN_GOLDEN") == "neu":
        datei.write_text(text, encoding="utf-8")
    assert text == datei.read_text(encoding="utf-8")


def test_eingliederungsvereinbarung_enthaelt_alles_aus_3_4_1(vp: Aufruf, demo: Path) -> None:
    text = _dokument(vp, demo, "911A100001", "vereinbarung")
    assert _ueberschriften(text) == [
        "Eingliederungsvereinbarung",
        "Ihre Stärken",
        "Ihr Ziel",
        "Zwischenziele",
        "Die Schritte zu Ihrem Ziel",
        "Was Sie von uns bekommen",
        "Was Sie selbst tun",
        "Andere Stellen, die Sie unterstützen",
        "Wann wir die Vereinbarung überprüfen",
        "Ihr nächster Termin",
        "Unterschriften",
    ]
    for inhalt in (
        "Agentur für Arbeit Musterstadt, Musterstraße 1, 99999 Musterstadt",  # Dienststelle from the toml
        "Sabine Krüger",
        "Aufnahme Beschäftigung 1. Arbeitsmarkt lokal",  # Ziel
        "Führerschein Klasse B bestanden – bis 28.02.2027",  # Zwischenziel with its date
        "**Mobilität erhöhen** – dabei geht es um: Ihr Weg zur Arbeit",  # Teilschritt, respectful
        "Übernahme der Fahrschulkosten bis 2.000 EUR aus dem Vermittlungsbudget",  # Leistung
        "Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende – **bis 30.11.2026**",
        "Theorieprüfung Führerschein ablegen – **bis 15.01.2027**",
        "Andere Leistungsträger sind derzeit nicht beteiligt.",
        "spätestens am 01.04.2027",  # 01.10.2026 + 6 Monate
        "Am 08.12.2026 sprechen wir wieder miteinander",
    ):
        assert inhalt in text, inhalt
    assert "Örtliche Mobilität" not in text  # the customer reads the respectful wording


def test_kooperationsplan_enthaelt_alles_aus_3_4_2(vp: Aufruf, demo: Path) -> None:
    text = _dokument(vp, demo, "911A100006", "vereinbarung")
    assert _ueberschriften(text) == [
        "Kooperationsplan",
        "Ihr Ziel",
        "Zwischenziele",
        "Ihre Stärken",
        "Die wichtigsten Schritte",
        "Welche Leistungen infrage kommen",
        "Was Sie selbst unternehmen und nachweisen",
        "Integrationskurs und Deutschförderung",
        "Andere Stellen, die Sie unterstützen",
        "Wohin die Vermittlung gehen soll",
        "Rehabilitation",
        "Wann wir den Plan fortschreiben",
        "Wenn wir uns nicht einig sind",
    ]
    for inhalt in (
        "Berufsbezogene Deutschförderung B2 nach § 45a AufenthG ab Januar 2027",
        "BAMF (Berufssprachkurs)",
        "Finanzbuchhaltung, Vollzeit oder vollzeitnah",
        "Zuletzt aktualisiert am 13.10.2026.",
        "spätestens am 13.04.2027",
        "Schlichtungsverfahren nach § 15a SGB II",
        "rechtlich nicht verbindlich",
    ):
        assert inhalt in text, inhalt


def test_teilhabeplan_fuer_reha_im_sgb3(vp: Aufruf, demo: Path) -> None:
    text = _dokument(vp, demo, "911A100007", "vereinbarung")
    assert _ueberschriften(text)[0] == "Hinweis zu Ihrem Teilhabeplan"
    assert "ersetzt die\nEingliederungsvereinbarung nach § 37 Absatz 2 SGB III" in text


def test_beratungsvermerk_nach_datum(vp: Aufruf, demo: Path) -> None:
    erst = _dokument(vp, demo, "911A100002", "beratungsvermerk", "--datum", "16.03.2026")
    assert "| Art | Erstgespräch |" in erst and "vier Aktivitäten" not in erst
    folge = _dokument(vp, demo, "911A100002", "beratungsvermerk")
    assert "| Gespräch am | 14.09.2026 |" in folge
    assert (
        "4. **Vereinbarung nächster Schritte**: Folgegespräch im November, Praktikumsbetrieb suchen"
        in folge
    )
    kein = vp(
        "--ablage", demo, "dokument", "911A100002", "beratungsvermerk", "--datum", "2026-01-01"
    )
    assert kein.exit_code == 2
    assert "Im Fall 911A100002 ist kein Gespräch am 01.01.2026 dokumentiert" in kein.stderr


def test_auskunft_zeigt_alles_gespeicherte(vp: Aufruf, demo: Path) -> None:
    daten = demo_daten("911A100006")
    daten["eigene_notiz"] = "Bevorzugt Termine am Vormittag"
    daten["potenzialanalyse"]["zusatz"] = {"quelle": "Profiling 2025", "seiten": 3}
    schreibe(demo, daten)
    text = _dokument(vp, demo, "911A100006", "auskunft")
    for inhalt in (
        "Olga Petrenko", "09.09.1984", "Bedarfsgemeinschaft: 2 Personen",
        "Hochschulabschluss Ökonomie (Ukraine)",
        "Ihre Sprachkenntnisse (gespeichert als „Sprachkenntnisse“, Bereich Qualifikation)",
        "Integriert, aber hilfebedürftig", "Berufssprachkurs B2",
        "#### Kooperationsplan vom 07.07.2026",  # the earlier version
        "### Erstgespräch am 07.07.2026", "### Folgegespräch am 13.10.2026",
        "Arbeitet 20 Std. als Bürokraft.",
        "## Weitere gespeicherte Angaben",
        "- eigene\\_notiz: Bevorzugt Termine am Vormittag",
        "- potenzialanalyse.zusatz: quelle: Profiling 2025; seiten: 3",
    ):  # fmt: skip
        assert inhalt in text, inhalt


def test_aktivitaeten_sprechen_die_kundin_an(vp: Aufruf, demo: Path) -> None:
    """A document written to "Sie" names who acts as "Sie", "Wir" or "Dritte"; the
    caseworker's own case view keeps "Kundin/Kunde" and "Fachkraft"."""
    schritte = [
        zeile.split(":", 1)[0].strip()
        for fall in ("911A100001", "911A100007")
        for zeile in _dokument(vp, demo, fall, "vereinbarung").splitlines()
        if zeile.startswith("   - ")
    ]
    assert schritte == ["- Sie", "- Wir", "- Wir", "- Dritte"]
    ansicht = vp("--ablage", demo, "zeige", "911A100001", env=HEUTE)
    assert "Kundin/Kunde: Anmeldung bei einer Fahrschule" in ansicht.stdout


def _dienststelle(ablage: Path, name: str, artikel: str | None) -> None:
    zeilen = [f'name = "{name}"'] + ([f"artikel = {artikel}"] if artikel else [])
    (ablage / "vier-phasen.toml").write_text("[dienststelle]\n" + "\n".join(zeilen) + "\n")


@pytest.mark.parametrize(
    ("fall", "name", "artikel", "erwartet"),
    [
        ("911A100001", "Agentur für Arbeit Musterstadt", '"die"', [
            "**Zwischen** der Agentur für Arbeit Musterstadt, vertreten durch M. Schmidt,",
            "Für die Agentur für Arbeit Musterstadt, M. Schmidt: ___",
        ]),
        ("911A100001", "Agentur für Arbeit Musterstadt", None, [
            "**Zwischen** der Dienststelle Agentur für Arbeit Musterstadt, vertreten durch",
            "Für die Dienststelle Agentur für Arbeit Musterstadt, M. Schmidt: ___",
        ]),
        ("911A100006", "Jobcenter Musterstadt", '"das"', [
            "**erstellt mit** dem Jobcenter Musterstadt (L. Hartmann),",
        ]),
        ("911A100006", "Landkreis Musterland", '"Der"', [
            "**erstellt mit** dem Landkreis Musterland (L. Hartmann),",
        ]),
        ("911A100006", "Jobcenter Musterstadt", None, [
            "**erstellt mit** der Dienststelle Jobcenter Musterstadt (L. Hartmann),",
        ]),
    ],
)  # fmt: skip
def test_dienststelle_mit_artikel(
    vp: Aufruf, demo: Path, fall: str, name: str, artikel: str | None, erwartet: list[str]
) -> None:
    """Whatever the Dienststelle is called, the sentence around its name stays German."""
    _dienststelle(demo, name, artikel)
    text = _dokument(vp, demo, fall, "vereinbarung")
    for inhalt in erwartet:
        assert inhalt in text, inhalt
    assert f"Zwischen** {name}" not in text and f"mit** {name}" not in text


@pytest.mark.parametrize("wert", ['"den"', "1", '"\\u001b[31m"'])
def test_dienststelle_mit_falschem_artikel(vp: Aufruf, demo: Path, wert: str) -> None:
    _dienststelle(demo, "Jobcenter Musterstadt", wert)
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "dokument", "911A100006", "vereinbarung", env=HEUTE)
    assert ergebnis.exit_code == 2
    assert "vier-phasen.toml" in ergebnis.stderr
    assert "[dienststelle] artikel ist kein Artikel" in ergebnis.stderr
    assert "der, die und das" in ergebnis.stderr and "\x1b" not in ergebnis.stderr
    assert ergebnis.stdout == "" and "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher


def test_kundentext_kann_die_struktur_nicht_aendern(vp: Aufruf, demo: Path) -> None:
    vorher = {
        art: _md(_dokument(vp, demo, "911A100001", art))
        for art in ("vereinbarung", "beratungsvermerk", "auskunft")
    }
    daten = demo_daten("911A100001")
    feindlich = "| # [x](y) <b>fett</b> ![b](c) `code` *"
    setze(daten, "kunde.name", feindlich)
    setze(daten, "potenzialanalyse.staerken.0.text", feindlich)
    setze(daten, "vereinbarung.leistungen.0", feindlich)
    setze(daten, "gespraeche.0.vermerk", f"# Überschrift\n- Liste\n1. Aufzählung {feindlich}")
    setze(daten, "gespraeche.0.anliegen", feindlich)
    schreibe(demo, daten)
    for art, alt in vorher.items():
        text = _dokument(vp, demo, "911A100001", art)
        neu = _md(text)
        assert [t.type for t in neu] == [t.type for t in alt], art  # same blocks, rows, lists
        kinder = [k for t in neu if t.children for k in t.children]
        assert not [
            k
            for k in kinder
            if k.type in ("link_open", "image", "html_inline", "code_inline", "em_open")
        ]
        assert "| # [x](y) <b>fett</b>" in "".join(k.content for k in kinder if k.type == "text")


def test_vereinbarung_mit_fehlern_wird_verweigert(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "einv.md"
    ergebnis = vp("--ablage", demo, "dokument", "911A100014", "vereinbarung", "-o", ziel, env=HEUTE)
    assert ergebnis.exit_code == 1
    assert ergebnis.stdout == "" and not ziel.exists()
    assert ergebnis.stderr.splitlines() == [
        "Die Eingliederungsvereinbarung kann noch nicht erstellt werden. Es fehlt:",
        "  cases/911A100014.yaml:27: ST001 Für den Handlungsbedarf „Örtliche Mobilität“ ist keine "
        "Handlungsstrategie vereinbart  [3.3.1]",
        "  cases/911A100014.yaml:59: PR001 Produkteinsatz Nr. 1 ist nicht ausreichend begründet: "
        "Leitfrage 2 „Besteht hohe Erfolgswahrscheinlichkeit?“ nicht bejaht; Begründung fehlt  [3.3.2]",
        "Mit --entwurf entsteht ein als ENTWURF markierter Stand.",
    ]
    entwurf = vp(
        "--ablage",
        demo,
        "dokument",
        "911A100014",
        "vereinbarung",
        "--entwurf",
        "-o",
        ziel,
        env=HEUTE,
    )
    assert entwurf.exit_code == 0
    text = ziel.read_text(encoding="utf-8")
    assert text.startswith("> **ENTWURF** – ") and text.rstrip().endswith(
        "nicht zur Unterschrift bestimmt."
    )
    assert stat.S_IMODE(ziel.stat().st_mode) == 0o600


def test_ohne_vereinbarung(vp: Aufruf, demo: Path) -> None:
    aufstockend = vp("--ablage", demo, "dokument", "911A100005", "vereinbarung", env=HEUTE)
    assert aufstockend.exit_code == 1
    assert "Aufstockende Personen benötigen keinen Kooperationsplan (3.4.2)" in aufstockend.stderr
    ermessen = vp("--ablage", demo, "dokument", "911A100013", "vereinbarung", env=HEUTE)
    assert ermessen.exit_code == 1
    assert "Es ist noch keine Vereinbarung erfasst" in ermessen.stderr


def test_ausgabedatei_nur_mit_force_ueberschreiben(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "auskunft.md"
    ziel.write_text("alt")
    ergebnis = vp("--ablage", demo, "dokument", "911A100001", "auskunft", "-o", ziel, env=HEUTE)
    assert ergebnis.exit_code == 2
    assert "Die Ausgabedatei gibt es schon; sie wird nicht überschrieben" in ergebnis.stderr
    assert ziel.read_text() == "alt"
    assert (
        vp(
            "--ablage", demo, "dokument", "911A100001", "auskunft", "-o", ziel, "--force", env=HEUTE
        ).exit_code
        == 0
    )
    assert ziel.read_text(encoding="utf-8").startswith("# Auskunft über Ihre gespeicherten Daten")


def test_eigene_vorlage_der_ablage(vp: Aufruf, demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "beratungsvermerk.md.j2").write_text(
        "Vermerk {{ gespraech.datum }} – {{ gespraech.art }} – {{ fall.rechtskreis | md }}"
        " – {{ gespraech.art_code | bezeichnung('gespraechsarten') }}\n",
        encoding="utf-8",
    )
    text = _dokument(vp, demo, "911A100001", "beratungsvermerk")
    assert text == "Vermerk 01.10.2026 – Erstgespräch – SGB III – Erstgespräch\n"


@pytest.mark.parametrize(
    ("datei", "inhalt", "meldung"),
    [
        (
            "auskunft.md.j2",
            "# Auskunft\n{% for x in %}\n",
            "templates/auskunft.md.j2:2: Syntaxfehler in der Vorlage",
        ),
        (
            "auskunft.md.j2",
            "# A\n\n{{ kunde.vorname }}\n",
            "templates/auskunft.md.j2:3: Unbekannte Angabe in der Vorlage",
        ),
        (
            "_bausteine.md.j2",
            "{% macro staerken(x) %}\n{{ x.fehlt }}\n{% endmacro %}\n",
            "templates/_bausteine.md.j2:2: Unbekannte Angabe in der Vorlage",
        ),
        (
            "auskunft.md.j2",
            "{% include '/etc/passwd' %}\n",
            "templates/auskunft.md.j2:1: Fehler in der Vorlage",
        ),
        (
            "auskunft.md.j2",
            "{{ fall.__class__.__init__.__globals__ }}\n",
            "templates/auskunft.md.j2:1: ",
        ),
    ],
)
def test_fehler_in_vorlagen_nennen_datei_und_zeile(
    vp: Aufruf, demo: Path, datei: str, inhalt: str, meldung: str
) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / datei).write_text(inhalt, encoding="utf-8")
    ergebnis = vp("--ablage", demo, "dokument", "911A100001", "auskunft", env=HEUTE)
    assert ergebnis.exit_code == 2
    assert meldung in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr and "root:" not in ergebnis.stdout


FESTGEHALTEN = (
    "Umschulung läuft gut.\nEinV überprüft.\n\nFestgehalten:\n"
    "Erledigt: Fünf Bewerbungen im Monat\nStrategie aufgenommen: Sprachkompetenz verbessern\n"
    "Neue Aktivität: Praktikumsbetrieb suchen"
)
"""A Folgegespräch's Vermerk as the wizard saves it, with its appended "Festgehalten:" block."""


def mehrzeilige_texte(ablage: Path) -> None:
    """911A100002 with multi-line customer texts: the Folgegespräch's Vermerk, Anliegen and an
    activity's notiz; a line that would start a list or a heading stays text."""
    daten = demo_daten("911A100002")
    setze(daten, "gespraeche.1.vermerk", FESTGEHALTEN)
    setze(daten, "gespraeche.1.anliegen", "Stand der Umschulung\n# kein Titel")
    naechste = "Folgegespräch im November\n- Praktikumsbetrieb suchen"
    setze(daten, "gespraeche.1.aktivitaeten.naechste_schritte", naechste)
    setze(daten, "vereinbarung.leistungen.0", "Eine Zeile\n- keine zweite")  # one-line field
    schreibe(ablage, daten)


def test_mehrzeilige_texte_behalten_ihre_zeilen(vp: Aufruf, demo: Path) -> None:
    """Each line of a Vermerk stays a line (a Markdown hard break: backslash at the line end);
    blank lines keep separating paragraphs; every line is escaped on its own."""
    mehrzeilige_texte(demo)
    festgehalten = (
        "Festgehalten:\\\nErledigt: Fünf Bewerbungen im Monat\\\n"
        "Strategie aufgenommen: Sprachkompetenz verbessern\\\n"
        "Neue Aktivität: Praktikumsbetrieb suchen\n"
    )
    vermerk = _dokument(vp, demo, "911A100002", "beratungsvermerk")
    assert "\n\nUmschulung läuft gut.\\\nEinV überprüft.\n\n" + festgehalten in vermerk
    assert "\n\nStand der Umschulung\\\n\\# kein Titel\n" in vermerk
    assert "Folgegespräch im November\\\n   \\- Praktikumsbetrieb suchen\n" in vermerk
    auskunft = _dokument(vp, demo, "911A100002", "auskunft")
    assert "\n\n" + festgehalten in auskunft
    assert "- Anliegen: Stand der Umschulung\\\n  \\# kein Titel\n" in auskunft
    assert ": Folgegespräch im November\\\n  \\- Praktikumsbetrieb suchen\n" in auskunft
    vereinbarung = _dokument(vp, demo, "911A100002", "vereinbarung")
    assert "- Eine Zeile - keine zweite\n" in vereinbarung  # a list item stays one line
    for text in (vermerk, auskunft):  # line breaks, no new heading
        assert "kein Titel" not in _ueberschriften(text)
        inline = [k for t in _md(text) if t.children for k in t.children]
        assert sum(k.type == "hardbreak" for k in inline) >= 6


def test_jede_tabelle_hat_ueberschriften(vp: Aufruf, demo: Path) -> None:
    """Every column of every document's table has a heading (the Beratungsvermerk's second
    column was empty: "Angabe | " in the PDF)."""
    for datei in GOLDEN.glob("*.md"):
        fall, art = datei.stem.split("-", 1)
        baum = _md(_dokument(vp, demo, fall, art))
        kopf = False
        for i, t in enumerate(baum):
            kopf = {"thead_open": True, "thead_close": False}.get(t.type, kopf)
            if kopf and t.type == "th_open":
                assert baum[i + 1].content.strip(), (fall, art)


_ZEILE = st.text(
    alphabet=st.sampled_from(list("#$*_@<>/\\[]`~=+-.:!|()0123 ab\t")), min_size=1, max_size=20
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ZEILE, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_jede_zeile_bleibt_text_in_ihrem_absatz_oder_listenpunkt(
    eingabe: list[str], umbruch: str
) -> None:
    """Whatever a customer's lines hold, ``absaetze`` gives paragraphs and ``zeilen`` stays
    in its list item: no heading, list, table, code, link or HTML; each non-blank line's
    words are read back, in order, one line each (a hard break, or a new paragraph)."""
    text = umbruch.join(eingabe)
    erwartet = [" ".join(z.split()) for z in eingabe if z.strip()]
    absatz = {"paragraph_open", "paragraph_close", "inline"}
    liste = {"bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close"}
    for markdown, erlaubt, punkte in (
        (str(absaetze(text)), absatz, 0),
        (f"- {zeilen(text, 2)}\n- zweiter Punkt\n", absatz | liste, 2),
    ):
        baum = _md(markdown)
        assert {t.type for t in baum} <= erlaubt, markdown
        assert sum(t.type == "list_item_open" for t in baum) == punkte, markdown
        gelesen = []
        for t in baum:
            if t.type == "inline" and t.content != "zweiter Punkt":
                assert {k.type for k in t.children or []} <= {"text", "hardbreak"}, markdown
                zeile = ""
                for k in t.children or []:
                    if k.type == "hardbreak":
                        gelesen.append(zeile)
                        zeile = ""
                    else:
                        zeile += k.content
                gelesen.append(zeile)
        assert [" ".join(z.split()) for z in gelesen] == erwartet, markdown


@pytest.mark.parametrize("art", ["datei", "ordner"])
def test_vorlage_folgt_keinem_link(vp: Aufruf, demo: Path, tmp_path: Path, art: str) -> None:
    """A member of a team cannot include someone's private file into a document."""
    privat = tmp_path / "privat"
    privat.mkdir()
    (privat / "leak.md.j2").write_text("GEHEIMER INHALT\n", encoding="utf-8")
    vorlagen = demo / "templates"
    vorlagen.mkdir()
    (vorlagen / "beratungsvermerk.md.j2").write_text(
        '{% include "leak.md.j2" %}\n', encoding="utf-8"
    )
    if art == "datei":
        (vorlagen / "leak.md.j2").symlink_to(privat / "leak.md.j2")
        meldung = "templates/leak.md.j2: Ist ein symbolischer Link; aus Sicherheitsgründen"
    else:
        (privat / "leak.md.j2").rename(privat / "x.md.j2")
        (privat / "unter").mkdir()
        (privat / "x.md.j2").rename(privat / "unter" / "leak.md.j2")
        (vorlagen / "beratungsvermerk.md.j2").write_text(
            '{% include "sub/leak.md.j2" %}\n', encoding="utf-8"
        )
        (vorlagen / "sub").symlink_to(privat / "unter")
        meldung = "templates/sub/leak.md.j2: Liegt über einen Link außerhalb des Ordners templates/"
    ergebnis = vp("--ablage", demo, "dokument", "911A100001", "beratungsvermerk")
    assert ergebnis.exit_code == 2
    assert meldung in ergebnis.stderr
    assert "GEHEIM" not in ergebnis.stdout + ergebnis.stderr
