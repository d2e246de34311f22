// Spawn time and memory of N idle async functions, each awaiting one shared promise.
//   node --expose-gc node_spawn.js N
// Starts N async functions (each runs synchronously up to its `await gate`), lets the loop turn
// once, reads RSS after a full GC, then resolves the gate and awaits them all. Prints one line:
//   node VERSION n=N spawn_us/task=… rss_bytes/task=… wake+finish_us/task=… rss_total_MB=…
'use strict';
const n = Number(process.argv[2]);
if (!(n > 0) || typeof global.gc !== 'function') {
  console.error('usage: node --expose-gc node_spawn.js N');
  process.exit(2);
}
const rss = () => process.memoryUsage().rss;

(async () => {
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  global.gc();
  const rss0 = rss();
  const t0 = process.hrtime.bigint();
  const waiters = new Array(n);
  for (let i = 0; i < n; i++) waiters[i] = (async () => { await gate; })();
  await new Promise((resolve) => setImmediate(resolve));
  const t1 = process.hrtime.bigint();
  global.gc();
  const rss1 = rss();
  open();
  await Promise.all(waiters);
  const t2 = process.hrtime.bigint();
  console.log(`node ${process.version} n=${n} spawn_us/task=${(Number(t1 - t0) / n / 1e3).toFixed(2)} ` +
    `rss_bytes/task=${((rss1 - rss0) / n).toFixed(0)} wake+finish_us/task=${(Number(t2 - t1) / n / 1e3).toFixed(2)} ` +
    `rss_total_MB=${(rss1 / 1048576).toFixed(0)}`);
})();
