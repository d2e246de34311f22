#!/usr/bin/env python3
"""The CPython side of `weft bench --compare-python`.

The same four classes of work as Weft's bench (CPU: primes by trial division; I/O: 4 ms timer
waits; memory: pointer chasing through 64 MiB; cache: random reads within 1.5 MiB), run
sequentially, on a threading pool, on a multiprocessing pool and as asyncio tasks, at each
parallelism level. Prints tab-separated lines:

    VERSION <python version>
    ROW     <class> <mode> <parallelism> <seconds>

Units per job are set so that one class's batch takes about --target seconds sequentially.
"""
import argparse
import array
import asyncio
import multiprocessing
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

CHAIN_BYTES = 64 << 20
TABLE_SLOTS = 384 << 10
CHAIN = None
TABLE = None
INDEXES = None


def count_primes(lo, hi):
    count = 0
    for n in range(lo | 1, hi, 2):
        d = 3
        prime = True
        while d * d <= n:
            if n % d == 0:
                prime = False
                break
            d += 2
        if prime:
            count += 1
    return count


def build_data():
    global CHAIN, TABLE, INDEXES
    rng = random.Random(11)
    lines = CHAIN_BYTES // 64
    order = list(range(lines))
    rng.shuffle(order)
    CHAIN = array.array('i', bytes(CHAIN_BYTES))
    for i in range(lines):
        CHAIN[order[i] * 16] = order[(i + 1) % lines] * 16
    TABLE = array.array('i', range(TABLE_SLOTS))
    INDEXES = array.array('i', (rng.randrange(TABLE_SLOTS) for _ in range(20_000)))


def unit(cls, i):
    if cls == 'CPU':
        lo = 1_000_001 + 2_000 * (i % 500)
        return count_primes(lo, lo + 2_000)
    if cls == 'IO':
        time.sleep(0.004)
        return 0
    if cls == 'MEMORY':
        p = ((i * 104_729) % (CHAIN_BYTES // 64)) * 16
        chain = CHAIN
        for _ in range(2_000):
            p = chain[p]
        return p
    table = TABLE
    return sum(table[j] for j in INDEXES)


def job(spec):
    cls, units, index = spec
    for u in range(units):
        unit(cls, index * units + u)
    return index


async def ajob(cls, units, queue):
    while queue:
        index = queue.pop()
        for u in range(units):
            if cls == 'IO':
                await asyncio.sleep(0.004)
            else:
                unit(cls, index * units + u)


async def run_asyncio(cls, units, jobs, parallelism):
    queue = list(range(jobs))
    await asyncio.gather(*(ajob(cls, units, queue) for _ in range(parallelism)))


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--levels', default='1,2,4,8')
    parser.add_argument('--jobs', type=int, default=16)
    parser.add_argument('--target', type=float, default=0.25)
    args = parser.parse_args()
    levels = [int(p) for p in args.levels.split(',')]
    build_data()
    print('VERSION\t%s' % sys.version.split()[0], flush=True)
    ctx = multiprocessing.get_context('fork')
    for cls in ('CPU', 'IO', 'MEMORY', 'CACHE'):
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < 0.1:
            unit(cls, n)
            n += 1
        per_unit = (time.perf_counter() - start) / n
        units = max(1, round(args.target / args.jobs / per_unit))
        specs = [(cls, units, i) for i in range(args.jobs)]
        print('ROW\t%s\tsequential\t1\t%.6f' % (cls, timed(lambda: [job(s) for s in specs])), flush=True)
        for p in levels:
            with ThreadPoolExecutor(p) as pool:
                list(pool.map(job, [(cls, 1, i) for i in range(p)]))
                print('ROW\t%s\tthreading\t%d\t%.6f' % (cls, p, timed(lambda: list(pool.map(job, specs)))), flush=True)
            with ctx.Pool(p) as pool:
                pool.map(job, [(cls, 1, i) for i in range(p)])
                print('ROW\t%s\tmultiprocessing\t%d\t%.6f' % (cls, p, timed(lambda: pool.map(job, specs))), flush=True)
            seconds = timed(lambda: asyncio.run(run_asyncio(cls, units, args.jobs, p)))
            print('ROW\t%s\tasyncio\t%d\t%.6f' % (cls, p, seconds), flush=True)


if __name__ == '__main__':
    main()
