"""German help pages and usage errors.

Typer vendors its Click and writes English fixed strings ("Usage:", "Options", "Show this
message and exit.", "No such option"). Caseworkers see German only, so the help labels are
replaced here once, and usage errors are re-worded from the exception's attributes.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import decorators, exceptions, formatting

_HILFE_TEXT = "Diese Hilfe anzeigen und beenden."
_eingedeutscht = False


_TEXTE = {
    "Arguments": "Argumente",
    "Options": "Optionen",
    "Commands": "Befehle",
    "default: {default}": "Vorgabe: {default}",
    "required": "Pflicht",
    "env var: {var}": "Umgebungsvariable: {var}",
    "(dynamic)": "(dynamisch)",
    "Aborted!": "Abgebrochen.",
    "Missing command.": "Bitte einen Befehl angeben.",
}


def _uebersetze(text: str) -> str:
    return _TEXTE.get(text, text)


def eindeutschen() -> None:
    """Switch the help page's fixed labels to German (idempotent, cheap).

    The help is Click's plain layout, not Typer's Rich panels: Rich's help pulls in Markdown
    rendering and costs a third of the start-up time of ``vier-phasen --help``.
    """
    global _eingedeutscht
    if _eingedeutscht:
        return
    _eingedeutscht = True
    import typer.core

    typer.core._ = _uebersetze  # type: ignore[assignment, attr-defined]

    original_help_option = decorators.help_option

    def help_option(param_decls: list[str]) -> Any:
        anwenden = original_help_option(param_decls)

        def deko(befehl: Any) -> Any:
            ergebnis = anwenden(befehl)
            befehl.params[-1].help = _HILFE_TEXT
            return ergebnis

        return deko

    decorators.help_option = help_option

    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_write_usage(self, prog, args, "Aufruf: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


def bedienfehler_text(exc: exceptions.UsageError) -> str:
    """A German sentence for a usage error raised while parsing the command line."""
    param = getattr(exc, "param", None)
    name = _param_name(param) if param is not None else None
    if isinstance(exc, exceptions.NoArgsIsHelpError):
        return "Bitte einen Befehl angeben."
    if isinstance(exc, exceptions.MissingParameter):
        art = "Argument" if getattr(param, "param_type_name", "") == "argument" else "Option"
        return f"{art} {name} fehlt." if name else "Eine Angabe fehlt."
    if isinstance(exc, exceptions.NoSuchOption):
        text = f"Unbekannte Option {exc.option_name}."
        if exc.possibilities:
            text += " Gemeint: " + ", ".join(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, exceptions.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Option {exc.option_name} braucht einen Wert."
        return f"Option {exc.option_name} ist so nicht verwendbar."
    if isinstance(exc, exceptions.BadParameter):
        return _ungueltiger_wert(exc, name)
    if m := re.match(r"No such command '(.+)'\.", exc.message):
        return f"Unbekannter Befehl „{m.group(1)}“."
    if m := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", exc.message):
        return f"Überzählige Angabe: {m.group(1)}"
    return exc.message


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or param.name).upper()
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return opts[0] if opts else str(getattr(param, "name", ""))


def _ungueltiger_wert(exc: exceptions.BadParameter, name: str | None) -> str:
    ziel = f" für {name}" if name else ""
    if m := re.search(r"'(.*)' is not one of (.+)\.$", exc.message):
        erlaubt = m.group(2).replace("'", "")
        return f"Ungültiger Wert „{m.group(1)}“{ziel}. Erlaubt: {erlaubt}."
    if "valid integer" in exc.message:
        return f"Ungültiger Wert{ziel}: ganze Zahl erwartet."
    # Our own callbacks raise BadParameter with a German message already.
    return f"Ungültiger Wert{ziel}: {exc.message.removeprefix('Value error, ')}"
