#!/usr/bin/env python3
"""Splits a perf profile of `rinko check` between Rinko's own code and the XSD engine.

  perf record --call-graph dwarf -o perf.data -- rinko check ...
  perf script -i perf.data -F comm,tid,ip,sym > perf.txt
  bench/perf_split.py perf.txt

Each sample is charged to its *owner*: the first frame, from the leaf up, that belongs to
`rinko` or to the engine (`xsd_schema`, `regexml_fork`). Helpers (libc malloc/free/memcpy,
core/alloc/std, hashbrown, quick-xml, sha2, encoding_rs, serde_json, kernel) are charged to
whoever called them. Rinko's share is split by module (read, encoding, route, validate, report,
schema_set, check); the engine's by schema compilation, pattern facets and validation.
Inclusive times of the pipeline stages follow.
"""

import collections
import re
import sys

STAGES_INCLUSIVE = [
    ("read: file, size limit, SHA-256 (rinko_core::read)", ("rinko_core::read::read_file", "rinko_core::read::read_bytes")),
    ("  of which SHA-256 (sha2)", ("sha2::",)),
    ("decode to UTF-8 (rinko_core::encoding::decode)", ("rinko_core::encoding::decode",)),
    ("routing pre-read (rinko_core::route::read_root)", ("rinko_core::route::read_root",)),
    ("validate (rinko_core::validate::validate, engine included)", ("rinko_core::validate::validate",)),
    ("  engine driver (drive_quick_xml_with)", ("xsd_schema::validation::quick_xml_driver::drive_quick_xml_with",)),
    ("  Rinko's event handler and sink (Handler, Sink)", ("rinko_core::validate::Handler", "rinko_core::validate::Sink")),
    ("  locating end-of-document errors (place_unplaced)", ("rinko_core::validate::place_unplaced",)),
    ("schema compilation (rinko_core::schema_set::compile)", ("rinko_core::schema_set::compile::compile",)),
    ("  labels by name (read at most once, for a finding)", ("rinko_core::schema_set::compile::ByName::read",)),
    ("report (rinko_core::report)", ("rinko_core::report::",)),
]


def crate_of(sym):
    s = sym.strip()
    while True:
        for prefix in ("<", "&mut ", "&", "dyn ", "core::ptr::drop_in_place<"):
            if s.startswith(prefix):
                s = s[len(prefix):]
                break
        else:
            break
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", s)
    return (m.group(1) if m else ""), s


def owner(stack):
    """stack: symbols, leaf first. Returns (category, owner symbol)."""
    compiling = any("rinko_core::schema_set::compile" in s or "SchemaSetBuilder" in s for s in stack)
    for sym in stack:
        crate, bare = crate_of(sym)
        if crate == "rinko_core":
            parts = bare.split("::")
            module = parts[1] if len(parts) > 2 else "lib"
            return f"Rinko: {module}", sym
        if crate == "regexml_fork":
            return "engine: pattern facets (regexml)", sym
        if crate == "xsd_schema":
            return ("engine: schema compilation" if compiling else "engine: validation (incl. its XML reader)"), sym
    leaf = stack[0] if stack else "?"
    if any(k in s for s in stack for k in ("_start", "thread_start", "clone3", "main")):
        return "outside Rust code (loader, kernel, threads)", leaf
    # A leaf in libc (malloc, free, memcpy) whose callers perf could not unwind.
    return "unattributed (call stack not unwound)", leaf


def samples(path):
    stack = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield stack
                stack = []
                continue
            if not line.startswith((" ", "\t")):
                if stack:
                    yield stack
                stack = []
                continue
            parts = line.strip().split(None, 1)
            sym = parts[1] if len(parts) > 1 else "[unknown]"
            sym = re.sub(r"\s+\(.*\)$", "", sym)
            stack.append(sym)
    if stack:
        yield stack


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    total = 0
    cats = collections.Counter()
    owners = collections.defaultdict(collections.Counter)
    leaves = collections.defaultdict(collections.Counter)
    inclusive = collections.Counter()
    for stack in samples(sys.argv[1]):
        total += 1
        cat, sym = owner(stack)
        cats[cat] += 1
        owners[cat][sym] += 1
        leaves[cat][stack[0]] += 1
        for label, needles in STAGES_INCLUSIVE:
            if any(n in s for s in stack for n in needles):
                inclusive[label] += 1
    if not total:
        sys.exit("no samples")
    pct = lambda n: 100.0 * n / total
    rinko = sum(n for c, n in cats.items() if c.startswith("Rinko"))
    engine = sum(n for c, n in cats.items() if c.startswith("engine"))
    lost = cats["unattributed (call stack not unwound)"]
    print(f"   {total} samples")
    print(f"   Rinko's own code {pct(rinko):5.1f} %   engine {pct(engine):5.1f} %   other {pct(total - rinko - engine):5.1f} %")
    if lost:
        both = rinko + engine
        print(f"   ({pct(lost):.1f} % of the samples could not be unwound; of the attributed Rust time, "
              f"Rinko {100.0 * rinko / both:.1f} %, engine {100.0 * engine / both:.1f} %)")
    print("   by owner (self time of the owner and of the helpers it called, e.g. malloc):")
    for cat, n in cats.most_common():
        print(f"     {pct(n):5.1f} %  {cat}")
    print("   pipeline stages, inclusive:")
    for label, _ in STAGES_INCLUSIVE:
        print(f"     {pct(inclusive[label]):5.1f} %  {label}")
    for cat, _ in cats.most_common():
        if cat.startswith(("outside", "unattributed")):
            continue
        print(f"   top owners in '{cat}':")
        for sym, n in owners[cat].most_common(6):
            print(f"     {pct(n):5.1f} %  {sym[:150]}")
    print("   top leaf functions overall (where the CPU actually is):")
    allleaves = collections.Counter()
    for c in leaves.values():
        allleaves.update(c)
    for sym, n in allleaves.most_common(12):
        print(f"     {pct(n):5.1f} %  {sym[:150]}")


if __name__ == "__main__":
    main()
