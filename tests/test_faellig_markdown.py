"""The due report's Markdown writes the built-in template's rows itself
(``faelligbericht._markdown_eingebaut``): the same bytes as the template rendering every row,
for any items, and a workspace's own template is still rendered by Jinja2 alone.

The oracle is the built-in template itself, copied into a workspace's ``templates/`` with a
comment in front: a template of its own, so every row goes through Jinja2.
``VIER_PHASEN_FUZZ=N`` runs N examples instead of 300.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Aufruf
from vier_phasen_cli.domain.fristen import Berichtszeile, Fallkopf, Frist
from vier_phasen_cli.render.faelligbericht import als_markdown
from vier_phasen_cli.render.vorlagen import umgebung, wie_eingebaut
from vier_phasen_cli.storage.ressourcen import eingebaute_vorlagen

BEISPIELE = int(os.environ.get("VIER_PHASEN_FUZZ", "300"))
STICHTAG = ["--stichtag", "2026-12-01"]

FEINDLICH = [
    "Sabine Krüger", "=1+1", "# Überschrift", "1. Liste", "- Punkt", "| Zelle |", "[x](y)",
    "<b>fett</b>", "*kursiv*", "`code`", "a\\b", "~~", "&amp;", "\x1b[31mrot", "\u202eevil",
    "Zeile\nzwei", "Tab\tulator", "  Raum  ", "漢字", "Zoë\u0301", "", "–", "§ 15a SGB II",
    "\x9b31m", "\x00", "+ neu", "===", "12) zwölf", "BM0009796", "١٢", "Ⅻ", "x²", "1",
]  # fmt: skip
TEXT = st.sampled_from(FEINDLICH) | st.text(st.characters(codec="utf-8"), max_size=30)
TAG = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@st.composite
def berichtszeilen(draw: st.DrawFn) -> list[Berichtszeile]:
    faelle = draw(
        st.lists(st.builds(Fallkopf, TEXT, TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=4)
    )
    frist = st.builds(
        Frist, TEXT, TEXT, TEXT, TAG, st.none() | TAG, TEXT, TEXT, st.none() | TAG
    )  # fmt: skip
    zeile = st.builds(
        Berichtszeile,
        st.sampled_from(faelle),
        frist,
        st.sampled_from(["ueberfaellig", "faellig", "geplant"]),
        st.integers(min_value=-4000000, max_value=4000000),
    )
    return draw(st.lists(zeile, max_size=30))


@pytest.fixture(scope="module")
def eigene_kopie(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace's ``templates/`` with the built-in template under a comment of its own."""
    ordner = tmp_path_factory.mktemp("vorlagen")
    eingebaut = (eingebaute_vorlagen() / "faellig.md.j2").read_text(encoding="utf-8")
    (ordner / "faellig.md.j2").write_text("{# eigene Kopie #}" + eingebaut, encoding="utf-8")
    return ordner


@settings(max_examples=BEISPIELE, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    zeilen=berichtszeilen(),
    fehler=st.lists(
        st.fixed_dictionaries(
            {"datei": TEXT, "zeile": st.none() | st.integers(1, 99), "meldung": TEXT}
        ),
        max_size=2,
    ),
    dienststelle=st.fixed_dictionaries({}, optional={"name": TEXT, "anschrift": TEXT}),
    briefkopf=st.booleans(),
    tage=st.integers(min_value=0, max_value=3650),
)
def test_zeilen_wie_aus_der_vorlage(
    eigene_kopie: Path,
    zeilen: list[Berichtszeile],
    fehler: list[dict[str, object]],
    dienststelle: dict[str, str],
    briefkopf: bool,
    tage: int,
) -> None:
    eingebaut, jinja = umgebung(None), umgebung(eigene_kopie)
    assert wie_eingebaut(eingebaut, "faellig.md.j2")
    assert not wie_eingebaut(jinja, "faellig.md.j2")
    tag = date(2026, 12, 1)
    schnell = als_markdown(eingebaut, tag, tage, zeilen, fehler, dienststelle, briefkopf=briefkopf)
    erwartet = als_markdown(jinja, tag, tage, zeilen, fehler, dienststelle, briefkopf=briefkopf)
    assert schnell == erwartet


def test_kopie_der_vorlagen_gibt_denselben_bericht(vp: Aufruf, demo: Path) -> None:
    """``init --vorlagen`` copies the built-in templates: the report stays the same."""
    vorher = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout
    assert vp("--ablage", demo, "init", "--vorlagen").exit_code == 0
    assert (demo / "templates" / "faellig.md.j2").is_file()
    assert vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout == vorher


def test_geaenderte_zeile_der_vorlage_gilt(vp: Aufruf, demo: Path) -> None:
    """A workspace's own row format is used for every row (Jinja2 renders it)."""
    eingebaut = (eingebaute_vorlagen() / "faellig.md.j2").read_text(encoding="utf-8")
    zeile = "| {{ e.faellig_am }} | {{ e.wann }} | {{ e.fall }} |"
    assert zeile in eingebaut
    (demo / "templates").mkdir()
    (demo / "templates" / "faellig.md.j2").write_text(
        eingebaut.replace(zeile, "| {{ e.fall }} am {{ e.faellig_am }} |"), encoding="utf-8"
    )
    text = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown").stdout
    assert "| 911A100001 am 30.11.2026 |" in text
    assert "| 30.11.2026 | gestern |" not in text
