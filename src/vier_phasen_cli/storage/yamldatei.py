"""Lossless YAML files: read with ruamel.yaml round-trip, locate problems by line, dump back.

Every edit of a case goes through here so that comments, key order, quoting, flow style and
unknown keys survive, and a load+dump with no change gives the same bytes for files in the
tool's style (2-space mappings, sequences indented by 2 under their key, ``null`` for empty
values; other indentations are detected and kept).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tokens import DirectiveToken, StreamStartToken

from vier_phasen_cli.domain.probleme import Pfad
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import grenzen
from vier_phasen_cli.storage.rohdaten import MAX_BYTES, lies_bytes
from vier_phasen_cli.storage.yamltext import BOM as _BOM
from vier_phasen_cli.storage.yamltext import als_text as als_text
from vier_phasen_cli.storage.yamltext import pruefe_konfliktmarken as pruefe_konfliktmarken
from vier_phasen_cli.storage.yamlwerte import ZUSAMMENFUEHREN, aufloesungstabelle
from vier_phasen_cli.storage.zeilen import Zeilenkarte


@dataclass(frozen=True)
class Schreibweise:
    """How a file is written, so that dumping it again changes nothing the tool did not edit."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    bom: bool = False
    zeilenende: str = "\n"


@dataclass
class YamlDokument:
    """A parsed file: the round-trip data plus what is needed to write it back unchanged."""

    pfad: Path
    rohdaten: bytes
    daten: Any
    schreibweise: Schreibweise


def dekodiere(pfad: Path, roh: bytes) -> tuple[str, Schreibweise]:
    """UTF-8 text (a BOM and CRLF line ends are accepted and remembered)."""
    text, bom, zeilenende = als_text(pfad, roh)
    return text, _rate_schreibweise(text, bom, zeilenende)


_SEQ_EINTRAG = re.compile(r"^( *)-( +)\S")
_SCHLUESSEL = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")


def _rate_schreibweise(text: str, bom: bool, zeilenende: str) -> Schreibweise:
    """Guess the indentation the file uses for nested mappings and block sequences."""
    mapping, offset, strich = 2, 2, 2
    mapping_gesehen = offset_gesehen = False
    vorher: re.Match[str] | None = None
    for zeile in text.splitlines():
        if not zeile.strip() or zeile.lstrip().startswith("#"):
            continue
        einzug = len(zeile) - len(zeile.lstrip(" "))
        if vorher is not None:
            eltern = len(vorher.group(1))
            if not offset_gesehen and (m := _SEQ_EINTRAG.match(zeile)):
                offset, offset_gesehen = len(m.group(1)) - eltern, True
                strich = 1 + len(m.group(2))
            elif not mapping_gesehen and einzug > eltern and not zeile.lstrip().startswith("- "):
                mapping, mapping_gesehen = einzug - eltern, True
        if mapping_gesehen and offset_gesehen:
            break
        vorher = _SCHLUESSEL.match(zeile)
    offset = max(offset, 0)
    return Schreibweise(mapping, offset + strich, offset, bom, zeilenende)


def _darstelle_null(representer: Any, _daten: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _darstelle_text(representer: Any, daten: str) -> Any:
    # ruamel would write NEL, LS and PS raw, and every YAML reader folds them as YAML 1.1
    # line breaks: in double quotes they are escaped (\N, \L, \P) and read back as written.
    if "\x85" in daten or "\u2028" in daten or "\u2029" in daten:
        return representer.represent_scalar("tag:yaml.org,2002:str", daten, style='"')
    return representer.represent_str(daten)


class Aufloeser(VersionedResolver):
    """ruamel's resolver with the case files' table (storage/yamlwerte.py) for every
    document: the table the fast reader uses, whatever ``%YAML`` version a file names.

    Overrides two members of ruamel's resolver that are no documented API (ruamel is pinned
    below 0.20 for this; tests/test_leser_gleich.py fails loudly when they change)."""

    _tabelle = aufloesungstabelle()

    @property
    def versioned_resolver(self) -> Any:
        return self._tabelle

    @property
    def processing_version(self) -> Any:
        return (1, 2)


def rt_yaml(schreibweise: Schreibweise | None = None) -> YAML:
    """A round-trip YAML instance configured to keep files as they are."""
    s = schreibweise or Schreibweise()
    yaml = YAML(typ="rt")
    yaml.Resolver = Aufloeser
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold long customer texts
    yaml.indent(mapping=s.mapping, sequence=s.sequence, offset=s.offset)
    yaml.representer.add_representer(type(None), _darstelle_null)
    yaml.representer.add_representer(str, _darstelle_text)
    # Never write anchors and aliases (a date used twice would become one): files are read
    # without them, and people should see every value where it belongs.
    yaml.representer.ignore_aliases = lambda _daten: True
    return yaml


def lade(pfad: Path, roh: bytes | None = None) -> YamlDokument:
    """Parse ``pfad`` losslessly; any problem becomes a DatenFehler with its line."""
    if roh is None:
        roh = lies_bytes(pfad)
    if len(roh) > MAX_BYTES:
        raise DatenFehler("Datei ist zu groß (erlaubt sind 1 MiB)", datei=pfad)
    text, schreibweise = dekodiere(pfad, roh)
    if not text.strip():
        raise DatenFehler("Datei ist leer", datei=pfad, hinweis=_HINWEIS_LEER)
    ganz_geprueft = grenzen.pruefe_yaml(pfad, text)
    yaml = rt_yaml(schreibweise)
    _pruefe_version(pfad, text, yaml)
    try:
        with _still():
            daten = yaml.load(text)
    except MarkedYAMLError as exc:
        raise _yaml_fehler(pfad, exc) from None
    except NotImplementedError as exc:
        # ruamel cannot place a comment after "key:" whose value follows on the next line
        # when a blank line comes after it ("overlap in comment").
        zeile = re.search(r"line: (\d+)", str(exc))
        raise DatenFehler(
            "Kommentar hinter einem Schlüssel, dessen Wert erst in der nächsten Zeile steht, "
            "kann nicht gelesen werden",
            datei=pfad,
            zeile=int(zeile.group(1)) + 1 if zeile else None,
            hinweis="Bitte den Kommentar in eine eigene Zeile darüber setzen oder den Wert in "
            "dieselbe Zeile wie den Schlüssel schreiben.",
        ) from None
    except ReaderError as exc:
        zeichen = exc.character if isinstance(exc.character, int) else 0
        raise DatenFehler(
            f"Datei enthält ein Zeichen, das YAML nicht erlaubt (U+{zeichen:04X})",
            datei=pfad,
            zeile=text[: exc.position].count("\n") + 1,
            hinweis="Das Zeichen ist meist unsichtbar (ein Steuerzeichen); bitte die Zeile im "
            "Editor neu schreiben.",
        ) from None
    except YAMLError as exc:
        raise DatenFehler(f"Kein gültiges YAML ({exc})", datei=pfad) from None
    except (ValueError, OverflowError):
        # ruamel builds dates eagerly and fails without position on e.g. 2026-02-30 (or
        # 9999-12-31T23:59:59.9999999, rounded up past the last second).
        raise _datums_fehler(pfad, text) from None
    except RecursionError:
        raise grenzen.zu_tief(pfad) from None
    if daten is None:
        leer = all(
            z.lstrip().startswith(("#", "%", "---", "...")) for z in text.split("\n") if z.strip()
        )
        meldung = "Datei enthält nur Kommentare" if leer else "Datei enthält keine Angaben"
        raise DatenFehler(meldung, datei=pfad, hinweis=_HINWEIS_LEER)
    if not ganz_geprueft:  # LibYAML could not walk it all: check the depth on the data
        grenzen.pruefe_tiefe(pfad, daten)
    _pruefe_struktur(pfad, daten)
    return YamlDokument(pfad, roh, daten, schreibweise)


_HINWEIS_LEER = "Einen neuen Fall legt „vier-phasen neu ID“ an."


@contextmanager
def _still() -> Iterator[None]:
    """Without ruamel's warnings (a reused anchor: harmless, as aliases are refused): they
    would print the file's lines, values included, on stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", YAMLWarning)
        yield


def _pruefe_version(pfad: Path, text: str, yaml: YAML) -> None:
    """Refuse a ``%YAML`` directive other than 1.2: the file would ask for values (``no`` as
    false, ``0123`` as octal) the tool does not give it."""
    if not (text.startswith("%") or "\n%" in text):  # directives start a line with %
        return
    try:
        for token in yaml.scan(text):
            if isinstance(token, DirectiveToken):
                if token.name == "YAML" and tuple(token.value) != (1, 2):
                    raise DatenFehler(
                        "Die Datei verlangt eine andere YAML-Version als 1.2",
                        datei=pfad,
                        zeile=token.start_mark.line + 1,
                        hinweis="Bitte die Zeile „%YAML …“ entfernen: Falldateien sind "
                        "YAML 1.2 (no, on und Yes sind Text, 0123 ist 123).",
                    )
            elif not isinstance(token, StreamStartToken):
                return  # directives come first
    except YAMLError:
        return  # loading words the syntax error


_PROBLEME = {
    "mapping values are not allowed here": "Doppelpunkt an unerwarteter Stelle "
    "(Text mit „: “ bitte in Anführungszeichen setzen)",
    "found character '\\t' that cannot start any token": "Tabulator zum Einrücken oder in "
    "einem Wert ohne Anführungszeichen ist in YAML nicht erlaubt (bitte Leerzeichen verwenden)",
    "found duplicate key": "Schlüssel kommt doppelt vor",
    "could not find expected ':'": "Doppelpunkt nach dem Schlüssel fehlt",
    "expected <block end>, but found": "Einrückung passt nicht zur Zeile davor",
    "found undefined alias": "Verweis auf einen unbekannten Anker",
    "found unexpected end of stream": "Datei endet mitten in einem Wert "
    "(fehlt ein schließendes Anführungszeichen?)",
    "expected ',' or ']'": "Liste in [ … ] ist nicht geschlossen",
    "expected ',' or '}'": "Abschnitt in { … } ist nicht geschlossen",
}


def _yaml_fehler(pfad: Path, exc: MarkedYAMLError) -> DatenFehler:
    problem = str(exc.problem or exc.context or "")
    meldung = next(
        (deutsch for englisch, deutsch in _PROBLEME.items() if problem.startswith(englisch)),
        "Syntaxfehler",
    )
    marke = exc.problem_mark or exc.context_mark
    zeile = marke.line + 1 if marke is not None else None
    return DatenFehler(
        f"Kein gültiges YAML: {meldung}",
        datei=pfad,
        zeile=zeile,
        hinweis="Die Datei wurde nicht verändert. Bitte die Zeile im Editor korrigieren.",
    )


def _datums_fehler(pfad: Path, text: str) -> DatenFehler:
    """Find the first date-looking scalar that is not a real date (or time), by composing
    and building each timestamp alone."""
    from vier_phasen_cli.domain.fall import DATUM_HINWEIS

    zeilen: list[int] = []
    try:
        yaml = rt_yaml()
        with _still():
            wurzel = yaml.compose(text)
        for knoten in _skalare(wurzel):
            if (knoten.tag or "").endswith(":timestamp"):
                try:
                    yaml.constructor.construct_yaml_timestamp(knoten)
                except (ValueError, OverflowError):
                    zeilen.append(knoten.start_mark.line + 1)
    except (YAMLError, RecursionError):  # pragma: no cover - load already parsed the text once
        pass
    zeile = min(zeilen, default=None)
    return DatenFehler("Datum gibt es nicht", datei=pfad, zeile=zeile, hinweis=DATUM_HINWEIS)


def _skalare(knoten: Node | None) -> Iterator[ScalarNode]:
    stapel = [knoten] if knoten is not None else []
    while stapel:
        k = stapel.pop()
        if isinstance(k, ScalarNode):
            yield k
        elif isinstance(k, SequenceNode):
            stapel.extend(k.value)
        elif isinstance(k, MappingNode):
            for schluessel, wert in k.value:
                stapel.extend((schluessel, wert))


def _pruefe_struktur(pfad: Path, daten: Any) -> None:
    """Refuse aliases (a shared node: alias bombs expand when read) and explicit tags."""
    gesehen: set[int] = set()
    stapel: list[tuple[Any, int]] = [(daten, 1)]
    while stapel:
        knoten, zeile = stapel.pop()
        if isinstance(knoten, TaggedScalar) or _hat_tag(knoten):
            raise DatenFehler(
                "Typangaben mit ! oder !! sind in dieser Datei nicht erlaubt",
                datei=pfad,
                zeile=zeile,
                hinweis="Bitte den Wert ohne Typangabe schreiben.",
            )
        if not isinstance(knoten, CommentedMap | CommentedSeq):
            continue
        if id(knoten) in gesehen:
            raise DatenFehler(
                "Anker und Verweise (&name / *name) sind in dieser Datei nicht erlaubt",
                datei=pfad,
                zeile=zeile,
                hinweis="Bitte den Inhalt ausschreiben statt darauf zu verweisen.",
            )
        gesehen.add(id(knoten))
        if isinstance(knoten, CommentedMap):
            for schluessel, wert in knoten.items():
                _pruefe_schluessel(pfad, schluessel, _zeile_schluessel(knoten, schluessel, zeile))
                stapel.append((wert, _zeile_schluessel(knoten, schluessel, zeile)))
        else:
            for i, wert in enumerate(knoten):
                stapel.append((wert, _zeile_eintrag(knoten, i, zeile)))


def _pruefe_schluessel(pfad: Path, schluessel: Any, zeile: int) -> None:
    """A key is text: a plain ``~``, ``null``, ``true``, ``12`` or date (YAML reads them as
    nothing, truth values, numbers, dates), a list or a tagged value is none, and a plain
    ``<<`` would merge in other YAML tools. (Quoted, each is a key like any other.)"""
    if not isinstance(schluessel, str) or _hat_tag(schluessel):
        raise DatenFehler(
            "Schlüssel muss ein Text sein",
            datei=pfad,
            zeile=zeile,
            hinweis="Schlüssel sind Wörter wie „name:“; ~, null, true, false, Zahlen, "
            "Datumsangaben und Listen sind als Schlüssel nicht erlaubt.",
        )
    if schluessel.__class__ is str and schluessel == ZUSAMMENFUEHREN:  # plain, not quoted
        raise DatenFehler(
            "Zusammenführen mit << ist in dieser Datei nicht erlaubt",
            datei=pfad,
            zeile=zeile,
            hinweis="Bitte die Einträge an dieser Stelle ausschreiben.",
        )


def _hat_tag(knoten: Any) -> bool:
    tag = getattr(knoten, "tag", None)
    return tag is not None and getattr(tag, "value", None) is not None


def _zeile_schluessel(karte: CommentedMap, schluessel: Any, ersatz: int) -> int:
    try:
        return int(karte.lc.key(schluessel)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return ersatz


def _zeile_eintrag(liste: CommentedSeq, index: int, ersatz: int) -> int:
    try:
        return int(liste.lc.item(index)[0]) + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return ersatz


def zeile_von(daten: Any, pfad: Pfad) -> int:
    """The 1-based line of the deepest element of ``pfad`` that exists in ``daten``.

    For a missing element this is the line of the section that should hold it, like a
    linter pointing at the enclosing block.
    """
    zeile = 1
    knoten = daten
    for teil in pfad:
        if isinstance(knoten, CommentedMap) and teil in knoten:
            zeile = _zeile_schluessel(knoten, teil, zeile)
            knoten = knoten[teil]
        elif isinstance(knoten, CommentedSeq) and isinstance(teil, int) and 0 <= teil < len(knoten):
            zeile = _zeile_eintrag(knoten, teil, zeile)
            knoten = knoten[teil]
        else:
            break
    return zeile


class Dokumentzeilen(Zeilenkarte):
    """The line map of a round-trip document. Keys are matched by their text, as paths name
    them (every key of a loaded file is text), so both loaders place every finding alike."""

    def __init__(self, daten: Any) -> None:
        self._daten = daten

    def zeile(self, pfad: Pfad) -> int | None:
        zeile, knoten = 1, self._daten
        for teil in pfad:
            if isinstance(knoten, CommentedMap) and isinstance(teil, str):
                schluessel = next((k for k in knoten if str(k) == teil), _FEHLT)
                if schluessel is _FEHLT:
                    return None
                zeile, knoten = _zeile_schluessel(knoten, schluessel, zeile), knoten[schluessel]
            elif isinstance(knoten, CommentedSeq) and isinstance(teil, int):
                if not 0 <= teil < len(knoten):
                    return None
                zeile, knoten = _zeile_eintrag(knoten, teil, zeile), knoten[teil]
            else:
                return None
        return zeile


_FEHLT = object()


def dump(dokument: YamlDokument) -> bytes:
    """The document as bytes, in the file's own indentation, BOM and line ends."""
    puffer = io.StringIO()
    rt_yaml(dokument.schreibweise).dump(dokument.daten, puffer)
    text = puffer.getvalue()
    if dokument.schreibweise.zeilenende != "\n":
        text = text.replace("\n", dokument.schreibweise.zeilenende)
    if dokument.schreibweise.bom:
        text = _BOM + text
    return text.encode("utf-8")


def quelltext_zeile(roh: bytes, zeile: int | None) -> str | None:
    """The text of line ``zeile`` (1-based) for showing next to an error, if it exists."""
    if zeile is None:
        return None
    zeilen = roh.decode("utf-8", errors="replace").lstrip(_BOM).splitlines()
    return zeilen[zeile - 1] if 0 < zeile <= len(zeilen) else None


def rt(wert: Any) -> Any:
    """Plain data as round-trip data (so ruamel writes it in block style like the rest);
    round-trip data stays as it is, with its comments."""
    if isinstance(wert, CommentedMap | CommentedSeq):
        return wert
    if isinstance(wert, Mapping):
        karte = CommentedMap()
        for k, v in wert.items():
            karte[k] = rt(v)
        return karte
    if isinstance(wert, list | tuple):
        return CommentedSeq(rt(v) for v in wert)
    return wert


def klar(wert: Any) -> Any:
    """Round-trip data as plain dicts and lists (for comparing and for drafts)."""
    if isinstance(wert, Mapping):
        return {str(k): klar(v) for k, v in wert.items()}
    if isinstance(wert, list | tuple):
        return [klar(v) for v in wert]
    return wert
