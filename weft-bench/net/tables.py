"""Markdown tables from one run of weft-bench/net/run.sh: python3 tables.py RUN.tsv

Each figure is from one row of that run; a * marks a row during which other processes used
more than 0.2 of a core (foreign_cores), so read it with care."""
import re
import sys

ECHO_ORDER = ["c-epoll", "java-nio", "netty-nio", "netty-epoll", "weft", "uvloop-protocol", "py-protocol",
              "node-net", "uvloop-streams", "py-streams"]
HTTP_ORDER = ["java-nio-http", "netty-nio-http", "netty-epoll-http", "weft-http", "node-http", "uvloop-http", "py-http"]


def kv(text):
    return dict(re.findall(r"(\w+)=([^\s]+)", text))


def num(d, k):
    try:
        return float(d[k])
    except (KeyError, ValueError):
        return None


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def wrk_us(s):
    m = re.match(r"([\d.]+)(us|ms|s)$", s or "")
    return float(m[1]) * {"us": 1, "ms": 1e3, "s": 1e6}[m[2]] if m else None


rows, skipped = {}, {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) < 3:
        continue
    if f[1] == "skipped":
        skipped[f[0]] = f[2]
        continue
    d = kv(f[2])
    d["busy"] = "*" if (num(d, "foreign_cores") or 0) > 0.2 else ""
    key = (f[1], int(d.get("conns", 0)), int(d.get("size", 0)))
    rows.setdefault(key, {})[f[0]] = d


def echo_tables(tag, title):
    cfgs = sorted({(c, s) for (t, c, s) in rows if t == tag})
    if not cfgs:
        return
    names = [n for n in ECHO_ORDER if any(n in rows[(tag, c, s)] for c, s in cfgs)]
    head = " | ".join(f"C={c} {'16K' if s >= 1024 else s}B" for c, s in cfgs)
    print(f"\n### {title}: server CPU µs per message (× the C server's)\n")
    print(f"| server | {head} |\n|---|" + "---|" * len(cfgs))
    for n in names:
        cells = []
        for c, s in cfgs:
            d, ref = rows[(tag, c, s)].get(n), rows[(tag, c, s)].get("c-epoll")
            us, base = (num(d, "server_us_per_req") if d else None), (num(ref, "server_us_per_req") if ref else None)
            ratio = f" ({us / base:.2f}×)" if us and base else ""
            cells.append(f"{fmt(us, '.2f')}{ratio}{d['busy'] if d else ''}")
        print(f"| {n} | " + " | ".join(cells) + " |")
    print(f"\n### {title}: thousands of messages/s, p50/p99 latency µs, server RSS MB\n")
    print(f"| server | {head} | RSS MB |\n|---|" + "---|" * (len(cfgs) + 1))
    for n in names:
        cells, rss = [], 0
        for c, s in cfgs:
            d = rows[(tag, c, s)].get(n)
            if not d:
                cells.append("-")
                continue
            cells.append(f"{fmt((num(d, 'rps') or 0) / 1000, '.0f')}k, {fmt(num(d, 'p50_us'), '.0f')}/{fmt(num(d, 'p99_us'), '.0f')}")
            rss = max(rss, (num(d, "server_rss_kb") or 0) / 1024)
        print(f"| {n} | " + " | ".join(cells) + f" | {rss:.0f} |")


def http_table():
    cfgs = sorted({c for (t, c, s) in rows if t == "http"})
    if not cfgs:
        return
    names = [n for n in HTTP_ORDER if any(n in rows[("http", c, 0)] for c in cfgs)]
    print("\n### HTTP/1.1 hello (wrk, 1 thread, keep-alive): server CPU µs per request (× Netty NIO's), "
          "thousands of requests/s, p50/p99 ms\n")
    print("| server | " + " | ".join(f"C={c}" for c in cfgs) + " | RSS MB |\n|---|" + "---|" * (len(cfgs) + 1))
    for n in names:
        cells, rss = [], 0
        for c in cfgs:
            d, ref = rows[("http", c, 0)].get(n), rows[("http", c, 0)].get("netty-nio-http")
            if not d:
                cells.append("-")
                continue
            us, base = num(d, "server_us_per_req"), num(ref, "server_us_per_req") if ref else None
            ratio = f" ({us / base:.2f}×)" if us and base else ""
            p50, p99 = wrk_us(d.get("p50")), wrk_us(d.get("p99"))
            errs = " errors" if "errors" in " ".join(d) or "Non-2xx" in str(d) else ""
            cells.append(f"{fmt(us, '.2f')}{ratio}, {fmt((num(d, 'rps') or 0) / 1000, '.0f')}k, "
                         f"{fmt(p50 and p50 / 1000, '.2f')}/{fmt(p99 and p99 / 1000, '.2f')}{d['busy']}{errs}")
            rss = max(rss, (num(d, "server_rss_kb") or 0) / 1024)
        print(f"| {n} | " + " | ".join(cells) + f" | {rss:.0f} |")


echo_tables("depth1", "Echo ping-pong (one message in flight per connection)")
echo_tables("depth16", "Echo pipelined (16 messages in flight per connection)")
http_table()
for n, why in skipped.items():
    print(f"\nskipped {n}: {why}")
print("\n* other processes used more than 0.2 of a core during that row (foreign_cores in the raw lines).")
