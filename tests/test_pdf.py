"""Printable documents (SPEC §12, issue 17): the PDF is typeset from the same rendered Markdown.

The PDFs are read back with pypdf: their text, fonts, page sizes and metadata.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.tree import SyntaxTreeNode

from vier_phasen_cli.cli.befehl_gespraeche import dokument_angebot
from vier_phasen_cli.render.pdf import Druckangaben, erweiterung_vorhanden, setze_pdf
from vier_phasen_cli.render.typst_markup import (
    markdown_parser,
    markdown_zu_typst,
    zeichenkette,
    zusammenhalten,
)
from vier_phasen_cli.render.vorlagen import md
from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a
from .conftest import REPO, Aufruf
from .fallbau import demo_daten, hole, schreibe, setze
from .test_dokumente import mehrzeilige_texte

HEUTE = {"VIER_PHASEN_HEUTE": "2026-12-01"}
A4 = (595.28, 841.89)
VIER_PHASEN = Path(sys.executable).parent / "vier-phasen"

DOKUMENTE = [
    ("911A100001", "vereinbarung"),  # Eingliederungsvereinbarung, SGB III
    ("911A100004", "vereinbarung"),  # Kooperationsplan, SGB II
    ("911A100007", "vereinbarung"),
    ("911A100001", "beratungsvermerk"),
    ("911A100002", "beratungsvermerk"),
    ("911A100006", "auskunft"),
    ("911A100011", "auskunft"),
]


def _pdf(vp: Aufruf, ablage: Path, ziel: Path, *args: str) -> pypdf.PdfReader:
    ergebnis = vp("--ablage", ablage, *args, "--format", "pdf", "-o", ziel, env=HEUTE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ergebnis.stdout == ""
    return pypdf.PdfReader(ziel)


def _markdown(vp: Aufruf, ablage: Path, *args: str) -> str:
    ergebnis = vp("--ablage", ablage, *args, "--format", "markdown", env=HEUTE)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return ergebnis.stdout


def _texte(markdown: str) -> list[str]:
    """Every piece of text a reader of the Markdown sees."""
    baum = SyntaxTreeNode(markdown_parser().parse(markdown))
    return [x.content for x in baum.walk() if x.type in ("text", "code_inline") and x.content]


def _ohne_satz(text: str) -> str:
    """Text without what typesetting adds or takes: line breaks, spaces and hyphens (a
    hyphenation hyphen reads back as ``-`` or as a soft hyphen)."""
    return re.sub(r"[\s\u00ad-]", "", text)


def _text(pdf: pypdf.PdfReader) -> str:
    return "\n".join(seite.extract_text() for seite in pdf.pages)


def _fehlende(markdown: str, pdf: pypdf.PdfReader) -> list[str]:
    gesetzt = _ohne_satz(_text(pdf))
    return [t for t in _texte(markdown) if _ohne_satz(t) not in gesetzt]


@pytest.mark.parametrize(("fall", "art"), DOKUMENTE, ids=lambda x: x)
def test_pdf_enthaelt_jeden_text_seines_markdowns(
    vp: Aufruf, demo: Path, tmp_path: Path, fall: str, art: str
) -> None:
    markdown = _markdown(vp, demo, "dokument", fall, art)
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", fall, art)
    assert len(_texte(markdown)) > 15
    assert _fehlende(markdown, pdf) == []


def test_fristenbericht_als_pdf_hat_jede_zeile(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    markdown = _markdown(vp, demo, "faellig")
    pdf = _pdf(vp, demo, tmp_path / "f.pdf", "faellig")
    assert _fehlende(markdown, pdf) == []
    daten = json.loads(vp("--ablage", demo, "faellig", "--format", "json", env=HEUTE).stdout)
    gesetzt = _ohne_satz(_text(pdf))
    assert len(daten["eintraege"]) > 10
    for eintrag in daten["eintraege"]:
        zeile = eintrag["fall"] + eintrag["name"] + eintrag["fachkraft"]
        assert _ohne_satz(zeile) in gesetzt
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Fristen zum 01.12.2026"
    # the Dienststelle once, in the letterhead; the Markdown names it under its title
    assert _text(pdf).count("Agentur für Arbeit Musterstadt") == 1
    assert markdown.count("Agentur für Arbeit Musterstadt") == 1
    # a deadline moved to the next working day says so, as in the table
    verschoben = "(fiel auf Sa 05.12.2026, § 26 Abs. 3 SGB X)"
    assert markdown.count(verschoben) == 2
    assert _ohne_satz(_text(pdf)).count(_ohne_satz(verschoben)) == 2


def _zeilen(pdf: pypdf.PdfReader) -> list[str]:
    return [" ".join(z.split()) for z in _text(pdf).splitlines()]


def test_mehrzeilige_texte_behalten_ihre_zeilen_im_pdf(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    """The Vermerk's "Festgehalten:" block line by line, in the Beratungsvermerk and in the
    Auskunft; an activity's two-line notiz keeps its break."""
    mehrzeilige_texte(demo)
    festgehalten = [
        "Festgehalten:",
        "Erledigt: Fünf Bewerbungen im Monat",
        "Strategie aufgenommen: Sprachkompetenz verbessern",
        "Neue Aktivität: Praktikumsbetrieb suchen",
    ]
    for art in ("beratungsvermerk", "auskunft"):
        zeilen = _zeilen(_pdf(vp, demo, tmp_path / f"{art}.pdf", "dokument", "911A100002", art))
        start = zeilen.index("Festgehalten:")
        assert zeilen[start - 2 : start + 4] == [
            "Umschulung läuft gut.",
            "EinV überprüft.",
            *festgehalten,
        ], art
        assert "# kein Titel" in zeilen, art
        assert any(z.endswith("Folgegespräch im November") for z in zeilen), art


def test_zeilen_brechen_nicht_zwischen_kuerzel_und_zahl(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    """ "vertreten durch M." / "Schmidt" no more: an initial stays with the surname, "§ 26",
    "Abs. 3", "SGB II" and a weekday with its date stay together (non-breaking spaces in the
    Typst markup, inside the escaped string)."""
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    zeilen = _zeilen(pdf)
    assert "vertreten durch M. Schmidt" in " ".join(zeilen)
    getrennt = re.compile(r"(\b[A-ZÄÖÜ]\.|§|\b(Abs|Art|Nr)\.|\bSGB|\b(Mo|Di|Mi|Do|Fr|Sa|So))$")
    assert [z for z in zeilen if getrennt.search(z)] == []
    typst = markdown_zu_typst(
        "durch M. Schmidt (fiel auf Sa 05.12.2026, § 26 Abs. 3 SGB X), z. B. *A. B. Meier*"
    )
    assert typst == (
        '#"durch M.\u00a0Schmidt (fiel auf Sa\u00a005.12.2026, §\u00a026 Abs.\u00a03 '
        'SGB\u00a0X), z.\u00a0B. ";#emph[#"A.\u00a0B.\u00a0Meier";]\n\n'
    )
    assert zusammenhalten("1. Mai, EinV. Neu, Dr. Weber") == "1. Mai, EinV. Neu, Dr.\u00a0Weber"


def test_beratungsvermerk_tabelle_hat_zwei_spaltenkoepfe(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    pdf = _pdf(vp, demo, tmp_path / "v.pdf", "dokument", "911A100002", "beratungsvermerk")
    zeilen = _zeilen(pdf)
    assert zeilen[zeilen.index("Beratungsvermerk") + 1] == "Angabe Inhalt"


def test_gleiche_eingabe_gleiche_bytes(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        _pdf(vp, demo, tmp_path / name, "dokument", "911A100001", "vereinbarung")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    _pdf(vp, demo, tmp_path / "c.pdf", "faellig")
    _pdf(vp, demo, tmp_path / "d.pdf", "faellig")
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "d.pdf").read_bytes()


def test_metadaten_seiten_und_briefkopf(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Eingliederungsvereinbarung – Sabine Krüger"
    assert pdf.metadata["/CreationDate"] == "D:20261001000000Z"  # the agreement's date
    assert len(pdf.pages) == 2
    for nummer, seite in enumerate(pdf.pages, 1):
        assert (float(seite.mediabox.width), float(seite.mediabox.height)) == pytest.approx(
            A4, abs=0.01
        )
        assert seite.extract_text().splitlines()[-1] == f"Seite {nummer} von 2"
    erste = pdf.pages[0].extract_text().splitlines()
    assert erste[:2] == [
        "Agentur für Arbeit Musterstadt",
        "Musterstraße 1, 99999\u00a0Musterstadt",  # postcode and town on one line
    ]
    assert "Musterstraße" not in pdf.pages[1].extract_text()
    vermerk = _pdf(vp, demo, tmp_path / "v.pdf", "dokument", "911A100002", "beratungsvermerk")
    assert vermerk.metadata is not None
    assert vermerk.metadata.title == "Beratungsvermerk – Mehmet Yılmaz"


def test_ohne_dienststelle_kein_briefkopf(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    (demo / "vier-phasen.toml").write_text("", encoding="utf-8")
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "beratungsvermerk")
    assert pdf.pages[0].extract_text().splitlines()[0] == "Beratungsvermerk"


def test_jede_schrift_ist_eingebettet(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100006", "auskunft")
    schriften = 0
    for seite in pdf.pages:
        for schrift in seite["/Resources"]["/Font"].values():
            schrift = schrift.get_object()
            if schrift["/Subtype"] == "/Type0":
                schrift = schrift["/DescendantFonts"][0].get_object()
            beschreibung = schrift["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(beschreibung), schrift
            schriften += 1
    assert schriften >= 3  # regular, bold, at least


def test_feindlicher_name_erscheint_woertlich(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    feindlich = (
        "#set page(width: 2cm) $x^2$ *fett* _kursiv_ @marke <b>fett</b> \\ [a](b) "
        '// kein Kommentar "Zitat" #"x"; ` ~ =1+1 ]] [['
    )
    daten = demo_daten("911A100001")
    setze(daten, "kunde.name", feindlich)
    setze(daten, "vereinbarung.leistungen.0", feindlich)
    schreibe(demo, daten)
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    gesetzt = _ohne_satz(_text(pdf))
    assert gesetzt.count(_ohne_satz(feindlich)) >= 2  # the name, the Leistung
    assert pdf.metadata is not None
    assert pdf.metadata.title == f"Eingliederungsvereinbarung – {feindlich}"
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(A4[0], abs=0.01)


def test_steuerzeichen_erscheinen_als_escape(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """A hand-edited name with control characters: shown escaped in the text and the title
    (a PDF viewer or ``pdfinfo`` in a terminal shows the title), as in the Markdown."""
    daten = demo_daten("911A100001")
    setze(daten, "kunde.name", "Erika \x1b[31mRot\x07")
    schreibe(demo, daten)
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Eingliederungsvereinbarung – Erika \\x1b[31mRot\\x07"
    assert "Erika \\x1b[31mRot\\x07" in _text(pdf)
    assert "\x1b" not in _text(pdf)


def test_richtungsumkehr_bleibt_in_ihrem_text(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """A hand-edited Eigenbemühung ending in U+202D U+202E (LRO, RLO) and a name with an RLO:
    the template's text after them keeps its order in the signed PDF ("bis 30.11.2026", not
    "6202.11.03 sib"), and the controls show as visible escapes."""
    daten = demo_daten("911A100001")
    setze(daten, "kunde.name", "Sabine \u202eKrüger")
    text = hole(daten, "vereinbarung.eigenbemuehungen.0.text")
    setze(daten, "vereinbarung.eigenbemuehungen.0.text", text + "\u202d\u202e")
    schreibe(demo, daten)
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    gesetzt = _text(pdf)
    assert "bis 30.11.2026" in gesetzt and "6202.11.03" not in gesetzt
    assert "Sabine \\u202eKrüger" in gesetzt
    assert not any(z in gesetzt for z in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert pdf.metadata is not None and "\u202e" not in str(pdf.metadata.title)


@pytest.mark.parametrize("zeichen", ["\u202e", "\u202d\u202e", "\u2067", "\u202b"])
def test_markdown_von_anderswo_kehrt_nichts_um(zeichen: str) -> None:
    """The PDF conversion itself neutralises bidi controls, even in Markdown no template
    escaped: the text after them keeps its order."""
    markdown = f"# Vermerk\n\nFrau Kr\u00fcger{zeichen} und dann bis 30.11.2026 fertig.\n"
    typst_text = markdown_zu_typst(markdown)
    assert not any(
        ord(z) in range(0x202A, 0x202F) or ord(z) in range(0x2066, 0x206A) for z in typst_text
    )
    pdf = pypdf.PdfReader(
        io.BytesIO(setze_pdf(markdown, Druckangaben("V", date(2026, 11, 23), {})))
    )
    assert "und dann bis 30.11.2026 fertig." in _text(pdf)


def test_unterschriften_stehen_auf_einer_seite(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """More and more Leistungen push the signature block over the page break: its heading
    and its three lines always share a page (the block moves whole)."""
    zeilen = ("Unterschriften", "Ort, Datum:", "Kundin bzw. Kunde:", "Für die Agentur")
    daten = demo_daten("911A100001")
    leistungen = hole(daten, "vereinbarung.leistungen")
    seiten_der_unterschrift = set()
    for anzahl in range(33, 41):
        while len(leistungen) < anzahl:
            leistungen.append(f"Leistung Nummer {len(leistungen) + 1}")
        schreibe(demo, daten)
        ziel = tmp_path / f"{anzahl}.pdf"
        pdf = _pdf(vp, demo, ziel, "dokument", "911A100001", "vereinbarung")
        seiten = {
            i
            for i, seite in enumerate(pdf.pages)
            for zeile in seite.extract_text().splitlines()
            if zeile.startswith(zeilen)
        }
        assert len(seiten) == 1, (anzahl, seiten)
        seiten_der_unterschrift |= seiten
    assert seiten_der_unterschrift == {1, 2}  # the range crosses a page break


def test_entwurf_als_wasserzeichen(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    fertig = _pdf(vp, demo, tmp_path / "f.pdf", "dokument", "911A100001", "vereinbarung")
    assert "ENTWURF" not in _text(fertig)
    entwurf = _pdf(
        vp, demo, tmp_path / "e.pdf", "dokument", "911A100001", "vereinbarung", "--entwurf"
    )
    for seite in entwurf.pages:  # the watermark on every page, beside the Markdown's note
        assert "ENTWURF" in seite.extract_text().splitlines()


def test_eigene_vorlage_aendert_das_pdf(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vorlage = (REPO / "templates" / "eingliederungsvereinbarung.md.j2").read_text()
    (demo / "templates").mkdir()
    (demo / "templates" / "eingliederungsvereinbarung.md.j2").write_text(
        vorlage.replace("## Ihre Stärken", "Sprechzeiten: dienstags 8–12 Uhr.\n\n## Ihre Stärken"),
        encoding="utf-8",
    )
    pdf = _pdf(vp, demo, tmp_path / "d.pdf", "dokument", "911A100001", "vereinbarung")
    assert "Sprechzeiten: dienstags 8–12 Uhr." in _text(pdf)


def test_pdf_datei_nur_fuer_mich_lesbar_und_nicht_ueberschrieben(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    ziel = tmp_path / "d.pdf"
    _pdf(vp, demo, ziel, "dokument", "911A100001", "vereinbarung")
    assert stat.S_IMODE(ziel.stat().st_mode) == 0o600
    vorher = ziel.read_bytes()
    ergebnis = vp(
        "--ablage", demo, "dokument", "911A100001", "auskunft", "-f", "pdf", "-o", ziel,
        env=HEUTE,
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert "Die Ausgabedatei gibt es schon" in ergebnis.stderr
    assert ziel.read_bytes() == vorher


def test_ohne_typst_sagt_es_wie_man_es_installiert(
    vp: Aufruf, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # "import typst" fails as if not installed
    for befehl in (["dokument", "911A100001", "vereinbarung"], ["faellig"]):
        ergebnis = vp(
            "--ablage", demo, *befehl, "--format", "pdf", "-o", tmp_path / "d.pdf", env=HEUTE
        )
        assert ergebnis.exit_code == 2
        assert ergebnis.stdout == ""
        assert ergebnis.stderr.splitlines() == [
            "Fehler: Für PDF-Dokumente fehlt das Zusatzpaket „vier-phasen[pdf]“ (Typst)",
            "Bitte installieren: pip install 'vier-phasen[pdf]' (mit pipx: pipx install --force "
            "'vier-phasen[pdf]'); im Quellordner richtet „make demo“ es ein. Ohne PDF geht es "
            "mit --format markdown.",
        ]
        assert not (tmp_path / "d.pdf").exists()
    markdown = vp("--ablage", demo, "dokument", "911A100001", "vereinbarung", env=HEUTE)
    assert markdown.exit_code == 0
    assert not erweiterung_vorhanden()  # the wizard then offers Markdown only


@pytest.mark.parametrize(
    ("mit_pdf", "tasten", "format"),
    [
        (True, a.ENTER, "pdf"),  # the first choice: the EinV is signed on paper
        (True, a.RUNTER + a.ENTER, "markdown"),
        (True, a.RUNTER * 2 + a.ENTER, None),
        (False, a.ENTER, "markdown"),  # without the pdf extra: yes or no
        (False, a.RUNTER + a.ENTER, None),
    ],
)
def test_nach_dem_speichern_wird_das_pdf_angeboten(
    mit_pdf: bool, tasten: str, format: str | None
) -> None:
    """After the wizard saves, the agreement is offered as a PDF to print (the real program
    writes it, with one message: tests/test_terminal.py)."""
    terminal = Terminal(tasten=[tasten])
    assert dokument_angebot(terminal, mit_pdf) == format
    assert terminal.gefragt == ["Vereinbarung jetzt als Dokument erzeugen?"]
    assert erweiterung_vorhanden()


def _cli(ablage: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    umgebung = {**os.environ, **HEUTE}
    umgebung.pop("VIER_PHASEN_ABLAGE", None)
    befehl = [str(VIER_PHASEN), "--ablage", str(ablage), *args]
    ergebnis: subprocess.CompletedProcess[bytes] = subprocess.run(
        befehl, env=umgebung, check=False, **kwargs
    )
    return ergebnis


def test_pdf_auf_die_standardausgabe_nur_umgeleitet(demo: Path, tmp_path: Path) -> None:
    befehl = ("dokument", "911A100001", "vereinbarung", "--format", "pdf")
    umgeleitet = _cli(demo, *befehl, capture_output=True)
    assert umgeleitet.returncode == 0, umgeleitet.stderr
    assert umgeleitet.stderr == b""
    _cli(demo, *befehl, "-o", str(tmp_path / "d.pdf"), capture_output=True)
    assert umgeleitet.stdout == (tmp_path / "d.pdf").read_bytes()
    assert len(pypdf.PdfReader(io.BytesIO(umgeleitet.stdout)).pages) == 2

    haupt, neben = pty.openpty()
    try:
        im_terminal = _cli(demo, *befehl, stdout=neben, stderr=subprocess.PIPE)
    finally:
        os.close(neben)
        os.close(haupt)
    assert im_terminal.returncode == 2
    assert im_terminal.stderr.decode().splitlines() == [
        "Fehler: Ein PDF wird nicht auf dem Bildschirm ausgegeben",
        "Bitte mit -o eine Datei angeben, z. B. -o dokument.pdf, oder die Ausgabe umleiten "
        "(> dokument.pdf).",
    ]


def test_zeichenkette_ergibt_genau_den_text() -> None:
    import typst

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def pruefe(text: str) -> None:
        assert json.loads(typst.eval(b"", zeichenkette(text), format="json")) == text

    pruefe()


_MARKUP = st.text(
    alphabet=st.sampled_from(list("#$*_@<>/\\[]`~=+-.;:\"'(){}|&! aäöüßBZ0123456789")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None)
@given(kunde=_MARKUP)
def test_jeder_kundentext_erscheint_woertlich_im_pdf(kunde: str) -> None:
    """Customer text escaped for Markdown as the templates do, then typeset: the PDF shows
    it character for character (spaces aside)."""
    markdown = f"# Vermerk\n\n**Name:** {md(kunde)}\n\n- {md(kunde)}\n"
    pdf = pypdf.PdfReader(
        io.BytesIO(setze_pdf(markdown, Druckangaben(kunde, date(2026, 11, 23), {})))
    )
    gesetzt = re.sub(r"\s", "", _text(pdf).replace("\u00ad", "-"))
    erwartet = re.sub(r"\s", "", " ".join(kunde.split()))
    assert gesetzt.count(erwartet) >= 2, (markdown, markdown_zu_typst(markdown))
    assert pdf.metadata is not None
    assert pdf.metadata.title == kunde


def test_readme_zeigt_eine_seite_des_pdfs() -> None:
    bild = "docs/bilder/vereinbarung-seite1.png"
    assert f"]({bild})" in (REPO / "README.md").read_text(encoding="utf-8")
    assert (REPO / bild).read_bytes().startswith(b"\x89PNG")


ALLES_MARKDOWN = """\
# Titel *schräg* und **fett**

## Zweite Ebene ~~gestrichen~~ mit `code`

###### Sechste Ebene

Absatz mit [Verweis](https://example.org/a?b="c") und <https://example.org/d>, Bild ![Alt-Text](x.png),
<span>HTML im Text</span>, und
Umbruch und Backslash\\
Umbruch.

> Zitat mit Liste:
>
> - eins
>
>   locker
> - zwei

3. drei
4. vier
   1. innen

0. null

```text
Code #block $x$ "q" \\ ]
```

    eingerückter Code

<div>HTML-Block</div>

| A | B |
| --- | --- |
| 1 |
| 2 | 3 |

---

Ende.
"""


def test_jede_markdown_form_wird_gesetzt() -> None:
    """What a workspace's own template may use: every CommonMark form (and tables) sets."""
    pdf = pypdf.PdfReader(
        io.BytesIO(setze_pdf(ALLES_MARKDOWN, Druckangaben("T", date(2026, 11, 23), {})))
    )
    assert _fehlende(ALLES_MARKDOWN, pdf) == []
    gesetzt = _ohne_satz(_text(pdf))
    assert _ohne_satz("Verweis (https://example.org/a?b=%22c%22)") in gesetzt  # as parsed
    assert "Alt" in gesetzt


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("#$*_@<>/\\[]()`~=+-.:!|0123 ab\n\t\"'&")), max_size=80)
)
def test_jedes_markdown_ergibt_ein_pdf(markdown: str) -> None:
    """Whatever Markdown a template renders, Typst gets valid markup (no error, no crash)."""
    assert setze_pdf(markdown, Druckangaben("T", date(2026, 11, 23), {})).startswith(b"%PDF")
