"""German help pages, command aliases and usage errors, by subclassing Typer's classes.

Typer (0.29, which vendors Click as ``typer._click``) writes English fixed strings ("Usage:",
"[OPTIONS]", "COMMAND [ARGS]...", ``<str>``, ``[x>=0]``, "Show this message and exit.") and
wraps help text at hyphens. Caseworkers see German only, so every command is a
:class:`Befehl` and every group a :class:`Gruppe` (:class:`DeutscheApp` makes them the
default): they format usage lines, argument and option lists themselves, wrap at word
boundaries only, accept umlaut spellings of command names and answer a typo with
"Meinten Sie …?". Nothing in Typer is patched at run time.

What still reaches into Typer's private package, and why: ``typer._click`` holds the only
``HelpFormatter`` to subclass and the exception classes a usage error is recognised by; a
parameter's choices and type are read from ``type_descriptor`` (Typer has no public accessor).
pyproject.toml pins Typer's minor version for that reason. Design note:
docs/hilfe-und-vervollstaendigung.md.
"""

from __future__ import annotations

import itertools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

import typer
from typer._click import exceptions
from typer._click.core import Command, Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from vier_phasen_cli.domain.zusammenhalt import geschuetzt

HILFE_TEXT = "Diese Hilfe anzeigen und beenden."
OPTIONEN = "[OPTIONEN]"
BEFEHL = "BEFEHL [ARGUMENTE] …"

# --- wrapping ------------------------------------------------------------------------------


_GESCHUETZT = "\u00a0"  # textwrap splits at ASCII whitespace only


def umbrechen(text: str, breite: int, einzug: str = "", folgeeinzug: str | None = None) -> str:
    """``text`` filled to ``breite`` columns, paragraph by paragraph (blank lines), broken
    only at spaces: never after a hyphen ("Eingliederungs- vereinbarung", ".vier- phasen"),
    never inside a word, even one longer than the line, and never inside "SGB II", "§ 15a",
    "Vorgabe: heute", "z. B." or after a lone "+"/"~"/"-" marker. A paragraph whose lines
    are all indented (a command to copy) is kept as it is, line by line."""
    folge = einzug if folgeeinzug is None else folgeeinzug
    wrapper = textwrap.TextWrapper(
        width=max(breite, 10),
        initial_indent=einzug,
        subsequent_indent=folge,
        break_on_hyphens=False,
        break_long_words=False,
    )
    ergebnis = []
    for absatz in re.split(r"\n\s*\n", text.strip("\n")):
        zeilen = absatz.splitlines()
        if zeilen and all(z[:1].isspace() for z in zeilen):
            ergebnis.append(textwrap.indent(textwrap.dedent(absatz), einzug + "  "))
        elif flach := " ".join(absatz.split()):
            gefuellt = wrapper.fill(geschuetzt(flach, _GESCHUETZT))
            ergebnis.append(gefuellt.replace(_GESCHUETZT, " "))
    return "\n\n".join(ergebnis)


class DeutscheHilfeseite(HelpFormatter):
    """Click's help layout with a German usage prefix and word-boundary wrapping."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Aufruf: " if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        self.write(umbrechen(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if not rows:
            return
        erste = min(max(len(name) for name, _ in rows), col_max) + col_spacing
        einzug = " " * self.current_indent
        textbreite = max(self.width - erste - 2, 10)
        for name, text in rows:
            self.write(einzug + name)
            if not text:
                self.write("\n")
                continue
            if len(name) <= erste - col_spacing:
                self.write(" " * (erste - len(name)))
            else:
                self.write("\n" + " " * (erste + self.current_indent))
            zeilen = umbrechen(text, textbreite).splitlines()
            self.write(zeilen[0] + "\n")
            for zeile in zeilen[1:]:
                self.write((" " * (erste + self.current_indent) + zeile).rstrip() + "\n")


class DeutscherKontext(typer.Context):
    formatter_class = DeutscheHilfeseite


# --- parameters in help and usage ----------------------------------------------------------

_TYPNAMEN: dict[Any, str] = {int: "ZAHL", float: "ZAHL", str: "TEXT", Path: "PFAD", date: "DATUM"}


def auswahl(param: Parameter) -> list[str] | None:
    beschreibung = getattr(param, "type_descriptor", None)
    if beschreibung is None or not beschreibung.is_choice or not beschreibung.choices:
        return None
    return [str(c.value if isinstance(c, Enum) else c) for c in beschreibung.choices]


def metavar(param: Parameter) -> str:
    """The German placeholder of a parameter's value: its own metavar, its choices, an
    argument's name, or a word for an option's type (never ``<str>``)."""
    if param.metavar:
        return param.metavar
    if (werte := auswahl(param)) is not None:
        return "|".join(werte)
    if param.param_type_name == "argument" and param.name:
        return param.name.upper()
    beschreibung = getattr(param, "type_descriptor", None)
    art = getattr(beschreibung, "annotation", None)
    if isinstance(art, type) and issubclass(art, Path):
        art = Path
    return _TYPNAMEN.get(art, "WERT")


def _mehrere(param: Parameter) -> bool:
    return param.nargs != 1 or bool(getattr(param, "multiple", False))


def _argument_im_aufruf(param: Parameter) -> str:
    name = metavar(param) + (" …" if _mehrere(param) else "")
    return name if param.required else f"[{name}]"


def _vorgabe(param: Parameter, ctx: Context) -> str | None:
    zeigen = getattr(param, "show_default", False)
    if isinstance(zeigen, str):
        return zeigen
    if not (zeigen or ctx.show_default):
        return None
    wert = param.get_default(ctx, call=False)
    if callable(wert):
        return "(dynamisch)"
    if isinstance(wert, bool) and param.secondary_opts:
        return (param.opts if wert else param.secondary_opts)[0].lstrip("-")
    if wert is None or wert is False or wert in ((), []):
        return None
    if isinstance(wert, list | tuple):
        return ", ".join(str(w.value if isinstance(w, Enum) else w) for w in wert)
    return str(wert.value if isinstance(wert, Enum) else wert)


def _bereich(param: Parameter) -> str | None:
    unten, oben = getattr(param, "min", None), getattr(param, "max", None)
    if getattr(param, "count", False) and unten == 0 and oben is None:
        return None
    if unten is not None and oben is not None:
        return f"{unten} bis {oben}"
    if unten is not None:
        return f"mindestens {unten}"
    if oben is not None:
        return f"höchstens {oben}"
    return None


def hilfe_eintrag(param: Parameter, ctx: Context) -> tuple[str, str] | None:
    """A parameter's row in the help page: its name with a German placeholder, and its own
    help text with default, range and whether it is required."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = metavar(param) + (" …" if _mehrere(param) else "")
    else:
        flagge = getattr(param, "is_flag", False) or getattr(param, "count", False)

        def schreibweise(opts: Sequence[str]) -> str:
            text = ", ".join(sorted(opts, key=lambda o: len(o) - len(o.lstrip("-"))))
            return text if flagge else f"{text} {metavar(param)}"

        name = " / ".join(schreibweise(o) for o in (param.opts, param.secondary_opts) if o)
    vorgabe = _vorgabe(param, ctx)
    zusatz = [
        z
        for z in (
            None if vorgabe is None else f"Vorgabe: {vorgabe}",
            _bereich(param),
            "Pflicht" if param.required and param.param_type_name == "option" else None,
        )
        if z
    ]
    text = getattr(param, "help", None) or ""
    if zusatz:
        klammer = f"({'; '.join(zusatz)})"
        text = f"{text[:-1]} {klammer}." if text.endswith(".") else f"{text} {klammer}".strip()
    return name, text


# --- aliases and suggestions ---------------------------------------------------------------

_UMLAUTE = {"ae": "ä", "oe": "ö", "ue": "ü"}
_WORTTEILE = ("faellig", "pruef", "gespraech", "ueber", "rueck", "gaengig", "aender", "loesch")
"""Word parts of command names in which ae/oe/ue stand for an umlaut (in "neu", "zuerst" or
"steuer" they do not, so aliases come from this list, not from every ae/oe/ue)."""


def umlautform(name: str) -> str | None:
    """The spelling of a command name with umlauts (``faellig`` → ``fällig``), or None when
    the name has no umlaut word."""
    ergebnis = name
    for teil in _WORTTEILE:
        mit = re.sub("ae|oe|ue", lambda m: _UMLAUTE[m.group()], teil)
        ergebnis = ergebnis.replace(teil, mit)
    return None if ergebnis == name else ergebnis


def _als_ascii(name: str) -> str:
    return name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def _mit_umlaut(text: str) -> bool:
    return any(z in "äöüßÄÖÜ" for z in unicodedata.normalize("NFC", text))


def als_wert(eingabe: str) -> str:
    """A typed value as the program spells its names: lower case, umlauts written ae/oe/ue/ss
    (``Folgegespräch`` → ``folgegespraech``; macOS's NFD alike)."""
    return _als_ascii(unicodedata.normalize("NFC", eingabe).lower())


def meinten_sie(eingabe: str, namen: Sequence[str]) -> str:
    """``Meinten Sie „…“?`` with the names closest to a mistyped one, or an empty text; in
    their umlaut spelling when the user typed umlauts (``fälig`` → „fällig“)."""
    gemeint = naechste(eingabe, namen)
    if not gemeint:
        return ""
    if _mit_umlaut(eingabe):
        gemeint = list(dict.fromkeys(_wie_getippt(n, eingabe) for n in gemeint))
    return f"Meinten Sie {_in_anfuehrung(gemeint)}?"


def _wie_getippt(name: str, eingabe: str) -> str:
    """``name`` with those of its ae/oe/ue written as umlauts that bring it closest to what
    was typed (``staerken`` for „stärkn“: „stärken“; the ue of ``neue`` stays)."""
    teile = re.split(r"(ae|oe|ue)", name)
    if len(teile) == 1 or len(teile) > 9:
        return name
    getippt = unicodedata.normalize("NFC", eingabe).lower()
    beste, bester_abstand = name, abstand(getippt, name)
    for wahl in itertools.product((False, True), repeat=len(teile) // 2):
        kandidat = teile[0] + "".join(
            (_UMLAUTE[paar] if umlaut else paar) + rest
            for paar, rest, umlaut in zip(teile[1::2], teile[2::2], wahl, strict=True)
        )
        if (a := abstand(getippt, kandidat)) < bester_abstand:
            beste, bester_abstand = kandidat, a
    return beste


def abstand(a: str, b: str) -> int:
    """Edit distance (insert, delete, replace, swap two neighbours) between two words."""
    vorher: list[int] | None = None
    zeile = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        neu = [i]
        for j, y in enumerate(b, 1):
            kosten = min(zeile[j] + 1, neu[j - 1] + 1, zeile[j - 1] + (x != y))
            if vorher is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                kosten = min(kosten, vorher[j - 2] + 1)
            neu.append(kosten)
        vorher, zeile = zeile, neu
    return zeile[-1]


def naechste(eingabe: str, namen: Sequence[str]) -> list[str]:
    """The names closest to a mistyped one (umlauts typed or not), if any is close enough:
    at most two edits, and fewer than a third of the word."""
    wort = als_wert(eingabe)
    abstaende = {name: abstand(wort, name) for name in namen}
    if not abstaende:
        return []
    bester = min(abstaende.values())
    if bester > 2 or bester * 3 > max(len(wort), 3):
        return []
    return [name for name, a in abstaende.items() if a == bester]


def _in_anfuehrung(namen: Sequence[str]) -> str:
    teile = [f"„{n}“" for n in namen]
    return teile[0] if len(teile) == 1 else ", ".join(teile[:-1]) + " oder " + teile[-1]


# --- the command classes -------------------------------------------------------------------


class _DeutscheHilfe(Command):
    """Usage line, help option and parameter list in German (shared by commands and groups)."""

    context_class = DeutscherKontext

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        # Plain conversions instead of pydantic adapters (see cli/umwandlung.py).
        from vier_phasen_cli.cli.umwandlung import einfach

        for param in self.get_params(ctx):
            beschreibung = getattr(param, "type_descriptor", None)
            if beschreibung is not None and getattr(param, "_runtime_param", 0) is None:
                param._runtime_param = einfach(beschreibung)  # type: ignore[attr-defined]
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HILFE_TEXT
        return option

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        teile = [self.options_metavar] if self.options_metavar else []
        teile += [
            _argument_im_aufruf(p)
            for p in self.get_params(ctx)
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)
        ]
        return teile

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        eintraege: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):
            if (eintrag := hilfe_eintrag(param, ctx)) is not None:
                eintraege.setdefault(param.param_type_name, []).append(eintrag)
        for art, ueberschrift in (("argument", "Argumente"), ("option", "Optionen")):
            if eintraege[art]:
                with formatter.section(ueberschrift):
                    formatter.write_dl(eintraege[art])


class Befehl(_DeutscheHilfe, TyperCommand):
    """A subcommand with German help."""


class Gruppe(_DeutscheHilfe, TyperGroup):
    """A group of commands: German help, umlaut aliases, "Meinten Sie …?" for a typo."""

    def __init__(self, **attrs: Any) -> None:
        if attrs.get("subcommand_metavar") is None:
            attrs["subcommand_metavar"] = BEFEHL
        super().__init__(**attrs)

    def aliase(self) -> dict[str, str]:
        """Each umlaut spelling with the command it stands for."""
        return {alias: name for name in self.commands if (alias := umlautform(name)) is not None}

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        name = unicodedata.normalize("NFC", cmd_name)
        return self.commands.get(name) or self.commands.get(self.aliase().get(name, ""))

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar or BEFEHL]

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        befehl = self.get_command(ctx, args[0])
        if befehl is None and not ctx.resilient_parsing:
            if args[0].startswith("-"):
                self.parse_args(ctx, args)  # an unknown option: its own message
            vorschlag = meinten_sie(args[0], list(self.commands))
            ctx.fail(f"Unbekannter Befehl „{args[0]}“. {vorschlag}".rstrip())
        return (befehl.name if befehl else None), befehl, args[1:]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        zeilen = [
            (name + (f" ({alias})" if (alias := umlautform(name)) else ""), befehl)
            for name, befehl in self.commands.items()
            if not befehl.hidden
        ]
        if not zeilen:
            return
        # The first sentence, wrapped (Click would cut it to one line and add "...").
        with formatter.section("Befehle"):
            formatter.write_dl([(z, b.get_short_help_str(200)) for z, b in zeilen], col_max=32)


class DeutscheApp(typer.Typer):
    """A Typer app whose commands are :class:`Befehl` and whose groups are :class:`Gruppe`
    unless told otherwise; every sub-app (``app.add_typer``) should be one too."""

    def __init__(self, **attrs: Any) -> None:
        attrs.setdefault("cls", Gruppe)
        attrs.setdefault("options_metavar", OPTIONEN)
        attrs.setdefault("subcommand_metavar", BEFEHL)
        attrs.setdefault("rich_markup_mode", None)
        attrs.setdefault("add_completion", False)
        attrs.setdefault("pretty_exceptions_enable", False)
        attrs.setdefault("pretty_exceptions_show_locals", False)
        super().__init__(**attrs)

    def command(self, name: str | None = None, **attrs: Any) -> Callable[[Any], Any]:
        attrs.setdefault("cls", Befehl)
        attrs.setdefault("options_metavar", OPTIONEN)
        return super().command(name, **attrs)


class Lage(NamedTuple):
    """Where a command line leads: the command reached (with its name and context), the
    ``--ablage`` given, the option still waiting for its value, how many arguments the
    command got, and whether ``--help``/``-h`` was asked for."""

    befehl: Command
    name: str
    ctx: Context
    ablage: str | None
    offen: Parameter | None
    positionen: int
    hilfe: bool


def kontext(befehl: Command, name: str | None = None, parent: Context | None = None) -> Context:
    """A context for ``befehl`` without parsing anything (help pages, completion)."""
    einstellungen = {**befehl.context_settings, "resilient_parsing": True}
    return befehl.context_class(befehl, info_name=name, parent=parent, **einstellungen)


def lage(gruppe: Command, args: Sequence[str], prog_name: str = "vier-phasen") -> Lage:
    """Walk ``args`` as the parser would, without converting or checking a value: for shell
    completion, and for ``--help`` (which so never loads what checking values needs)."""
    befehl, name, ctx = gruppe, "", kontext(gruppe, prog_name)
    ablage: str | None = None
    offen: Parameter | None = None
    positionen, nur_argumente, hilfe = 0, False, False
    for wort in args:
        if offen is not None:
            if "--ablage" in offen.opts:
                ablage = wort
            offen = None
            continue
        if wort == "--":
            nur_argumente = True
            continue
        if wort.startswith("-") and len(wort) > 1 and not nur_argumente:
            schalter, gleich, wert = wort.partition("=")
            hilfe = hilfe or schalter in ctx.help_option_names
            param = option(befehl, schalter)
            if param is None or getattr(param, "is_flag", False) or getattr(param, "count", False):
                continue
            if not gleich:
                offen = param
            elif "--ablage" in param.opts:
                ablage = wert
            continue
        if isinstance(befehl, Gruppe):
            unter = befehl.get_command(ctx, wort)
            if unter is None:
                return Lage(befehl, name, ctx, ablage, None, -1, hilfe)
            befehl, name, positionen = unter, unter.name or wort, 0
            ctx = kontext(unter, name, ctx)
            continue
        positionen += 1
    return Lage(befehl, name, ctx, ablage, offen, positionen, hilfe)


def option(befehl: Command, schalter: str) -> Parameter | None:
    """The option of ``befehl`` spelt ``schalter`` (``--art``, ``-f``), if it has one."""
    for param in befehl.params:
        if param.param_type_name == "option" and schalter in (*param.opts, *param.secondary_opts):
            return param
    return None


def alle_befehle(gruppe: Command, pfad: str = "") -> Iterator[tuple[str, Command]]:
    """Every command and group below ``gruppe`` with its path (``"git diff"``)."""
    for name, befehl in getattr(gruppe, "commands", {}).items():
        weg = f"{pfad} {name}".strip()
        yield weg, befehl
        yield from alle_befehle(befehl, weg)


# --- usage errors --------------------------------------------------------------------------


def bedienfehler_text(exc: exceptions.UsageError) -> str:
    """A German sentence for a usage error raised while parsing the command line."""
    param = getattr(exc, "param", None)
    name = _param_name(param) if param is not None else None
    if isinstance(exc, exceptions.NoArgsIsHelpError) or exc.message == "Missing command.":
        return "Bitte einen Befehl angeben."
    if isinstance(exc, exceptions.MissingParameter):
        art = "Argument" if getattr(param, "param_type_name", "") == "argument" else "Option"
        return f"{art} {name} fehlt." if name else "Eine Angabe fehlt."
    if isinstance(exc, exceptions.NoSuchOption):
        text = f"Unbekannte Option {exc.option_name}."
        if exc.possibilities:
            text += " Meinten Sie " + _in_anfuehrung(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, exceptions.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Option {exc.option_name} braucht einen Wert."
        return f"Option {exc.option_name} ist so nicht verwendbar."
    if isinstance(exc, exceptions.BadParameter):
        return _ungueltiger_wert(exc, name)
    if m := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", exc.message):
        return f"Überzählige Angabe: {m.group(1)}"
    return exc.message


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or param.name).upper()
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return opts[0] if opts else str(getattr(param, "name", ""))


def _ungueltiger_wert(exc: exceptions.BadParameter, name: str | None) -> str:
    ziel = f" für {name}" if name else ""
    if m := re.search(r"'(.*)' is not one of (.+)\.$", exc.message):
        erlaubt = m.group(2).replace("'", "")
        teile = (
            f"Ungültiger Wert „{m.group(1)}“{ziel}.",
            meinten_sie(m.group(1), erlaubt.split(", ")),
            f"Erlaubt: {erlaubt}.",
        )
        return " ".join(t for t in teile if t)
    if "valid integer" in exc.message:
        return f"Ungültiger Wert{ziel}: ganze Zahl erwartet."
    # Our own callbacks raise BadParameter with a German message already.
    return f"Ungültiger Wert{ziel}: {exc.message.removeprefix('Value error, ')}"
