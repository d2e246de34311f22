"""Switch cost of Python's event loops: TASKS coroutines, each giving up the loop ITERS times.

    python3 py_switch.py {asyncio|uvloop|trio} TASKS ITERS [ROUNDS]

`await asyncio.sleep(0)` (`trio.sleep(0)` for trio) is the Python spelling of Weft.yieldNow().
One warm-up round, then ROUNDS (default 5); each round builds a fresh loop and times, inside the
root coroutine, the start of all workers through the end of the last. Prints one line:
    py-KIND VERSION n=TASKS iters=ITERS ns/switch median=X min=Y max=Z
Weft's counterpart is dev.weft.bench.SwitchMain; run-peers.sh runs both.
"""
import statistics
import sys
import time


def asyncio_round(tasks, iters, with_uvloop):
    import asyncio

    async def worker():
        for _ in range(iters):
            await asyncio.sleep(0)

    async def root():
        start = time.perf_counter_ns()
        await asyncio.gather(*(worker() for _ in range(tasks)))
        return time.perf_counter_ns() - start

    if with_uvloop:
        import uvloop
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(root())
    finally:
        loop.close()


def trio_round(tasks, iters):
    import trio

    async def worker():
        for _ in range(iters):
            await trio.sleep(0)

    async def root():
        start = time.perf_counter_ns()
        async with trio.open_nursery() as nursery:
            for _ in range(tasks):
                nursery.start_soon(worker)
        return time.perf_counter_ns() - start

    return trio.run(root)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    kind, tasks, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    if kind not in ("asyncio", "uvloop", "trio"):
        sys.exit(f"unknown kind {kind!r}: asyncio, uvloop or trio")
    per_switch = []
    for r in range(rounds + 1):
        if kind == "trio":
            ns = trio_round(tasks, iters)
        else:
            ns = asyncio_round(tasks, iters, kind == "uvloop")
        if r > 0:  # round 0 warms up
            per_switch.append(ns / (tasks * iters))
    print(f"py-{kind} {sys.version.split()[0]} n={tasks} iters={iters} ns/switch "
          f"median={statistics.median(per_switch):.1f} min={min(per_switch):.1f} max={max(per_switch):.1f}")


if __name__ == "__main__":
    main()
