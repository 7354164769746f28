"""Markdown report of bench/ike/run.sh: medians per responder and N, oakley/charon ratios, the
flood variant. Input: runs.tsv as run.sh writes it (one line per run)."""
import json
import statistics
import sys

FIELDS = ["kind", "n", "variant", "established", "failed", "rate", "seconds", "cpu_s", "rss0",
          "rss1", "responder_count", "p50", "p99", "flood_rate", "flood_sent", "share", "failures"]
LABEL = {"oakley": "oakleyd", "charon": "charon 5.9.8 (kernel-libipsec)"}


def load(path):
    rows = []
    for line in open(path):
        if not line.strip():
            continue
        r = dict(zip(FIELDS, line.rstrip("\n").split("\t")))
        for k in ("n", "established", "failed", "rss0", "rss1", "responder_count", "flood_sent"):
            r[k] = int(r[k])
        for k in ("rate", "seconds", "cpu_s", "p50", "p99", "flood_rate", "share"):
            r[k] = float(r[k])
        r["cpu_ms_per_sa"] = r["cpu_s"] * 1000 / max(r["established"], 1)
        r["kb_per_sa"] = (r["rss1"] - r["rss0"]) / max(r["established"], 1)
        rows.append(r)
    return rows


def med(rows, key):
    return statistics.median(r[key] for r in rows) if rows else 0.0


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def plain_table(rows, kinds, counts):
    out = ["| N | responder | runs | SAs/s | CPU ms per SA | RSS kB per SA | RSS idle → loaded MB | "
           "latency p50 / p99 ms | failed SAs |",
           "|---:|---|---:|---:|---:|---:|---|---|---:|"]
    medians = {}
    for n in counts:
        for kind in kinds:
            rs = [r for r in rows if r["kind"] == kind and r["n"] == n and r["variant"] == "plain"]
            if not rs:
                continue
            m = {k: med(rs, k) for k in ("rate", "cpu_ms_per_sa", "kb_per_sa", "rss0", "rss1",
                                          "p50", "p99")}
            medians[(kind, n)] = m
            out.append(f"| {n} | {LABEL.get(kind, kind)} | {len(rs)} | {m['rate']:.0f} | "
                       f"{m['cpu_ms_per_sa']:.3f} | {m['kb_per_sa']:.1f} | "
                       f"{m['rss0'] / 1024:.1f} → {m['rss1'] / 1024:.1f} | "
                       f"{m['p50']:.0f} / {m['p99']:.0f} | {sum(r['failed'] for r in rs)} |")
        if ("oakley", n) in medians and ("charon", n) in medians:
            o, c = medians[("oakley", n)], medians[("charon", n)]
            out.append(f"| {n} | **oakleyd / charon** | | **{ratio(o['rate'], c['rate'])}** | "
                       f"**{ratio(o['cpu_ms_per_sa'], c['cpu_ms_per_sa'])}** | "
                       f"**{ratio(o['kb_per_sa'], c['kb_per_sa'])}** | | | |")
    return out, medians


def flood_table(rows, kinds, medians):
    out = ["| responder | runs | SAs | spoofed IKE_SA_INIT/s asked (sent) | spoofed share | "
           "legit SAs/s under flood | without flood | CPU ms per legit SA | failed SAs |",
           "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for kind in kinds:
        rs = [r for r in rows if r["kind"] == kind and r["variant"] == "flood"]
        if not rs:
            continue
        n = rs[0]["n"]
        base = medians.get((kind, n), {}).get("rate", 0)
        sent_per_s = med([dict(x=r["flood_sent"] / r["seconds"]) if r["seconds"] else dict(x=0)
                          for r in rs], "x")
        out.append(f"| {LABEL.get(kind, kind)} | {len(rs)} | {n} | {med(rs, 'flood_rate'):.0f} "
                   f"({sent_per_s:.0f}) | {med(rs, 'share'):.0%} | {med(rs, 'rate'):.0f} | "
                   f"{base:.0f} | {med(rs, 'cpu_ms_per_sa'):.3f} | "
                   f"{sum(r['failed'] for r in rs)} |")
    return out


def main():
    rows = load(sys.argv[1])
    cmd, up0, up1, concurrency = sys.argv[2:6]
    kinds = [k for k in ("oakley", "charon") if any(r["kind"] == k for r in rows)]
    counts = sorted({r["n"] for r in rows if r["variant"] == "plain"})
    plain, medians = plain_table(rows, kinds, counts)
    print("\n".join(plain))
    if any(r["variant"] == "flood" for r in rows):
        print()
        print("Half-open flood (spoofed sources from 198.18.0.0/16, same concurrency):")
        print()
        print("\n".join(flood_table(rows, kinds, medians)))
    failures = {}
    for r in rows:
        for reason, n in json.loads(r["failures"]).items():
            failures[f"{r['kind']}: {reason}"] = failures.get(f"{r['kind']}: {reason}", 0) + n
    if failures:
        print()
        print("Failures: " + "; ".join(f"{k} ×{v}" for k, v in sorted(failures.items())))
    print()
    print(f"Command: `{cmd.strip()}` (medians; C = {concurrency}; oakload and the responder share "
          f"the machine's cores).  ")
    print(f"`uptime` before: `{up0.strip()}`  ")
    print(f"`uptime` after: `{up1.strip()}`")


if __name__ == "__main__":
    main()
