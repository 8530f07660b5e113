"""Shell completion: the scripts of ``vier-phasen completion bash|zsh|fish`` and the
candidates they ask the program for.

The scripts follow Click's convention: they run ``vier-phasen`` with
``_VIER_PHASEN_COMPLETE=bash_complete`` (``zsh_complete``, ``fish_complete``) and the command
line in ``COMP_WORDS`` and ``COMP_CWORD``; the answer is one candidate a line,
``art,wert`` (zsh: ``art``, ``wert``, ``hilfe`` on three lines). Everything is derived from the
registered commands: their names and umlaut spellings, their options, choices, and
placeholders. A placeholder names where values come from: ``ID`` case IDs (the file names in
``cases/``), ``FACHKRAFT`` the Fachkräfte in the reports' cache, ``KATALOG`` the catalog
names, ``CODES`` rule codes and ``ARTEN`` deadline kinds (both comma-separated lists).
No case file is parsed, so completing stays fast with 10,000 cases. Design note:
docs/hilfe-und-vervollstaendigung.md.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from typer._click.core import Command, Parameter

from vier_phasen_cli.cli.deutsch import Gruppe, kontext, lage, option, umlautform
from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN_EINZEILIG as _STEUERZEICHEN

SHELLS = ("bash", "zsh", "fish")
NEUE_FAELLE = frozenset({"neu"})
"""Commands whose ``ID`` names a case that does not exist yet: no IDs offered."""


class Vorschlag(NamedTuple):
    wert: str
    hilfe: str = ""
    art: str = "plain"
    """``plain``, ``file`` or ``dir`` (the shell then completes paths itself)."""


# --- the scripts ---------------------------------------------------------------------------

# bash and fish send the line up to the cursor as typed (quotes, backslashes, "--art=zw"),
# zsh its words; the program splits them as the shell does. bash: the candidates go in raw,
# and ``-o filenames`` lets readline quote what it inserts as it quotes file names — a
# backslash before a space outside quotes, nothing inside "…" or '…' — and list them unquoted.
_BASH = """\
# vier-phasen: Vervollständigung für bash
_vier_phasen_vervollstaendigung() {
    local -a zeilen
    mapfile -t zeilen < <(env COMP_LINE="${COMP_LINE:0:COMP_POINT}" \\
        COMP_WORDBREAKS="$COMP_WORDBREAKS" _VIER_PHASEN_COMPLETE=bash_complete "$1" 2>/dev/null)
    COMPREPLY=()
    case "${zeilen[0]}" in
        dir,*) compopt -o dirnames 2>/dev/null ;;
        file,*) compopt -o default 2>/dev/null ;;
        plain,*)
            COMPREPLY=("${zeilen[@]#plain,}")
            compopt -o filenames 2>/dev/null ;;
    esac
    return 0
}
complete -o nosort -F _vier_phasen_vervollstaendigung vier-phasen
"""

_ZSH = """\
#compdef vier-phasen
# vier-phasen: Vervollständigung für zsh
_vier_phasen_vervollstaendigung() {
    local -a ohne mit antwort
    (( ! $+commands[vier-phasen] )) && return 1
    antwort=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \\
        _VIER_PHASEN_COMPLETE=zsh_complete vier-phasen 2>/dev/null)}")
    for art wert hilfe in ${antwort}; do
        if [[ "$art" == "plain" ]]; then
            if [[ "$hilfe" == "_" ]]; then ohne+=("$wert")
            else mit+=("${wert//:/\\\\:}:$hilfe"); fi
        elif [[ "$art" == "dir" ]]; then _path_files -/
        elif [[ "$art" == "file" ]]; then _path_files -f
        fi
    done
    [[ -n "$mit" ]] && _describe -V unsortiert mit -U
    [[ -n "$ohne" ]] && compadd -U -V unsortiert -a ohne
    return 0
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _vier_phasen_vervollstaendigung "$@"
else
    compdef _vier_phasen_vervollstaendigung vier-phasen
fi
"""

_FISH = """\
# vier-phasen: Vervollständigung für fish
function _vier_phasen_vervollstaendigung
    set -l antwort (env _VIER_PHASEN_COMPLETE=fish_complete \\
        COMP_LINE=(commandline -cp | string collect) vier-phasen 2>/dev/null)
    for zeile in $antwort
        set -l teile (string split -m 1 "," -- $zeile)
        switch $teile[1]
            case dir
                __fish_complete_directories $teile[2]
            case file
                __fish_complete_path $teile[2]
            case plain
                printf '%s\\n' $teile[2]
        end
    end
end
complete --no-files --command vier-phasen --arguments "(_vier_phasen_vervollstaendigung)"
"""

_SKRIPTE = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def skript(shell: str) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    return _SKRIPTE[shell]


# --- the answer ----------------------------------------------------------------------------


def antwort(gruppe: Command, anweisung: str, umgebung: Mapping[str, str]) -> str:
    """What the script of ``anweisung`` (``bash_complete`` …) prints for the command line in
    ``umgebung``: candidates, one a line, in the shell's format. A ``file`` or ``dir`` line
    (the shell completes paths) comes alone, never among values: the bash script reads the
    first line's kind only."""
    shell = anweisung.removesuffix("_complete")
    if shell not in _SKRIPTE:
        return ""
    if "COMP_LINE" in umgebung:
        woerter = zerlege_zeile(umgebung["COMP_LINE"])
        args, (roh, unvollstaendig) = [w for _, w in woerter[1:-1]], woerter[-1]
    else:
        args, unvollstaendig = _woerter(umgebung)
        roh = unvollstaendig
    ergebnis = vorschlaege(gruppe, args, unvollstaendig, umgebung)
    if shell == "bash":
        # readline replaces only the text after a word break ("--art=" stays) or an open quote
        davor = _wortanfang(roh, umgebung.get("COMP_WORDBREAKS", _WORTGRENZEN))
        if davor:
            ergebnis = [
                v._replace(wert=v.wert[len(davor) :]) for v in ergebnis if v.wert.startswith(davor)
            ]
    if shell != "zsh" and not _STEUERZEICHEN.search("".join(v.wert for v in ergebnis)):
        return "".join(f"{v.art},{v.wert}\n" for v in ergebnis)  # 10,000 IDs: the usual case
    return "".join(_zeile(shell, v) for v in ergebnis)


def _zerlege(text: str) -> list[str]:
    """Split a command line as the shell would, forgiving an unclosed quote."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    woerter: list[str] = []
    try:
        woerter.extend(lexer)
    except ValueError:
        woerter.append(lexer.token)
    return woerter


def zerlege_zeile(zeile: str) -> list[tuple[str, str]]:
    """The words of a command line up to the cursor, each as typed and as the program would
    get it (quotes and backslashes removed); the last one is the word being completed
    (empty after a space), and may hold an unclosed quote."""
    woerter: list[tuple[str, str]] = []
    roh: list[str] = []
    wert: list[str] = []
    anfuehrung = ""
    zeichen = iter(zeile)
    for z in zeichen:
        if not anfuehrung and z in " \t\n":
            if roh:
                woerter.append(("".join(roh), "".join(wert)))
                roh, wert = [], []
            continue
        roh.append(z)
        if z == anfuehrung:
            anfuehrung = ""
        elif not anfuehrung and z in "'\"":
            anfuehrung = z
        elif z == "\\" and anfuehrung != "'":
            naechstes = next(zeichen, "")
            roh.append(naechstes)
            if anfuehrung and naechstes not in '"\\$`':
                wert.append(z)
            wert.append(naechstes)
        else:
            wert.append(z)
    woerter.append(("".join(roh), "".join(wert)))
    return woerter


_WORTGRENZEN = "\"'><=;|&(:"
"""bash's ``COMP_WORDBREAKS`` unless the user changed it."""


def _wortanfang(roh: str, grenzen: str) -> str:
    """The part of the word ``roh`` (as typed, dequoted) before the text readline completes:
    up to the last word break outside quotes, or up to an open quote."""
    anfang, anfuehrung, i = 0, "", 0
    while i < len(roh):
        z = roh[i]
        if z == anfuehrung:
            anfuehrung = ""
        elif z == "\\" and anfuehrung != "'":
            i += 1
        elif not anfuehrung and z in "'\"":
            anfuehrung, anfang = z, i + 1
        elif not anfuehrung and z in grenzen and not z.isspace():
            anfang = i + 1
        i += 1
    return zerlege_zeile(roh[:anfang])[-1][1] if anfang else ""


def _woerter(umgebung: Mapping[str, str]) -> tuple[list[str], str]:
    """Click's convention (zsh): the words in ``COMP_WORDS``, the current one's index in
    ``COMP_CWORD``."""
    woerter = _zerlege(umgebung.get("COMP_WORDS", ""))
    try:
        stelle = int(umgebung.get("COMP_CWORD", ""))
    except ValueError:
        stelle = len(woerter)
    return woerter[1:stelle], (woerter[stelle] if stelle < len(woerter) else "")


def _zeile(shell: str, v: Vorschlag) -> str:
    if _STEUERZEICHEN.search(v.wert):
        return ""  # a name from a case file never drives the terminal
    hilfe = _STEUERZEICHEN.sub(" ", v.hilfe)
    if shell == "zsh":
        return f"{v.art}\n{v.wert}\n{hilfe or '_'}\n"
    return f"{v.art},{v.wert}\n"


def vorschlaege(
    gruppe: Command, args: Sequence[str], unvollstaendig: str, umgebung: Mapping[str, str]
) -> list[Vorschlag]:
    """The candidates for the word ``unvollstaendig`` after ``args`` (the words before it,
    without the program's name)."""
    stelle = lage(gruppe, args)
    befehl, name, ablage, offen = stelle.befehl, stelle.name, stelle.ablage, stelle.offen
    positionen = stelle.positionen
    if offen is not None:
        return _werte(offen, name, unvollstaendig, ablage, umgebung)
    schalter, gleich, wert = unvollstaendig.partition("=")
    if gleich and schalter.startswith("--"):  # "--art=zw": the value, behind its option
        param = option(befehl, schalter)
        if param is None or getattr(param, "is_flag", False) or getattr(param, "count", False):
            return []
        werte = _werte(param, name, wert, ablage, umgebung)
        return [v._replace(wert=f"{schalter}={v.wert}") if v.art == "plain" else v for v in werte]
    if unvollstaendig.startswith("-"):
        return [
            Vorschlag(o, getattr(p, "help", None) or "")
            for p in befehl.get_params(kontext(befehl))
            if p.param_type_name == "option" and not getattr(p, "hidden", False)
            for o in (*p.opts, *p.secondary_opts)
            if o.startswith(unvollstaendig)
        ]
    if isinstance(befehl, Gruppe):
        return _befehle(befehl, unvollstaendig)
    argumente = [p for p in befehl.params if p.param_type_name == "argument"]
    for param in argumente:
        if param.nargs == -1 or positionen < 1:
            return _werte(param, name, unvollstaendig, ablage, umgebung)
        positionen -= 1
    return []


def _befehle(gruppe: Gruppe, unvollstaendig: str) -> list[Vorschlag]:
    """Command names; the umlaut spelling is offered only once it is begun (``fä``), so a
    list of all commands shows each command once."""
    ergebnis = []
    for name, befehl in gruppe.commands.items():
        if befehl.hidden:
            continue
        hilfe = befehl.get_short_help_str(200)
        alias = umlautform(name)
        if name.startswith(unvollstaendig):
            ergebnis.append(Vorschlag(name, hilfe))
        elif alias is not None and alias.startswith(unvollstaendig):
            ergebnis.append(Vorschlag(alias, hilfe))
    return ergebnis


# --- values --------------------------------------------------------------------------------


def _werte(
    param: Parameter,
    befehl: str,
    unvollstaendig: str,
    ablage: str | None,
    umgebung: Mapping[str, str],
) -> list[Vorschlag]:
    platzhalter = param.metavar or ""
    if platzhalter in ("DATEI", "PFAD"):
        return [Vorschlag(unvollstaendig, art="file")]
    if platzhalter == "ORDNER":
        return [Vorschlag(unvollstaendig, art="dir")]
    quelle = _QUELLEN.get(platzhalter)
    if quelle is None:
        from vier_phasen_cli.cli.deutsch import auswahl

        werte = auswahl(param) or []
        return [Vorschlag(w) for w in werte if w.startswith(unvollstaendig)]
    if platzhalter == "ID" and befehl in NEUE_FAELLE:
        return []
    werte = quelle(_ablage(ablage, umgebung))
    if platzhalter in _LISTEN:  # a comma-separated list: complete its last item
        davor, komma, letztes = unvollstaendig.rpartition(",")
        vorn = davor + komma
        schon = set(davor.split(","))
        return [Vorschlag(vorn + w) for w in werte if w.startswith(letztes) and w not in schon]
    if unvollstaendig:
        gross = unvollstaendig.casefold()
        werte = [w for w in werte if w.casefold().startswith(gross)]
    return list(map(Vorschlag, werte))


def _ablage(option: str | None, umgebung: Mapping[str, str]) -> Path | None:
    """The workspace as the command would find it; None where it would be refused."""
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import UMGEBUNG, finde_ablage, pruefe_vertrauen

    pfad = Path(os.path.expanduser(option)) if option else None
    try:
        wurzel = finde_ablage(pfad, umgebung, Path.cwd())
        if pfad is None and not umgebung.get(UMGEBUNG):
            pruefe_vertrauen(wurzel)
    except (VierPhasenFehler, OSError):
        return None
    return wurzel


def _fall_ids(wurzel: Path | None) -> list[str]:
    from vier_phasen_cli.domain.fall_id import FALL_ID_MUSTER

    if wurzel is None:
        return []
    try:
        namen = os.listdir(wurzel / "cases")
    except OSError:
        return []
    ist_fall_id = FALL_ID_MUSTER.fullmatch  # as domain.fall_id.ist_fall_id, on 10,000 names
    ids = [n[:-5] for n in namen if n.endswith(".yaml") and ist_fall_id(n[:-5])]
    ids.sort()
    return ids


def _fachkraefte(wurzel: Path | None) -> list[str]:
    from vier_phasen_cli.storage.cachedatei import fachkraefte

    return [] if wurzel is None else fachkraefte(wurzel / ".vier-phasen")


def _kataloge(_: Path | None) -> list[str]:
    from vier_phasen_cli.domain.namen import KATALOG_NAMEN

    return list(KATALOG_NAMEN)


def _regelcodes(_: Path | None) -> list[str]:
    from vier_phasen_cli.domain.namen import REGELCODES

    return list(REGELCODES)


def _fristarten(_: Path | None) -> list[str]:
    from vier_phasen_cli.domain.namen import FRISTARTEN

    return list(FRISTARTEN)


_CODE_ZEILE = re.compile(r"^\s*-\s+code:\s*[\"']?([\w.-]+)[\"']?\s*(?:#.*)?$", re.M)


def katalogcodes(name: str, wurzel: Path | None) -> list[str]:
    """The codes of catalog ``name`` (the workspace's file if it has one), read from the
    file's ``- code:`` lines without a YAML parser; a catalog written otherwise gives none."""
    from vier_phasen_cli.storage.ressourcen import katalog_pfad

    try:
        pfad = katalog_pfad(name, None if wurzel is None else wurzel / "catalogs")
        text = pfad.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return list(dict.fromkeys(_CODE_ZEILE.findall(text)))


def _abschlussgruende(wurzel: Path | None) -> list[str]:
    return katalogcodes("abschlussgruende", wurzel)


_QUELLEN: dict[str, Callable[[Path | None], list[str]]] = {
    "ID": _fall_ids,
    "FACHKRAFT": _fachkraefte,
    "KATALOG": _kataloge,
    "CODES": _regelcodes,
    "ARTEN": _fristarten,
    "GRUND": _abschlussgruende,
}
_LISTEN = frozenset({"CODES", "ARTEN"})
