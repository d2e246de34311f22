"""Spawn time and memory of N idle asyncio tasks, each waiting on one shared Event.

    python3 py_spawn.py N [uvloop]

The root coroutine creates N tasks, yields once so each runs up to `await event.wait()`, then
reads VmRSS from /proc/self/status (after gc.collect()); it sets the event and gathers them.
Prints one line:
    py-asyncio[+uvloop] VERSION n=N spawn_us/task=… rss_bytes/task=… wake+finish_us/task=… rss_total_MB=…
Weft's counterpart is dev.weft.bench.SpawnMain; run-peers.sh runs both.
"""
import asyncio
import gc
import sys
import time


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return -1


async def root(n, label):
    go = asyncio.Event()

    async def waiter():
        await go.wait()

    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # every task runs once, up to go.wait()
    t1 = time.perf_counter()
    gc.collect()
    rss1 = rss_bytes()
    go.set()
    await asyncio.gather(*tasks)
    t2 = time.perf_counter()
    print(f"{label} {sys.version.split()[0]} n={n} spawn_us/task={(t1 - t0) / n * 1e6:.2f} "
          f"rss_bytes/task={(rss1 - rss0) / n:.0f} wake+finish_us/task={(t2 - t1) / n * 1e6:.2f} "
          f"rss_total_MB={rss1 / 2**20:.0f}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    with_uvloop = len(sys.argv) > 2 and sys.argv[2] == "uvloop"
    if with_uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(root(n, "py-asyncio+uvloop" if with_uvloop else "py-asyncio"))


if __name__ == "__main__":
    main()
