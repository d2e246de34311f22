// Switch cost of Node: TASKS async functions, each giving up control ITERS times.
//   node node_switch.js {promise|immediate} TASKS ITERS [ROUNDS]
// promise:   `await Promise.resolve()` - a microtask; it never goes back to the event loop.
// immediate: `await new Promise(r => setImmediate(r))` - one trip through the loop's check phase,
//            the closer match to asyncio.sleep(0) and Weft.yieldNow().
// One warm-up round, then ROUNDS (default 5). Prints one line:
//   node-KIND VERSION n=TASKS iters=ITERS ns/switch median=X min=Y max=Z
'use strict';
const [kind, tasksArg, itersArg, roundsArg] = process.argv.slice(2);
if (kind !== 'promise' && kind !== 'immediate') {
  console.error('usage: node node_switch.js {promise|immediate} TASKS ITERS [ROUNDS]');
  process.exit(2);
}
const tasks = Number(tasksArg), iters = Number(itersArg), rounds = Number(roundsArg || 5);
const giveUp = kind === 'promise'
  ? () => Promise.resolve()
  : () => new Promise((resolve) => setImmediate(resolve));

async function worker() {
  for (let i = 0; i < iters; i++) await giveUp();
}

async function oneRound() {
  const start = process.hrtime.bigint();
  const all = [];
  for (let t = 0; t < tasks; t++) all.push(worker());
  await Promise.all(all);
  return Number(process.hrtime.bigint() - start);
}

(async () => {
  const perSwitch = [];
  for (let r = 0; r <= rounds; r++) {
    const ns = await oneRound();
    if (r > 0) perSwitch.push(ns / (tasks * iters)); // round 0 warms up
  }
  perSwitch.sort((a, b) => a - b);
  const median = perSwitch[Math.floor(perSwitch.length / 2)];
  console.log(`node-${kind} ${process.version} n=${tasks} iters=${iters} ns/switch median=${median.toFixed(1)} ` +
    `min=${perSwitch[0].toFixed(1)} max=${perSwitch[perSwitch.length - 1].toFixed(1)}`);
})();
