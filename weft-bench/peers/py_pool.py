"""CPython's thread and process pools, measured the way dev.weft.bench.PoolMain measures Weft's.

    python3 py_pool.py scaling LIMIT [ROUNDS]
    python3 py_pool.py roundtrip TASKS [ROUNDS]
    python3 py_pool.py startup [ROUNDS]

scaling:   count the primes below LIMIT by trial division in 128 ranges: sequentially, with 2 threads
           (concurrent.futures.ThreadPoolExecutor.map) and with 2 processes (multiprocessing.Pool.map,
           chunksize 1), pools opened once and warmed by one round; processes_cold also times opening
           and closing a fresh Pool around one round.
roundtrip: a function returning its argument, through ProcessPoolExecutor (submit().result() one at a
           time, then TASKS submitted and all waited for), multiprocessing.Pool (apply, then apply_async
           of TASKS) and ThreadPoolExecutor (both ways).
startup:   a child process started and its first message received over a Pipe, with the 'fork' and
           the 'spawn' start methods.

Each figure is the median of ROUNDS (default 5) rounds. Prints one line of key=value; the keys mirror
PoolMain's. run-pool-peers.sh runs both.
"""
import multiprocessing as mp
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait

RANGES = 128


def is_prime(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(rng):
    lo, hi = rng
    return sum(1 for n in range(max(2, lo), hi) if is_prime(n))


def ranges(limit):
    return [(limit * i // RANGES, limit * (i + 1) // RANGES) for i in range(RANGES)]


def median_ms(rounds, work, expected):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        got = work()
        times.append((time.perf_counter() - t0) * 1e3)
        if got != expected:
            raise AssertionError(f"got {got}, expected {expected}")
    return statistics.median(times)


def scaling(limit, rounds):
    rs = ranges(limit)
    expected = sum(map(count_primes, rs))
    seq = median_ms(rounds, lambda: sum(map(count_primes, rs)), expected)
    with ThreadPoolExecutor(2) as ex:
        sum(ex.map(count_primes, rs))
        threads = median_ms(rounds, lambda: sum(ex.map(count_primes, rs)), expected)
    with mp.Pool(2) as pool:
        sum(pool.map(count_primes, rs, chunksize=1))
        processes = median_ms(rounds, lambda: sum(pool.map(count_primes, rs, chunksize=1)), expected)

    def cold():
        with mp.Pool(2) as pool:
            return sum(pool.map(count_primes, rs, chunksize=1))

    processes_cold = median_ms(max(1, rounds // 2), cold, expected)
    print(f"py-scaling {sys.version.split()[0]} limit={limit} primes={expected} seq_ms={seq:.1f} "
          f"threads_ms={threads:.1f} processes_ms={processes:.1f} processes_cold_ms={processes_cold:.1f} "
          f"threads_x={seq / threads:.3f} processes_x={seq / processes:.3f} processes_cold_x={seq / processes_cold:.3f}")


def identity(x):
    return x


def median_us(rounds, tasks, work):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1e6 / tasks)
    return statistics.median(times)


def executor_one_by_one(ex, tasks):
    for i in range(tasks):
        ex.submit(identity, i).result()


def executor_batch(ex, tasks):
    futures = [ex.submit(identity, i) for i in range(tasks)]
    wait(futures)
    for f in futures:
        f.result()


def pool_one_by_one(pool, tasks):
    for i in range(tasks):
        pool.apply(identity, (i,))


def pool_batch(pool, tasks):
    results = [pool.apply_async(identity, (i,)) for i in range(tasks)]
    for r in results:
        r.get()


def roundtrip(tasks, rounds):
    out = {}
    with ProcessPoolExecutor(2) as ex:
        executor_one_by_one(ex, 1000)
        out["ppe_seq_us"] = median_us(rounds, tasks, lambda: executor_one_by_one(ex, tasks))
        executor_batch(ex, 1000)
        out["ppe_batch_us"] = median_us(rounds, tasks, lambda: executor_batch(ex, tasks))
    with mp.Pool(2) as pool:
        pool_one_by_one(pool, 1000)
        out["mp_pool_seq_us"] = median_us(rounds, tasks, lambda: pool_one_by_one(pool, tasks))
        pool_batch(pool, 1000)
        out["mp_pool_batch_us"] = median_us(rounds, tasks, lambda: pool_batch(pool, tasks))
    with ThreadPoolExecutor(2) as ex:
        executor_one_by_one(ex, 1000)
        out["tpe_seq_us"] = median_us(rounds, tasks, lambda: executor_one_by_one(ex, tasks))
        executor_batch(ex, 1000)
        out["tpe_batch_us"] = median_us(rounds, tasks, lambda: executor_batch(ex, tasks))
    print(f"py-roundtrip {sys.version.split()[0]} tasks={tasks} "
          + " ".join(f"{k}={v:.2f}" for k, v in out.items()))


def child(conn):
    conn.send(1)
    conn.close()


def first_message_ms(method, rounds):
    ctx = mp.get_context(method)
    times = []
    for _ in range(rounds):
        parent, kid = ctx.Pipe()
        t0 = time.perf_counter()
        p = ctx.Process(target=child, args=(kid,))
        p.start()
        parent.recv()
        times.append((time.perf_counter() - t0) * 1e3)
        p.join()
    return statistics.median(times)


def startup(rounds):
    fork = first_message_ms("fork", rounds)
    spawn = first_message_ms("spawn", rounds)
    print(f"py-startup {sys.version.split()[0]} fork_ms={fork:.1f} spawn_ms={spawn:.1f}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    mode = sys.argv[1]
    rounds = lambda i, d: int(sys.argv[i]) if len(sys.argv) > i else d
    if mode == "scaling" and len(sys.argv) > 2:
        scaling(int(sys.argv[2]), rounds(3, 5))
    elif mode == "roundtrip" and len(sys.argv) > 2:
        roundtrip(int(sys.argv[2]), rounds(3, 5))
    elif mode == "startup":
        startup(rounds(2, 5))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
