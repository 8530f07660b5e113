"""Property: for any valid case, the checker never raises, and every finding carries a known
rule code and a line inside the file."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .fallbau import pruefe

KATALOGE = lade_kataloge()


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(KATALOGE[name].codes())


tage = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
vielleicht_tag = st.none() | tage
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)
vielleicht_text = st.none() | text


@st.composite
def faelle(draw: st.DrawFn) -> dict[str, Any]:
    rechtskreis = draw(st.sampled_from(["SGB II", "SGB III"]))
    bedarfe = draw(st.lists(codes("handlungsbedarfe"), max_size=4, unique=True))
    fall: dict[str, Any] = {
        "format": 1,
        "id": "P-1",
        "status": draw(st.sampled_from(["aktiv", "aktiv", "abgeschlossen"])),
        "kunde": {"name": draw(text.filter(lambda t: not t.isspace()))},  # a name shows
        "rechtskreis": rechtskreis,
        "fachkraft": "K. Test",
        "reha": draw(st.booleans()),
        "ausbildungsvermittlung": draw(st.booleans()),
        "arbeitslos_seit": draw(vielleicht_tag),
        "aufstocker": draw(st.booleans()) if rechtskreis == "SGB II" else False,
        "reha_bedarf_geprueft": draw(vielleicht_tag),
        "integrationsprognose": draw(st.none() | codes("integrationsprognosen")),
        "unterstuetzungsbedarf": draw(st.none() | codes("unterstuetzungsbedarfe")),
    }
    if draw(st.booleans()):
        fall["bedarfsgemeinschaft"] = {
            "mitglieder": draw(st.integers(1, 8)),
            "gemeinsame_gespraeche": draw(st.booleans()),
            "einwilligung_aller": draw(st.booleans()),
        }
    if draw(st.booleans()):
        ausnahme = None
        if draw(st.booleans()):
            ausnahme = {"grund": draw(codes("ausnahmen")), "bis": draw(vielleicht_tag)}
        fall["potenzialanalyse"] = {
            "datum": draw(vielleicht_tag),
            "ausnahme": ausnahme,
            "zielberuf": draw(vielleicht_text),
            "annaeherung": draw(vielleicht_text),
            "staerken": draw(
                st.lists(
                    st.fixed_dictionaries({"art": codes("staerken"), "text": text}), max_size=3
                )
            ),
            "handlungsbedarfe": [{"code": c, "erledigt": draw(vielleicht_tag)} for c in bedarfe],
        }
    if draw(st.booleans()):
        fall["ziel"] = {
            "option": draw(st.none() | codes("zieloptionen")),
            "zwischenziele": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"text": text, "bis": vielleicht_tag, "erreicht": vielleicht_tag}
                    ),
                    max_size=3,
                )
            ),
        }
    aktivitaet = st.fixed_dictionaries(
        {
            "wer": st.sampled_from(["kunde", "fachkraft", "dritte"]),
            "was": text,
            "bis": vielleicht_tag,
        }
    )
    fall["strategien"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "code": codes("handlungsstrategien"),
                    "handlungsbedarf": st.none() | codes("handlungsbedarfe"),
                    "aktivitaeten": st.lists(aktivitaet, max_size=2),
                }
            ),
            max_size=4,
        )
    )
    ja_nein = st.none() | st.booleans()
    fall["produkte"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "bezeichnung": text,
                    "strategie": st.none() | codes("handlungsstrategien"),
                    "beginn": vielleicht_tag,
                    "ende": vielleicht_tag,
                    "austritt": vielleicht_tag,
                    "bei_arbeitgeber": st.booleans(),
                    "uebernommen": ja_nein,
                    "leitfragen": st.none()
                    | st.fixed_dictionaries(dict.fromkeys(KATALOGE["leitfragen"].codes(), ja_nein)),
                    "begruendung": vielleicht_text,
                }
            ),
            max_size=3,
        )
    )
    if draw(st.booleans()):
        fall["vereinbarung"] = {
            "art": draw(
                st.sampled_from(["eingliederungsvereinbarung", "kooperationsplan", "teilhabeplan"])
            ),
            "datum": draw(vielleicht_tag),
            "leistungen": draw(st.lists(text, max_size=2)),
            "eigenbemuehungen": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"text": text, "frist": vielleicht_tag, "erledigt": vielleicht_tag}
                    ),
                    max_size=2,
                )
            ),
            "vermittlungsrichtung": draw(vielleicht_text),
            "ausgehaendigt": draw(ja_nein),
        }
    fall["termine"] = {"folgegespraech": draw(vielleicht_tag)}
    aktivitaeten = st.none() | st.fixed_dictionaries(
        dict.fromkeys(KATALOGE["folgegespraech"].codes(), vielleicht_text)
    )
    fall["gespraeche"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "datum": tage,
                    "art": codes("gespraechsarten"),
                    "form": st.none() | codes("gespraechsformen"),
                    "prognose": st.none() | codes("integrationsprognosen"),
                    "vermerk": vielleicht_text,
                    "aktivitaeten": aktivitaeten,
                }
            ),
            max_size=4,
        )
    )
    if fall["status"] == "abgeschlossen":
        fall["abschluss"] = {"datum": draw(tage), "grund": draw(codes("abschlussgruende"))}
        fall["nachhaltigkeit"] = {"nachbetreuung_geprueft": draw(vielleicht_tag)}
    return fall


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fall=faelle(), stichtag=tage)
def test_pruefen_wirft_nie_und_jeder_befund_hat_code_und_zeile(
    fall: dict[str, Any], stichtag: date
) -> None:
    with tempfile.TemporaryDirectory() as ordner:
        befunde = pruefe(Path(ordner), fall, stichtag)  # type: ignore[arg-type]
        zeilen = (Path(ordner) / "cases" / "P-1.yaml").read_text(encoding="utf-8").count("\n")
    for b in befunde:
        assert b.code in REGELWERK
        assert b.code not in ("DA001", "DA002"), b.meldung  # the generated cases are valid
        assert 1 <= b.zeile <= zeilen
        assert b.meldung and "{" not in b.meldung
        assert b.schwere == REGELWERK[b.code].schwere
