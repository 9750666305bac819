/**
 * Regenerates the README's robustness table: the incident's designs through `nmsim robust`
 * (src/runner/robust.ts), printed as Markdown with the run time. Run it with
 * `npm run readme:robust` (options: --samples N, --replications N, --duration SECONDS,
 * --workers N). Shorter measured windows than the README's first table keep it to minutes on
 * a 2-core machine; the designs are the shipped scenario files, unchanged otherwise.
 */
import { parseArgs } from 'node:util';
import { runRobust, type Design } from '../../src/runner/robust.js';
import { decisiveText, fmtShare } from '../../src/report/robust-words.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

/** The objectives of the table: request p99 under 2 s and at least 99% of chef runs with their metadata. */
const SLOS = [
  { metric: 'p99', threshold: 2 },
  { metric: 'runSuccess', threshold: 0.99 },
];

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '24' },
    replications: { type: 'string', default: '2' },
    duration: { type: 'string', default: '7200' },
    workers: { type: 'string' },
  },
});

const FILES: [string, string][] = [
  ['incident (eventlet pool 100, ohai pre-995)', 'scenarios/incident.yaml'],
  ['eventlet pool 1000', 'scenarios/pool-1000.yaml'],
  ['ohai post-995 (keep-alive)', 'scenarios/ohai-keepalive.yaml'],
  ['HAProxy (Pike)', 'scenarios/haproxy.yaml'],
  ['2 x /23, 2 routers', 'scenarios/split-2x23.yaml'],
  ['4 x /24, 4 routers', 'scenarios/split-4x24.yaml'],
];

const shorten = (s: Scenario): Scenario => ({ ...s, duration: Number(values.duration) });
const designs: Design[] = FILES.map(([label, file]) => ({
  label,
  file,
  scenario: shorten(loadScenarioFile(file).scenario),
}));
const incident = designs[0].scenario;
designs.push({
  label: 'wsgi_keep_alive = False',
  scenario: { ...incident, proxy: { ...incident.proxy, eventlet: { ...incident.proxy.eventlet, keepAlive: false } } },
});

const t0 = Date.now();
const cpu0 = process.cpuUsage();
const r = await runRobust(designs, {
  slos: SLOS,
  samples: Number(values.samples),
  replications: Number(values.replications),
  oat: false,
  workers: values.workers === undefined ? undefined : Number(values.workers),
  onProgress: (d, t) => process.stderr.write(`\r${d}/${t} replications`),
});
const cpu = process.cpuUsage(cpu0);
process.stderr.write('\n');

const lines = [
  `| design | meets p99 < 2 s and run success ≥ 99% in (95% CI) | default world | decisive parameter |`,
  `|---|---|---|---|`,
  ...r.designs.map(
    (d) =>
      `| ${d.label} | ${fmtShare(d.share)} of ${d.share.n} | ${d.baseline.meets ? 'meets' : 'fails'} | ${decisiveText(r, d)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n\n`);
process.stdout.write(
  `${r.samples} worlds x ${r.replications} replications x ${designs.length} designs, ${Number(values.duration)} s measured each; ` +
    `${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} CPU-s.\n`,
);
