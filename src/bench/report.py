"""Prints the benchmark table from the wrk outputs and the JSON of the bench endpoints."""
import json
import os
import re
import sys

out, big, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
only_cold = len(sys.argv) > 4 and sys.argv[4] == "cold"
no_cold = len(sys.argv) > 4 and sys.argv[4] == "compare"
only_boxoffice = len(sys.argv) > 4 and sys.argv[4] == "boxoffice"


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(name):
    text = open(f"{out}/wrk-{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket": errors.group(1) if errors else "none"}




def cold_starts():
    for name, label in [("cold-plain", "as before (no warm-up, no CDS)"), ("cold-warmed", "as now (warm-up, CDS archive)"),
                        ("cold-aot", "JDK 25 AOT cache + warm-up")]:
        if not os.path.exists(f"{out}/ready-{name}.txt"):
            continue
        first = wrk(f"{name}-first")["rps"]
        warm = sorted(wrk(f"{name}-warm-{r}")["rps"] for r in range(1, rounds + 1))[rounds // 2]
        ready = open(f"{out}/ready-{name}.txt").read().strip()
        print(f"cold start {label:27}: ready after {ready} s; first {first:.0f} req/s "
              f"= {first / warm:.2f}x of its warm {warm:.0f} req/s   (target >= 0.5x)")
        before = json.load(open(f"{out}/cpu-{name}-ready.json"))
        after = json.load(open(f"{out}/cpu-{name}-first.json"))
        spent = {kind: after.get(kind, 0) - before.get(kind, 0) for kind in after}
        total = sum(spent.values())
        print(f"    its CPU from launch to ready: {sum(before.values()):.1f} s, of which JIT compilers "
              f"{(before.get('jit-c1', 0) + before.get('jit-c2', 0)) / sum(before.values()):.0%}")
        print(f"    its CPU in those first seconds: {total:.1f} s, "
              + ", ".join(f"{kind} {seconds / total:.0%}" for kind, seconds in sorted(spent.items(), key=lambda kv: -kv[1])))


def box_office():
    """The section map against the one-round-trip references (interleaved rounds), and the sell-out."""
    if not os.path.exists(f"{out}/wrk-sections-1.txt"):
        return
    names = ["bo-zrank", "bo-bare-zrank", "sections"]
    rounds_ = [{name: wrk(f"{name}-{r}") for name in names} for r in range(1, rounds + 1)]
    labels_ = {"bo-zrank": "one Redis ZRANK (annotated, observed)", "bo-bare-zrank": "one Redis ZRANK, bare",
               "sections": "section map, 50,000-seat date (25 sections)"}
    print()
    print(f"{'box office':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}  socket errors")
    for name in names:
        row = sorted((r[name] for r in rounds_), key=lambda x: x["rps"])[len(rounds_) // 2]
        print(f"{labels_[name]:44} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {row['non2xx']:8d}  {row['socket']}")
    print(f"(median of {rounds} interleaved rounds)")
    for reference, what in [("bo-zrank", "one round trip (annotated, observed)"), ("bo-bare-zrank", "bare round trip")]:
        values = sorted(r["sections"]["rps"] / r[reference]["rps"] for r in rounds_)
        print(f"section map / {what:37}: {values[len(values) // 2]:.2f}x (rounds {values[0]:.2f}-{values[-1]:.2f})"
              "   (target >= 0.8x)")
    if not os.path.exists(f"{out}/sellout.json"):
        print("sell-out: no result (see the sell-out's output above)")
        return
    sale = json.load(open(f"{out}/sellout.json"))
    sql = sale["sql"]
    print(f"sell-out of {sale['seats']:,} seats, {sale['concurrency']} buyers at a time: {sale['buyers']:,} buyers, "
          f"{sale['holds']:,} holds, refused {sale['refused']}")
    print(f"  time to sell out {sale['sellOutMillis'] / 1000:.2f} s; database's limit ({sale['dbLimitUpdated']:,} bare conditional "
          f"updates, {sale['concurrency']} at a time) {sale['dbLimitMillis'] / 1000:.2f} s: ratio {sale['ratio']:.1f}x")
    print(f"  sold {sale['adminReserved']:,} + held {sale['adminHeld']:,} + free {sale['adminAvailable']:,} = {sale['adminSeats']:,}: "
          f"{'adds up' if sale['adminAddsUp'] else 'DOES NOT ADD UP'}; seats sold twice {sale['buyersSeatsSoldTwice']}; "
          f"RESERVED in exactly one PAID reservation {sql['reservedInExactlyOnePaid']:,} of {sql['reserved']:,}; "
          f"checks {'all hold' if sale['ok'] else 'FAILED'}")


if only_cold:
    cold_starts()
    sys.exit(0)
if only_boxoffice:
    box_office()
    sys.exit(0)

compared = ["const", "zrank", "bare-const", "bare-zrank", "poll", "poll-noreuse", "entry", "forged"]
by_round = [{name: wrk(f"{name}-{r}") for name in compared} for r in range(1, rounds + 1)]


def median_round(name):
    ordered = sorted((round_[name] for round_ in by_round), key=lambda row: row["rps"])
    return ordered[len(ordered) // 2]


rows = {name: median_round(name) for name in compared}
rows.update({name: wrk(name) for name in ["poll-1k", "poll-big"] if os.path.exists(f"{out}/wrk-{name}.txt")})
labels = {
    "const": "constant JSON (annotated, observed)",
    "zrank": "one Redis ZRANK (annotated, observed)",
    "bare-const": "constant JSON, bare (no observation)",
    "bare-zrank": "one Redis ZRANK, bare",
    "poll": "rank poll, 2,000 waiting",
    "poll-noreuse": "rank poll, poll reuse off",
    "entry": "queue entry, unique users",
    "forged": "poll with forged token (401)",
    "poll-1k": "rank poll, 1,000 waiting",
    "poll-big": f"rank poll, {big:,} waiting",
}
print()
print(f"{'endpoint':38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}  socket errors")
for name, row in rows.items():
    print(f"{labels[name]:38} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {row['non2xx']:8d}  {row['socket']}")



def ratio(name, reference):
    """Median over the rounds of the ratio within each round, with the spread of the rounds."""
    values = sorted(round_[name]["rps"] / round_[reference]["rps"] for round_ in by_round)
    return f"{values[len(values) // 2]:.2f}x (rounds {values[0]:.2f}-{values[-1]:.2f})"


print(f"(median of {rounds} interleaved rounds for the first {len(compared)} rows)")
print()
print(f"rank poll, reuse on  / one round trip : {ratio('poll', 'zrank')}   (target >= 1.0x)")
print(f"rank poll, reuse off / one round trip : {ratio('poll-noreuse', 'zrank')}   (target >= 0.9x)")
print(f"queue entry          / one round trip : {ratio('entry', 'zrank')}   (target >= 0.75x)")
print(f"forged 401           / constant JSON  : {ratio('forged', 'const')}   (target >= 0.6x)")
print("against the bare references (the product's hot paths have no per-request observation either):")
print(f"rank poll, reuse on  / bare round trip : {ratio('poll', 'bare-zrank')}   (target >= 1.0x)")
print(f"rank poll, reuse off / bare round trip : {ratio('poll-noreuse', 'bare-zrank')}   (target >= 0.9x)")
print(f"queue entry          / bare round trip : {ratio('entry', 'bare-zrank')}   (target >= 0.75x)")
print(f"forged 401           / bare constant   : {ratio('forged', 'bare-const')}   (target >= 0.6x)")
if not no_cold:
    cold_starts()
    box_office()
if "poll-big" not in rows:
    sys.exit(0)
print(f"poll p50 at {big:,} / at 1,000 waiting: {rows['poll-big']['p50'] / rows['poll-1k']['p50']:.2f}x, "
      f"req/s {rows['poll-big']['rps'] / rows['poll-1k']['rps']:.2f}x   (target latency within 1.5x)")
tick = json.load(open(f"{out}/tick.json"))
print(f"one admission tick moving {tick['admitted']:,} users: {tick['millis']:.1f} ms   (target < 100 ms)")
fill = json.load(open(f"{out}/fill-3-{big}.json"))
print(f"Redis memory per waiting user: {fill['bytesPerWaitingUser']:.0f} bytes "
      f"(filled {fill['users']:,} through the entry script in {fill['millis'] / 1000:.1f} s)")
print("expected non-2xx: the forged-token run (all 401); every other row should show 0")
