"""Printable documents (SPEC §12): the rendered Markdown typeset as a PDF with Typst.

The page design lives in the preamble below; the content is the document's Markdown turned
into Typst markup by ``render/typst_markup.py`` (so a workspace's template override changes
the PDF as it changes the Markdown). Byte-identical output for identical input: the fonts are
the ones bundled in the ``typst`` package (system fonts are ignored, so another machine's fonts
cannot change a page), and the only date in the file is the document's own.

Typst comes from the optional extra ``vier-phasen[pdf]``; without it ``setze_pdf`` says how to
install it (exit 2). Design note (escaping invariant, page rules, why Typst): docs/pdf.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from vier_phasen_cli.domain.steuerzeichen import sicher
from vier_phasen_cli.fehler import VierPhasenFehler

SCHRIFT = "Libertinus Serif"
"""A serif font bundled in the typst package, with German letters and hyphenation."""

ERWEITERUNG_FEHLT = "Für PDF-Dokumente fehlt das Zusatzpaket „vier-phasen[pdf]“ (Typst)"
INSTALLIEREN = (
    "Bitte installieren: pip install 'vier-phasen[pdf]' (mit pipx: pipx install --force "
    "'vier-phasen[pdf]'); im Quellordner richtet „make demo“ es ein. Ohne PDF geht es mit "
    "--format markdown."
)


@dataclass(frozen=True)
class Druckangaben:
    """What the page around the content needs: metadata, letterhead, watermark."""

    titel: str
    """The PDF's ``/Title``, e.g. "Eingliederungsvereinbarung – Erika Beispiel"."""
    datum: date
    """The document's date: the PDF's creation date (never the current time)."""
    dienststelle: Mapping[str, str]
    """``[dienststelle]`` of vier-phasen.toml: ``name`` and ``anschrift`` head page 1."""
    entwurf: bool = False
    """Print ENTWURF across every page."""


_VORSPANN = """\
#set document(title: {titel}, date: datetime(year: {jahr}, month: {monat}, day: {tag}))
#set page(
  paper: "a4",
  margin: (top: 2.2cm, bottom: 2.5cm, left: 2.5cm, right: 2cm),
  footer: context align(center, text(size: 9pt)[
    Seite #counter(page).display() von #counter(page).final().first()
  ]),
  background: {hintergrund},
)
#set text(font: "{schrift}", lang: "de", region: "DE", hyphenate: true, size: 11pt)
#set par(justify: true)
#show heading.where(level: 1): set text(size: 17pt)
#show heading: set block(above: 1.4em, below: 0.8em)
#let hinweis(inhalt) = block(
  width: 100%, inset: (left: 10pt, y: 4pt), stroke: (left: 2pt + luma(55%)), inhalt,
)
#let trennlinie = line(length: 100%, stroke: 0.5pt + luma(60%))
#let unterschriften(inhalt) = block(breakable: false, width: 100%, {{
  set par(spacing: 1.9em)
  inhalt
}})
#let tabelle(spalten, ..zellen) = {{
  set text(size: 8.5pt)
  set par(justify: false)
  show table.cell.where(y: 0): strong
  table(columns: spalten, stroke: 0.5pt + luma(70%), inset: 4pt, ..zellen)
}}
"""

_WASSERZEICHEN = 'rotate(-45deg, text(size: 110pt, weight: "bold", fill: luma(88%))[ENTWURF])'


def typst_quelle(markdown: str, angaben: Druckangaben) -> str:
    """The whole Typst document: page design, letterhead, then the content."""
    from vier_phasen_cli.render.typst_markup import markdown_zu_typst, zeichenkette

    vorspann = _VORSPANN.format(
        titel=zeichenkette(sicher(angaben.titel)),  # viewers and pdfinfo show it
        jahr=angaben.datum.year,
        monat=angaben.datum.month,
        tag=angaben.datum.day,
        hintergrund=_WASSERZEICHEN if angaben.entwurf else "none",
        schrift=SCHRIFT,
    )
    return vorspann + briefkopf(angaben.dienststelle) + markdown_zu_typst(markdown)


def briefkopf(dienststelle: Mapping[str, str]) -> str:
    """The letterhead on top of page 1: the Dienststelle's name and address (a line break
    in ``anschrift`` starts a new line), right-aligned above a rule; nothing without a name.
    Control characters show as escapes, as in the Markdown."""
    from vier_phasen_cli.render.typst_markup import text, zusammenhalten

    name = sicher(dienststelle.get("name") or "").strip()
    if not name:
        return ""
    zeilen = [f"#strong[{text(zusammenhalten(name))}]"]
    anschrift = sicher(dienststelle.get("anschrift") or "").splitlines()
    zeilen += [text(zusammenhalten(z.strip())) for z in anschrift]
    inhalt = " \\\n".join(z for z in zeilen if z)
    return (
        f"#align(right, text(size: 10pt)[\n{inhalt}\n])\n"
        "#line(length: 100%, stroke: 0.5pt + luma(60%))\n#v(0.6em)\n\n"
    )


def pruefe_erweiterung() -> None:
    """Refuse before any work when the ``pdf`` extra (typst, markdown-it-py) is missing."""
    try:
        import markdown_it  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        raise VierPhasenFehler(ERWEITERUNG_FEHLT, hinweis=INSTALLIEREN) from None


def erweiterung_vorhanden() -> bool:
    """Whether the ``pdf`` extra is installed (the wizard offers a PDF only then)."""
    try:
        pruefe_erweiterung()
    except VierPhasenFehler:
        return False
    return True


def setze_pdf(markdown: str, angaben: Druckangaben) -> bytes:
    """The PDF of ``markdown``; without the ``pdf`` extra a German error (exit 2)."""
    pruefe_erweiterung()
    import typst

    quelle = typst_quelle(markdown, angaben)
    mitternacht = datetime(angaben.datum.year, angaben.datum.month, angaben.datum.day, tzinfo=UTC)
    schriften = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
    return typst.compile(
        quelle.encode("utf-8"),
        font_paths=schriften,
        ignore_system_fonts=True,
        format="pdf",
        timestamp=mitternacht,
    )
