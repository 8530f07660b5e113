"""The Jinja2 engine for every Markdown output: documents and the due report.

- Templates come from the workspace's ``templates/`` first, then the built-in ones.
- Jinja2's sandbox: a template cannot reach Python internals or read files.
- ``StrictUndefined``: a misspelt variable is an error, never an empty string.
- Every printed value is escaped for Markdown unless a filter marked it safe, so customer
  text cannot open a heading, a table cell, a link or an HTML tag. Dates print as TT.MM.JJJJ.
- A printed value stays on one line; multi-line text (a Vermerk, a Notiz) keeps its line
  breaks only through ``absaetze`` (paragraphs) or ``zeilen`` (inside a list item), as
  Markdown hard breaks – each line escaped on its own.
- A template error becomes a German message naming the template file and line.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.steuerzeichen import sicher
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.ressourcen import eingebaute_vorlagen

_ZEICHEN = re.compile(r"([\\`*_\[\]<>|~&])")
_ZEILENANFANG = re.compile(r"^(\s*)([#+\-]+|=+|\d+[.)])(?=\s|$)")


def _zeilenanfang_maskieren(m: re.Match[str]) -> str:
    zeichen = m.group(2)
    if zeichen[0].isdigit():  # "1. " starts a list: escape the dot, digits cannot be escaped
        return m.group(1) + zeichen[:-1] + "\\" + zeichen[-1]
    return m.group(1) + "\\" + zeichen


def md(wert: Any) -> Markup:
    """Text for Markdown: on one line, and with every character that could start structure
    (emphasis, links, tables, HTML, headings, lists) escaped."""
    text = sicher(" ".join(str(wert).split()))
    text = _ZEICHEN.sub(r"\\\1", text)
    text = _ZEILENANFANG.sub(_zeilenanfang_maskieren, text)
    return Markup(text)


def datum(wert: date | None, leer: str = "–") -> str:
    return deutsch(wert, leer)


def ausgeben(wert: Any) -> Markup:
    """``finalize``: how any ``{{ value }}`` is printed. Autoescape is on only so that macro
    results count as safe; the escaping itself is Markdown's, done here."""
    if isinstance(wert, Markup):
        return wert
    if wert is None:
        return Markup("–")
    if type(wert) is str or type(wert) is date:
        return _ausgeben_oft(wert)
    if isinstance(wert, date):
        return Markup(datum(wert))
    return md(wert)


@functools.lru_cache(maxsize=4096)
def _ausgeben_oft(wert: str | date) -> Markup:
    """``ausgeben`` of a text or a day, kept: a due report of 20,000 rows prints the same
    names, IDs, days and item texts again and again."""
    return Markup(datum(wert)) if type(wert) is date else md(wert)


class _EigeneVorlagen(BaseLoader):
    """The workspace's ``templates/``: only regular files that really lie in it. A link (or
    a linked folder) is refused naming the file, never followed: a member of a team could
    otherwise ``{% include %}`` a colleague's private file into a shared document."""

    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        from vier_phasen_cli.storage.rohdaten import lies_bytes, pruefe_im_ordner

        pfad = self.ordner.joinpath(*split_template_path(template))
        if not pfad.is_symlink() and not pfad.exists():
            raise TemplateNotFound(template)
        pruefe_im_ordner(pfad, self.ordner)
        roh = lies_bytes(pfad)
        try:
            text = roh.decode("utf-8")
        except UnicodeDecodeError:
            meldung = "Die Vorlage ist nicht in UTF-8 gespeichert"
            raise VierPhasenFehler(meldung, datei=pfad) from None
        stand = os.lstat(pfad).st_mtime_ns

        def aktuell() -> bool:
            try:
                return os.lstat(pfad).st_mtime_ns == stand
            except OSError:
                return False

        return text, str(pfad), aktuell


def umgebung(eigene: Path | None, filter: Mapping[str, Any] | None = None) -> SandboxedEnvironment:
    """The sandboxed environment; ``eigene`` is the workspace's templates folder."""
    lader: list[BaseLoader] = []
    if eigene is not None and (eigene.is_dir() or eigene.is_symlink()):
        lader.append(_EigeneVorlagen(eigene))
    env = SandboxedEnvironment(
        loader=ChoiceLoader([*lader, FileSystemLoader(str(eingebaute_vorlagen()))]),
        undefined=StrictUndefined,
        finalize=ausgeben,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["datum"] = lambda d, leer="–": Markup(datum(d, leer))
    env.filters["iso"] = lambda d: Markup(d.isoformat() if d else "")
    env.filters["absaetze"] = absaetze
    env.filters["zeilen"] = zeilen
    # Jinja's own versions of these return HTML-escaped Markup under autoescape, which would
    # slip customer text past the Markdown escaping.
    env.filters["join"] = _join
    env.filters["replace"] = lambda s, alt, neu, anzahl=-1: str(s).replace(alt, neu, anzahl)
    for name in ("escape", "e", "forceescape"):
        env.filters[name] = md
    for name in ("urlize", "xmlattr", "tojson"):
        env.filters.pop(name, None)
    env.filters.update(filter or {})
    return env


def _join(werte: Any, trenner: str = "") -> Markup:
    return Markup(_ZEICHEN.sub(r"\\\1", trenner)).join(ausgeben(w) for w in werte)


_ZEILENENDE = re.compile(r"\r\n|\r|\n")
_HARTER_UMBRUCH = "\\\n"
"""A Markdown hard break: a backslash at the end of the line (kept by every editor, unlike
two trailing spaces)."""


def zeilen(wert: Any, einzug: int = 0) -> Markup:
    """Multi-line text within a block (after a label, in a list item): every line escaped
    like :func:`md`, each line break kept as a hard break; the following lines indented by
    ``einzug`` spaces, so they stay in their list item. Blank lines count as one break."""
    teile = [md(z) for z in _ZEILENENDE.split(str(wert)) if z.strip()]
    return Markup(_HARTER_UMBRUCH + " " * einzug).join(teile)


def absaetze(wert: Any) -> Markup:
    """Multi-line text as Markdown paragraphs (split at blank lines); a single line break
    within a paragraph stays a line break (:func:`zeilen`)."""
    text = _ZEILENENDE.sub("\n", str(wert)).strip()
    teile = re.split(r"\n[^\S\n]*\n\s*", text)
    return Markup("\n\n").join(zeilen(t) for t in teile if t.strip())


def wie_eingebaut(env: SandboxedEnvironment, name: str) -> bool:
    """Whether template ``name``, as ``env`` finds it, is the built-in one word for word (a
    copy ``init --vorlagen`` made counts) and prints values by this module's rules: then a
    report may write the rows the template repeats itself, in the template's format."""
    if env.finalize is not ausgeben or env.loader is None:
        return False
    try:
        quelle, _, _ = env.loader.get_source(env, name)
        eingebaut = (eingebaute_vorlagen() / name).read_text(encoding="utf-8")
    except (TemplateError, VierPhasenFehler, OSError, UnicodeDecodeError):
        return False  # rendering reports it, as it would have
    return quelle == eingebaut


def rendere(env: SandboxedEnvironment, name: str, kontext: Mapping[str, Any]) -> str:
    """Render template ``name``; errors name the template file and line."""
    try:
        vorlage = env.get_template(name)
    except TemplateNotFound:
        raise VierPhasenFehler(f"Vorlage {name} nicht gefunden") from None
    except TemplateSyntaxError as exc:
        meldung = f"Syntaxfehler in der Vorlage: {exc.message}"
        raise _fehler(exc, exc.filename, exc.lineno, meldung) from None
    try:
        return _absatzweise(vorlage.render(**kontext))
    except UndefinedError as exc:
        meldung = f"Unbekannte Angabe in der Vorlage: {exc.message}"
        raise _fehler(exc, *_stelle(vorlage.filename), meldung) from None
    except SecurityError:
        meldung = "Die Vorlage versucht etwas Unerlaubtes (Sandbox)"
        raise _fehler(None, *_stelle(vorlage.filename), meldung) from None
    except TemplateSyntaxError as exc:  # in an imported or included template
        meldung = f"Syntaxfehler in der Vorlage: {exc.message}"
        raise _fehler(exc, exc.filename, exc.lineno, meldung) from None
    except TemplateError as exc:
        meldung = f"Fehler in der Vorlage: {exc.message}"
        raise _fehler(exc, *_stelle(vorlage.filename), meldung) from None


def _absatzweise(text: str) -> str:
    """Tidy the template's blank lines: none at the start, at most one in a row, one final
    newline. (Conditional blocks leave runs of blank lines; Markdown needs only one.)"""
    return re.sub(r"\n{3,}", "\n\n", text.lstrip("\n")).rstrip("\n") + "\n"


def _stelle(haupt: str | None) -> tuple[str | None, int | None]:
    """The template file and line that was running (the innermost template frame of the
    traceback Jinja2 rewrote for us: an imported macro file counts as itself)."""
    tb = sys.exc_info()[2]
    stelle: tuple[str | None, int | None] = (haupt, None)
    while tb is not None:
        datei = tb.tb_frame.f_code.co_filename
        if datei.endswith(".j2"):
            stelle = (datei, tb.tb_lineno)
        tb = tb.tb_next
    return stelle


def _fehler(
    exc: Exception | None, pfad: str | None, zeile: int | None, meldung: str
) -> VierPhasenFehler:
    del exc  # the German message carries what the user needs; no chained traceback
    return VierPhasenFehler(
        meldung,
        datei=Path(pfad) if pfad else None,
        zeile=zeile,
        hinweis="Vorlagen: siehe README, Abschnitt „Kataloge und Vorlagen anpassen“.",
    )
