"""Write a valid synthetic dataset of N events with a realistic shape.

Run: python benchmarks/synth.py N OUT.yaml [--seed S]
Places carry aliases and Arabic names, actors sit on sides, sources have kinds, and events
have several places, actors, sources and claims (exact, ranges, open-ended and vague), so
that loading, searching and comparing claims work on it as on real data. Standard library
only; the output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta

SYLLABLES = ["al", "ras", "tal", "jab", "ar", "sal", "mus", "fli", "ta", "qa", "ra", "jar",
             "zab", "da", "ni", "kha", "rou", "bel", "har", "mar", "nah", "yab", "rud", "sha"]
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
TYPES = ["attack", "clash", "capture", "ambush", "strike", "retreat", "siege", "statement"]
KINDS = ["town", "village", "hill/peak", "border crossing", "barrens/jurd area", "valley"]


def name(rng: random.Random, words: int = 2) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(words))


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def claim(rng: random.Random, source: str, party: str, outcome: str) -> str:
    shape = rng.random()
    if shape < 0.6:
        n = rng.randint(0, 400)
        low, high, reported = n, n, str(n)
    elif shape < 0.75:
        n = rng.randint(1, 300)
        m = n + rng.randint(1, 200)
        low, high, reported = n, m, f"{n}–{m}"
    elif shape < 0.9:
        n = rng.randint(1, 300)
        low, high, reported = n, "null", f"at least {n}"
    else:
        low, high, reported = "null", "null", rng.choice(["dozens", "several", "hundreds"])
    return (f"      - {{source: {source}, party: {party}, outcome: {outcome}, low: {low}, "
            f"high: {high}, as_reported: {quoted(reported)}}}\n")


def write(n_events: int, out: str, seed: int) -> None:
    rng = random.Random(seed)
    n_places = max(20, n_events // 20)
    sides = ["government", "rebels", "jihadists"]
    actors = [(f"actor-{i}", name(rng), sides[i % 3]) for i in range(max(9, n_events // 500))]
    sources = [(f"source-{i}", name(rng, 1).upper(), kind) for i, kind in enumerate(
        ["monitor", "party-media", "state-media", "news-media", "security-services",
         "military-source", "analyst"] * max(1, n_events // 20000))]
    sources.append(("unattributed", "unattributed", "unattributed"))
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# Synthetic dataset: {n_events} events, seed {seed}\nschema_version: 1\n")
        f.write("sides:\n" + "".join(f"  - {{id: {s}, name: {s}}}\n" for s in sides))
        f.write("actors:\n")
        for actor_id, actor_name, side in actors:
            f.write(f"  - {{id: {actor_id}, name: {quoted(actor_name)}, side: {side}, "
                    f"aliases: [{quoted(actor_name.lower())}]}}\n")
        f.write("sources:\n")
        for source_id, source_name, kind in sources:
            f.write(f"  - {{id: {source_id}, name: {quoted(source_name)}, kind: {kind}, "
                    f"description: {quoted('synthetic ' + kind)}}}\n")
        f.write("places:\n")
        for i in range(n_places):
            place = name(rng)
            parent = f"place-{rng.randrange(i)}" if i > 10 and rng.random() < 0.3 else "null"
            arabic = "".join(rng.choice(ARABIC) for _ in range(5))
            f.write(f"  - id: place-{i}\n    name: {quoted(place)}\n"
                    f"    aliases: [{quoted(place.replace('a', 'aa'))}, "
                    f"{quoted('Al-' + place)}]\n    arabic: {arabic}\n"
                    f"    country: {rng.choice(['Syria', 'Lebanon'])}\n"
                    f"    kind: {rng.choice(KINDS)}\n    parent: {parent}\n")
        f.write("events:\n")
        day0 = date(2015, 1, 1)
        for i in range(n_events):
            start = day0 + timedelta(days=rng.randrange(3650))
            span = rng.choice([0, 0, 0, 0, 2, 6, 10])
            precision = "day" if span == 0 else "days" if span < 7 else "month"
            end = start + timedelta(days=span)
            places = sorted({f"place-{rng.randrange(n_places)}" for _ in range(rng.randint(1, 3))})
            event_actors = sorted({rng.choice(actors)[0] for _ in range(rng.randint(1, 3))})
            event_sources = sorted({rng.choice(sources)[0] for _ in range(rng.randint(1, 2))})
            f.write(f"  - id: e{i:06d}\n"
                    f"    date: {{text: {quoted(start.strftime('%d %B %Y'))}, start: {start}, "
                    f"end: {end}, precision: {precision}}}\n"
                    f"    section: {quoted('Section ' + str(i // 1000))}\n"
                    f"    type: {rng.choice(TYPES)}\n"
                    f"    places: [{', '.join(places)}]\n"
                    f"    actors: [{', '.join(event_actors)}]\n"
                    f"    sources: [{', '.join(event_sources)}]\n"
                    f"    summary: {quoted('Synthetic event ' + str(i) + ' at ' + name(rng))}\n")
            chosen = set()
            lines = []
            for _ in range(rng.randint(0, 4)):
                key = (rng.choice(event_sources), rng.choice(sides),
                       rng.choice(["killed", "killed", "wounded", "captured"]))
                if key not in chosen:
                    chosen.add(key)
                    lines.append(claim(rng, *key))
            if lines:
                f.write("    claims:\n" + "".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("out", help="output YAML file")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    write(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
