// The grid-worker mix (bench/README.md): many different grid workers, each request as one of them —
// GET /api/me/tasks, POST /api/events (own Idempotency-Key; a small photo in a fraction),
// POST /api/visits for a household of that worker's grid.
//
//   node bench/grid.mjs --workers FILE --rate 500 --duration 30     open loop at a fixed arrival rate
//   node bench/grid.mjs --workers FILE --concurrency 16 --duration 20   closed loop: the mix's max throughput
//   … --timeline    also prints, per second of the run, requests/slowest ms/how many over 200 ms
//                   (to tell a steady queue from a few stalls when the p99 is high)
//
// FILE: JSON array of { user, token, grid, households: [id, …] } (bench/run.sh writes it).
// Open loop: requests are started on a fixed schedule whether or not earlier ones have answered,
// and latency is measured from the scheduled start (no coordinated omission: a stall shows up in
// the percentiles instead of silently lowering the rate). wrk2 is not available here; autocannon's
// rate limit sends each connection's share in a burst at the start of every second.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc, []));
const url = new URL(args.url ?? 'http://127.0.0.1:5400');
const workers = JSON.parse(fs.readFileSync(args.workers, 'utf8')).filter(w => w.token);
const rate = Number(args.rate ?? 0);
const concurrency = Number(args.concurrency ?? 0);
const duration = Number(args.duration ?? 30) * 1000;
const [pTasks, pEvents] = (args.mix ?? '50,25,25').split(',').map(Number);
const photoShare = Number(args['photo-share'] ?? 5);
const label = args.label ?? (rate ? `rate${rate}` : `c${concurrency}`);
const seed = Number(args.seed ?? 1);
const timeline = args.timeline === 'true' ? [] : null;
if (!workers.length || (!rate && !concurrency)) {
  console.error('usage: grid.mjs --workers FILE (--rate N | --concurrency N) [--duration S] [--mix 50,25,25] [--url U]');
  process.exit(64);
}

// Items of the event taxonomy (not the dispute ones: those are cases' business at the window).
const here = path.dirname(fileURLToPath(import.meta.url));
const items = fs.readFileSync(path.join(here, '../src/Concord.Domain/Events/taxonomy.tsv'), 'utf8').split('\n')
  .map(l => l.split('\t')).filter(f => f[0] === 'item' && !f[1].startsWith('10')).map(f => ({ code: f[1], name: f[2] }));
// The smallest valid JPEG (a 1×1 grey pixel): photo checks look at magic bytes and size.
const photo = { fileName: 'xianchang.jpg', contentBase64: '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=' };
const findings = ['家中一切正常，无矛盾纠纷。', '宣传防范电信诈骗知识，发放宣传资料。', '邻里关系和睦，未发现安全隐患。', '检查用电用气安全，提醒及时更换老化电线。'];
const spots = ['菜市场', '小学门口', '村部广场', '公交站', '桥头', '小区东门'];

let state = seed >>> 0;
const rnd = n => { state = (state * 1664525 + 1013904223) >>> 0; return state % n; };
const run = `${Date.now().toString(36)}-${process.pid}`;
let counter = 0;

function next() {
  const w = workers[rnd(workers.length)];
  const roll = rnd(100);
  const headers = { Authorization: `Bearer ${w.token}`, Accept: 'application/json' };
  if (roll < pTasks || (roll >= pTasks + pEvents && !w.households?.length)) {
    return { kind: 'tasks', method: 'GET', path: '/api/me/tasks', headers };
  }
  headers['Content-Type'] = 'application/json';
  headers['Idempotency-Key'] = `${run}-${++counter}`;
  if (roll < pTasks + pEvents) {
    const item = items[rnd(items.length)];
    const spot = spots[rnd(spots.length)];
    const body = {
      itemCode: item.code,
      text: `巡查发现${spot}附近${item.name}，请及时处置。`,
      regionCode: w.grid,
      latitude: 31 + rnd(100000) / 100000, longitude: 117 + rnd(100000) / 100000,
      address: `${spot}旁${1 + rnd(200)}号`,
      photos: rnd(100) < photoShare ? [photo] : undefined,
    };
    return { kind: 'event', method: 'POST', path: '/api/events', headers, body: JSON.stringify(body) };
  }
  const body = {
    householdId: w.households[rnd(w.households.length)], kind: 'daily',
    latitude: 31 + rnd(100000) / 100000, longitude: 117 + rnd(100000) / 100000, accuracy: 5 + rnd(40),
    findings: findings[rnd(findings.length)], followUpNeeded: false,
  };
  return { kind: 'visit', method: 'POST', path: '/api/visits', headers, body: JSON.stringify(body) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const stats = {};
const record = (kind, ms, status) => {
  const s = stats[kind] ??= { lat: [], codes: {} };
  s.lat.push(ms);
  s.codes[status] = (s.codes[status] ?? 0) + 1;
};

function send(r, scheduled) {
  return new Promise(resolve => {
    const started = performance.now();
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent }, res => {
      res.resume();
      res.on('end', () => {
        const end = performance.now();
        record(r.kind, end - (scheduled ?? started), res.statusCode);
        timeline?.push([Math.floor(((scheduled ?? started) - t0) / 1000), end - (scheduled ?? started)]);
        if (res.statusCode >= 400 && (stats[r.kind].codes[res.statusCode] ?? 0) <= 3) {
          console.error(`${r.kind} ${r.method} ${r.path} -> ${res.statusCode}`);
        }
        resolve();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => { record(r.kind, performance.now() - (scheduled ?? started), 'error'); resolve(); });
    if (r.body) req.write(r.body);
    req.end();
  });
}

const t0 = performance.now();
const startedAt = new Date();
let sent = 0;
if (rate) {
  // Open loop: request i is due at t0 + i / rate; a timer tick starts all that are due.
  const pending = new Set();
  await new Promise(resolve => {
    const tick = () => {
      const now = performance.now();
      while (t0 + (sent * 1000) / rate <= now && sent * 1000 / rate < duration) {
        const p = send(next(), t0 + (sent * 1000) / rate);
        pending.add(p); p.then(() => pending.delete(p));
        sent++;
      }
      if (sent * 1000 / rate >= duration) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all([...pending]);
} else {
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() - t0 < duration) { await send(next()); sent++; }
  }));
}
const elapsed = (performance.now() - t0) / 1000;

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] : NaN;
const line = (name, lat, codes) => {
  const sorted = Float64Array.from(lat).sort();
  const ok = Object.entries(codes).filter(([c]) => c >= 200 && c < 300).reduce((a, [, n]) => a + n, 0);
  const bad = Object.entries(codes).filter(([c]) => !(c >= 200 && c < 300)).map(([c, n]) => `${c}:${n}`).join(',') || '-';
  return `${name} n=${lat.length} rps=${(lat.length / elapsed).toFixed(1)} p50_ms=${pct(sorted, 50).toFixed(1)} p90_ms=${pct(sorted, 90).toFixed(1)} p99_ms=${pct(sorted, 99).toFixed(1)} max_ms=${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ok=${ok} errors=${bad}`;
};
const all = Object.values(stats).flatMap(s => s.lat);
const allCodes = {};
for (const s of Object.values(stats)) for (const [c, n] of Object.entries(s.codes)) allCodes[c] = (allCodes[c] ?? 0) + n;
console.log(`RESULT ${line(`mix-${label}`, all, allCodes)}`);
if (timeline) {
  const bySecond = new Map();
  for (const [second, ms] of timeline) {
    const b = bySecond.get(second) ?? { n: 0, max: 0, slow: 0 };
    b.n++; b.max = Math.max(b.max, ms); if (ms > 200) b.slow++;
    bySecond.set(second, b);
  }
  console.log(`  timeline from ${startedAt.toISOString()} (second: requests/max ms/over 200 ms) ` + [...bySecond].sort((a, b) => a[0] - b[0])
    .map(([second, b]) => `${second}:${b.n}/${b.max.toFixed(0)}/${b.slow}`).join(' '));
}
for (const [kind, s] of Object.entries(stats).sort()) console.log(`  ${line(kind, s.lat, s.codes)}`);
agent.destroy();
