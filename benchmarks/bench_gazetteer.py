"""Municipality lookup for bulk imports: the gazetteer's key index against a per-row scan.

Run: ``.venv/bin/python -m benchmarks.bench_gazetteer``

10,000 city names as they appear in imports (official names, short names, everyday spellings
like "Frankfurt a.M.", keys with a lost leading zero, a few typos), drawn deterministically from
the shipped municipality list. The baseline resolves each name by comparing its normalised key
with the normalised keys of all 10,953 municipalities (a vectorised numpy scan per row, no
index); Stadtpuls resolves them with ``gazetteer().resolve_many`` (dictionary look-ups, each
distinct text once). Both must give the same AGS wherever the exact key is unique.
"""

from __future__ import annotations

import platform

import numpy as np

from benchmarks.common import timed
from stadtpuls.core.places import exact_key
from stadtpuls.reference import LookupProblem, municipalities
from stadtpuls.reference.gazetteer import Gazetteer
from stadtpuls.reference.municipalities import states

N = 10_000
SEED = 20221001
VARIANTS = (
    lambda name, short, ags: name,
    lambda name, short, ags: short,
    lambda name, short, ags: short.upper(),
    lambda name, short, ags: short.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae"),
    lambda name, short, ags: short.replace(" am Main", " a.M.").replace(" im Breisgau", " i.Br."),
    lambda name, short, ags: ags.lstrip("0"),
    lambda name, short, ags: short[:-1] + "x",
)


def sample_names() -> list[str]:
    table = municipalities()
    rng = np.random.default_rng(SEED)
    rows = rng.integers(0, len(table), N)
    variants = rng.integers(0, len(VARIANTS), N)
    names, shorts, keys = table["name"].to_numpy(), table["name_short"].to_numpy(), table.index
    return [VARIANTS[v](names[r], shorts[r], keys[r]) for r, v in zip(rows, variants, strict=True)]


def baseline(texts: list[str]) -> list[str | None]:
    table = municipalities()
    keys = np.array([exact_key(n) for n in table["name_short"]])
    index = table.index.to_numpy()
    out: list[str | None] = []
    for text in texts:
        hits = index[keys == exact_key(text)]
        out.append(hits[0] if len(hits) == 1 else None)
    return out


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    _, load = timed(municipalities)
    texts = sample_names()
    gazetteer, build = timed(Gazetteer, municipalities(), states())
    base, base_time = timed(baseline, texts)
    ours, our_time = timed(gazetteer.resolve_many, texts)
    agree = sum(1 for b, o in zip(base, ours, strict=True) if b is not None and b == o)
    disagree = sum(
        1
        for b, o in zip(base, ours, strict=True)
        if b is not None and isinstance(o, str) and b != o
    )
    resolved = sum(isinstance(o, str) for o in ours)
    problems = sum(isinstance(o, LookupProblem) for o in ours)
    print(f"load municipality list: {load:.3f} s; build gazetteer: {build:.3f} s")
    print(f"baseline (scan per row): {base_time:.3f} s = {N / base_time:,.0f} names/s")
    print(
        f"gazetteer.resolve_many:  {our_time:.3f} s = {N / our_time:,.0f} names/s "
        f"({base_time / our_time:.1f}x)"
    )
    print(
        f"resolved {resolved}, reported {problems} (ambiguous or unknown); "
        f"agree with baseline on {agree}, disagree on {disagree}"
    )


if __name__ == "__main__":
    main()
