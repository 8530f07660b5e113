"""Generate N realistic synthetic cases (valid against SPEC §3) into a workspace.

    python benchmarks/erzeuge.py ZIELORDNER --anzahl 10000 [--saat 7]

Seeded and reproducible: the same seed gives the same files. Cases vary in Rechtskreis, needs,
strategies, products, agreements and carry 3–10 conversations with German text; a file has
about 150 lines, like a case after a few months of work.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vier_phasen_cli.storage.katalogdateien import lade_kataloge

VORNAMEN = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Finn",
    "Greta",
    "Hasan",
    "Ida",
    "Jonas",
    "Katarina",
    "Leon",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Rana",
    "Sven",
    "Tim",
    "Yasemin",
]
NACHNAMEN = [
    "Bauer",
    "Becker",
    "Demir",
    "Fischer",
    "Hoffmann",
    "Kaya",
    "Krüger",
    "Lange",
    "Meier",
    "Nowak",
    "Petrenko",
    "Schäfer",
    "Schmidt",
    "Schulz",
    "Vogel",
    "Wagner",
    "Weber",
    "Wolff",
    "Yılmaz",
    "Zimmermann",
]
FACHKRAEFTE = [
    "M. Schmidt",
    "A. Wagner",
    "T. Becker",
    "L. Hartmann",
    "S. Yildiz",
    "K. Braun",
    "R. Özdemir",
    "J. Klein",
]
BERUFE = [
    "Fachkraft für Lagerlogistik", "Verkäuferin", "Berufskraftfahrer", "Pflegehelfer",
    "Medizinische Fachangestellte", "Industriekauffrau", "Koch", "Elektroniker", "Buchhalterin",
    "Hausmeister", "Erzieherin", "Maler und Lackierer",
]  # fmt: skip
SAETZE = [
    "Bewerbungsunterlagen gemeinsam durchgesehen und aktualisiert",
    "Kundin berichtet von zwei Vorstellungsgesprächen in der letzten Woche",
    "Kinderbetreuung ist ab dem nächsten Monat gesichert",
    "Führerscheinprüfung ist für das Frühjahr geplant",
    "Vermittlungsvorschläge aus dem Suchlauf besprochen",
    "Weiterbildung passt zum Zielberuf, Bildungsgutschein ausgegeben",
    "Teilnahme an der Maßnahme laut Träger regelmäßig",
    "Gesundheitliche Situation hat sich stabilisiert",
    "Eigenbemühungen wurden vollständig nachgewiesen",
    "Neue Stellenangebote im Umkreis von 30 km ausgewertet",
    "Sprachkurs läuft, Prüfung B1 bestanden",
    "Praktikum bei einem Betrieb der Region vereinbart",
]


def _skalar(wert: Any) -> str:
    if wert is None:
        return "null"
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, int | date):
        return str(wert) if isinstance(wert, int) else wert.isoformat()
    text = str(wert)
    if (
        re.fullmatch(r"[A-Za-zÄÖÜäöüßİı][\w .,()/äöüÄÖÜß§ıİ-]*", text)
        and ": " not in text
        and not text.endswith(":")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml(wert: Any, einzug: int = 0) -> list[str]:
    """A tiny emitter in the tool's style (2-space mappings, sequences indented by 2)."""
    zeilen: list[str] = []
    vorne = " " * einzug
    if isinstance(wert, dict):
        for k, v in wert.items():
            if (isinstance(v, dict) and v) or (isinstance(v, list) and v):
                zeilen.append(f"{vorne}{k}:")
                zeilen += _yaml(v, einzug + 2)
            else:
                leer = "{}" if isinstance(v, dict) else "[]" if isinstance(v, list) else _skalar(v)
                zeilen.append(f"{vorne}{k}: {leer}")
    else:
        for eintrag in wert:
            if isinstance(eintrag, dict):
                innen = _yaml(eintrag, einzug + 2)
                zeilen.append(f"{vorne}- {innen[0].lstrip()}")
                zeilen += innen[1:]
            else:
                zeilen.append(f"{vorne}- {_skalar(eintrag)}")
    return zeilen


STAND = date(2026, 12, 1)
"""The cases look as they would on this day: what was due weeks ago is mostly done."""


def _erledigt(frist: date, zufall: random.Random) -> date | None:
    """When an item with this date was done: most older ones are, a few are overdue."""
    if frist < STAND - timedelta(days=7) and zufall.random() < 0.9:
        return frist - timedelta(days=zufall.randrange(0, 5))
    return None


def fall(nummer: int, zufall: random.Random, k: Any) -> dict[str, Any]:
    """One case with everything a case has after a few months."""
    rk = zufall.choice(["SGB II", "SGB III"])
    beginn = date(2026, 1, 1) + timedelta(days=zufall.randrange(0, 240))
    reha = zufall.random() < 0.08
    bedarfe = zufall.sample(k["handlungsbedarfe"].codes(), zufall.randint(0, 3))
    strategien = []
    for b in bedarfe:
        moeglich = [
            e.code for e in k.strategien_fuer(b)
            if (not e["nur_rechtskreis"] or e["nur_rechtskreis"] == rk) and not e["nur_fuer"]
        ]  # fmt: skip
        strategien.append({"code": zufall.choice(moeglich), "handlungsbedarf": b})
    strategien.append({"code": "vermittlung", "handlungsbedarf": None})
    for s in strategien:
        s["aktivitaeten"] = [
            {
                "wer": zufall.choice(["kunde", "fachkraft", "dritte"]),
                "was": zufall.choice(SAETZE),
                "bis": bis,
                "erledigt": _erledigt(bis, zufall),
            }
            for bis in (
                beginn + timedelta(days=zufall.randrange(14, 200))
                for _ in range(zufall.randint(0, 2))
            )
        ]
    prognose = zufall.choice(["marktnah", "nicht-marktnah"])
    produkte = []
    for _ in range(zufall.randint(0, 2)):
        start = beginn + timedelta(days=zufall.randrange(10, 120))
        produkte.append(
            {
                "bezeichnung": zufall.choice(
                    [
                        "Bewerbungscoaching (§ 45 SGB III)",
                        "Teilqualifikation Lager",
                        "Führerschein aus dem Vermittlungsbudget",
                        "Maßnahme bei einem Arbeitgeber",
                    ]
                ),
                "strategie": strategien[0]["code"],
                "beginn": start,
                "ende": start + timedelta(days=zufall.choice([30, 45, 61, 90, 180])),
                "austritt": None,
                "abbruch": False,
                "bei_arbeitgeber": zufall.random() < 0.2,
                "uebernommen": None,
                "leitfragen": {
                    "passgenau": True,
                    "erfolgswahrscheinlichkeit": True,
                    "foerdervoraussetzungen": True,
                },
                "begruendung": zufall.choice(SAETZE),
            }
        )
    art = "kooperationsplan" if rk == "SGB II" else "eingliederungsvereinbarung"
    vereinbarung = {
        "art": art,
        "datum": beginn,
        "ueberprueft": beginn + timedelta(days=zufall.randrange(120, 170))
        if beginn + timedelta(days=182) < STAND and zufall.random() < 0.9
        else None,
        "leistungen": [
            zufall.choice(
                ["Vermittlungsvorschläge", "Übernahme der Fahrkosten", "Bildungsgutschein"]
            )
        ],
        "eigenbemuehungen": [
            {
                "text": zufall.choice(
                    [
                        "Fünf Bewerbungen im Monat",
                        "Nachweis der Bewerbungen zum Monatsende",
                        "Teilnahme an der Maßnahme",
                    ]
                ),
                "frist": frist,
                "erledigt": _erledigt(frist, zufall),
            }
            for frist in (
                beginn + timedelta(days=zufall.randrange(30, 240))
                for _ in range(zufall.randint(1, 3))
            )
        ],
        "andere_traeger": [],
        "vermittlungsrichtung": zufall.choice(BERUFE) if rk == "SGB II" else None,
        "ausgehaendigt": True,
    }
    gespraeche = []
    tag = beginn
    for i in range(zufall.randint(3, 10)):
        g: dict[str, Any] = {
            "datum": tag,
            "art": "erstgespraech" if i == 0 else "folgegespraech",
            "form": zufall.choice(["persoenlich", "telefon", "video"]),
            "anliegen": "Erstgespräch" if i == 0 else "Folgegespräch",
            "prognose": prognose,
            "vermerk": ". ".join(zufall.sample(SAETZE, 3)) + ".",
        }
        if i:
            g["aktivitaeten"] = {
                a: zufall.choice(SAETZE)
                for a in ("abgleich", "ueberpruefung", "bewerbungen", "naechste_schritte")
            }
        gespraeche.append(g)
        tag += timedelta(days=zufall.randrange(14, 45))
        if i >= 2 and tag >= STAND:
            break  # no conversations in the future
    daten: dict[str, Any] = {
        "format": 1,
        "id": f"BM{nummer:07d}",
        "status": "aktiv" if zufall.random() < 0.9 else "abgeschlossen",
        "kunde": {
            "name": f"{zufall.choice(VORNAMEN)} {zufall.choice(NACHNAMEN)}",
            "geburtsdatum": date(1960, 1, 1) + timedelta(days=zufall.randrange(0, 16000)),
        },
        "rechtskreis": rk,
        "fachkraft": zufall.choice(FACHKRAEFTE),
        "reha": reha,
        "ausbildungsvermittlung": False,
        "arbeitslos_seit": beginn - timedelta(days=zufall.randrange(0, 120)),
        "aufstocker": False,
        "reha_bedarf_geprueft": None,
        "potenzialanalyse": {
            "datum": beginn,
            "ausnahme": None,
            "zielberuf": zufall.choice(BERUFE),
            "annaeherung": None,
            "bbie": False,
            "stellengesuch": True,
            "staerken": [
                {"art": zufall.choice(k["staerken"].codes()), "text": zufall.choice(SAETZE)}
                for _ in range(zufall.randint(1, 4))
            ],
            "handlungsbedarfe": [
                {"code": b, "notiz": zufall.choice(SAETZE), "erledigt": None} for b in bedarfe
            ],
        },
        "integrationsprognose": prognose,
        "unterstuetzungsbedarf": ("gering" if prognose == "marktnah" else "hoeher")
        if rk == "SGB III"
        else None,
        "ziel": {
            "option": zufall.choice(k["zieloptionen"].codes()),
            "beschreibung": "Beschäftigung als " + zufall.choice(BERUFE),
            "zwischenziele": [
                {
                    "text": zufall.choice(SAETZE),
                    "bis": beginn + timedelta(days=90),
                    "erreicht": _erledigt(beginn + timedelta(days=90), zufall),
                }
            ],
        },
        "strategien": strategien,
        "produkte": produkte,
        "vereinbarung": vereinbarung,
        "vereinbarung_historie": [],
        "termine": {"folgegespraech": tag},
        "gespraeche": gespraeche,
        "nachhaltigkeit": {"beschaeftigung_ab": None, "nachbetreuung_geprueft": None},
        "abschluss": None,
    }
    if daten["status"] == "abgeschlossen":
        daten["abschluss"] = {"datum": tag, "grund": "arbeitsaufnahme", "notiz": None}
        daten["nachhaltigkeit"]["nachbetreuung_geprueft"] = tag
    return daten


def erzeuge(ziel: Path, anzahl: int, saat: int = 7) -> None:
    k = lade_kataloge()
    faelle = ziel / "cases"
    faelle.mkdir(parents=True, exist_ok=True)
    (ziel / "vier-phasen.toml").write_text('[dienststelle]\nname = "Benchmark"\n', encoding="utf-8")
    zufall = random.Random(saat)
    for n in range(1, anzahl + 1):
        daten = fall(n, zufall, k)
        text = f"# Synthetischer Fall {n}\n" + "\n".join(_yaml(daten)) + "\n"
        (faelle / f"{daten['id']}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ziel", type=Path)
    parser.add_argument("--anzahl", type=int, default=1000)
    parser.add_argument("--saat", type=int, default=7)
    args = parser.parse_args()
    erzeuge(args.ziel, args.anzahl, args.saat)


if __name__ == "__main__":
    main()
