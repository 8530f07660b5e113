"""``pruefen`` as text lays out each distinct finding text once (``render.befunde.als_text``):
the lines must be those of every finding laid out on its own, at every width, coloured or
not. ``VIER_PHASEN_FUZZ=N`` runs N examples instead of 300."""

from __future__ import annotations

import os
from itertools import groupby

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vier_phasen_cli.domain.befund import Befund
from vier_phasen_cli.domain.fristen import Fallkopf
from vier_phasen_cli.render.befunde import als_text

BEISPIELE = int(os.environ.get("VIER_PHASEN_FUZZ", "300"))

MELDUNGEN = [
    "Es ist kein künftiges Folgegespräch terminiert (zuletzt für den 17.11.2026)",
    "Seit dem letzten Gespräch am 21.07.2026 sind mehr als 90 Tage vergangen",
    "Beim Kooperationsplan ist nicht festgehalten, ob ein Schlichtungsverfahren nach § 15a "
    "SGB II verlangt wurde; das nächste Folgegespräch fragt danach",
    "\x1b[31m=1+1\x07 Zeile\nzwei  [3.3.1]",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt",
    "漢字の説明 Zoë\u0301 \u202eevil",
    "",
]
BEFUND = st.builds(
    Befund,
    fall=st.just("X1"),
    datei=st.sampled_from(["cases/X1.yaml", "cases/ein sehr langer Name\x1b.yaml", "c/Y.yaml"]),
    zeile=st.integers(min_value=0, max_value=100000),
    code=st.sampled_from(["ST001", "FG002", "DA001"]),
    schwere=st.sampled_from(["fehler", "warnung", "hinweis"]),
    meldung=st.sampled_from(MELDUNGEN) | st.text(max_size=80),
    fundstelle=st.sampled_from([None, "", "3.3.1", "3.4.1/3.4.2"]),
)
FAELLE = {
    "cases/X1.yaml": Fallkopf("X1", "Sabine \x1b[31mKrüger", "M. Schmidt", "SGB III", "aktiv"),
    "c/Y.yaml": Fallkopf("Person-1", "Person-1", "A. Wagner", "SGB II", "aktiv"),
}


@settings(max_examples=BEISPIELE, suppress_health_check=[HealthCheck.too_slow])
@given(
    befunde=st.lists(BEFUND, max_size=25).map(lambda b: sorted(b, key=Befund.sortierschluessel)),
    farbe=st.booleans(),
    breite=st.none() | st.integers(min_value=20, max_value=200),
)
def test_wie_jeder_befund_fuer_sich(befunde: list[Befund], farbe: bool, breite: int | None) -> None:
    erwartet: list[str] = []
    for n, (_, gruppe) in enumerate(groupby(befunde, key=lambda b: b.datei)):
        if n:
            erwartet.append("")
        for k, befund in enumerate(gruppe):
            einzeln = list(als_text([befund], FAELLE, farbe, breite))
            erwartet.extend(einzeln if k == 0 else einzeln[1:])
    assert list(als_text(befunde, FAELLE, farbe, breite)) == erwartet
