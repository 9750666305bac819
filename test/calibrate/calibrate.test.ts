import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compile } from '../../src/engine/distributions.js';
import { StreamFactory } from '../../src/engine/random.js';
import { calibrate } from '../../src/calibrate/calibrate.js';
import { fitGamma, fitLognormal } from '../../src/calibrate/fit.js';
import { parseLog } from '../../src/calibrate/parse.js';
import { runCalibrate } from '../../src/calibrate/command.js';
import { Dist } from '../../src/scenario/schema.js';

const FIX = 'test/fixtures/logs';

test('hand-written HAProxy log: valid lines read, -1 timers kept as missing, garbage counted', () => {
  const r = parseLog(readFileSync(join(FIX, 'haproxy-metadata.log'), 'utf8'), 'haproxy-metadata.log', 'auto');
  assert.equal(r.format, 'haproxy');
  assert.equal(r.records.length, 7);
  assert.equal(r.malformed, 3);
  assert.deepEqual(r.malformedExamples, [6, 7, 9]);
  const timeout = r.records.find((x) => x.status === 504)!;
  assert.ok(Number.isNaN(timeout.responseTime));
  assert.equal(timeout.termination, 'sH--');
  const queued = r.records.find((x) => x.status === 503)!;
  assert.equal(queued.queueTime, 30);
  assert.equal(r.records[0].responseTime, 0.038);
  assert.equal(r.records[0].source, 'listener');
});

test('hand-written agent log: Neutron and eventlet-default formats, errors and truncation counted', () => {
  const r = parseLog(readFileSync(join(FIX, 'metadata-agent.log'), 'utf8'), 'agent', 'auto');
  assert.equal(r.format, 'eventlet');
  assert.deepEqual(
    r.records.map((x) => [x.status, x.responseTime]),
    [
      [200, 0.038153],
      [200, 0.0120911],
      [200, 0.04533],
      [500, 60.021311],
      [200, 0.021005],
    ],
  );
  assert.equal(r.malformed, 2);
  assert.equal(r.records[0].time, Date.UTC(2026, 10, 24, 10, 0, 1, 123) / 1000);
});

function generate(kind: 'lognormal' | 'gamma', n: number, format: 'haproxy' | 'eventlet'): string {
  const rng = new StreamFactory(17).stream(kind);
  const d = compile(
    kind === 'lognormal'
      ? { kind: 'lognormal', mu: Math.log(0.02), sigma: 0.6 }
      : { kind: 'gamma', shape: 3, scale: 0.01 },
    rng,
  );
  const arrivals = compile({ kind: 'exponential', mean: 1 / 5 }, rng); // 5 requests/s
  let t = Date.UTC(2026, 10, 24, 10, 0, 0) / 1000;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    t += arrivals.sample();
    const rt = d.sample();
    const dt = new Date(t * 1000);
    const pad = (x: number, w = 2) => String(x).padStart(w, '0');
    if (format === 'haproxy') {
      const ms = Math.max(1, Math.round(rt * 1000)); // HAProxy logs whole milliseconds
      lines.push(
        `10.0.0.${i % 250}:4${pad(i % 1000, 4)} [${pad(dt.getUTCDate())}/Nov/2026:${pad(dt.getUTCHours())}:${pad(dt.getUTCMinutes())}:${pad(dt.getUTCSeconds())}.${pad(dt.getUTCMilliseconds(), 3)}] listener metadata/metadata 0/0/0/${ms}/${ms} 200 345 - - ---- 1/1/0/0/0 0/0 "GET /latest/meta-data/ HTTP/1.1"`,
      );
    } else {
      lines.push(
        `2026-11-24 ${pad(dt.getUTCHours())}:${pad(dt.getUTCMinutes())}:${pad(dt.getUTCSeconds())}.${pad(dt.getUTCMilliseconds(), 3)} 77 INFO eventlet.wsgi.server [-] 10.0.0.${i % 250},<local> "GET /latest/meta-data/ HTTP/1.1" status: 200  len: 345 time: ${rt.toFixed(7)}`,
      );
    }
    if (i % 97 === 0) lines.push('garbage line ' + i);
  }
  return lines.join('\n') + '\n';
}

test('fits recover known parameters within 4 standard errors, and KS picks the right family', () => {
  const n = 4000;
  const ln = parseLog(generate('lognormal', n, 'eventlet'), 'gen', 'auto');
  const fl = fitLognormal(ln.records.map((r) => r.responseTime));
  // MLE standard errors: sigma/sqrt(n) for mu, sigma/sqrt(2n) for sigma.
  assert.ok(Math.abs(fl.mu - Math.log(0.02)) < (4 * 0.6) / Math.sqrt(n), `mu ${fl.mu}`);
  assert.ok(Math.abs(fl.sigma - 0.6) < (4 * 0.6) / Math.sqrt(2 * n), `sigma ${fl.sigma}`);
  const cl = calibrate({ files: [{ path: 'gen', result: ln }], component: 'agent' });
  assert.equal(cl.best.family, 'lognormal');
  assert.equal(ln.malformed, Math.ceil(n / 97));

  const ga = parseLog(generate('gamma', n, 'eventlet'), 'gen', 'auto');
  const fg = fitGamma(ga.records.map((r) => r.responseTime));
  // Asymptotic SE of the shape MLE: sqrt(k / (n (k psi'(k) - 1))) ~ k * sqrt(2 / n) for k = 3.
  assert.ok(Math.abs(fg.shape - 3) < 4 * 3 * Math.sqrt(2 / n), `shape ${fg.shape}`);
  assert.ok(Math.abs(fg.shape * fg.scale - 0.03) < (4 * 0.03) / Math.sqrt(3 * n), `mean ${fg.shape * fg.scale}`);
  assert.equal(calibrate({ files: [{ path: 'gen', result: ga }], component: 'agent' }).best.family, 'gamma');
});

test('arrival rate estimated per proxy from HAProxy logs', () => {
  const r = parseLog(generate('lognormal', 3000, 'haproxy'), 'gen', 'auto');
  assert.equal(r.format, 'haproxy');
  const c = calibrate({ files: [{ path: 'gen', result: r }], component: 'proxy' });
  assert.equal(c.rates.length, 1);
  // Poisson rate 5/s over n = 3000 arrivals: SE = rate / sqrt(n).
  assert.ok(Math.abs(c.rates[0].meanPerSecond - 5) < (4 * 5) / Math.sqrt(3000), `rate ${c.rates[0].meanPerSecond}`);
});

test('the command writes a YAML fragment whose distribution passes the schema, and an HTML page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-cal-'));
  const log = join(dir, 'haproxy.log');
  writeFileSync(log, generate('gamma', 1500, 'haproxy') + '<script>alert(1)</script>\n');
  const out = join(dir, 'out');
  const code = await runCalibrate({
    logs: [log],
    format: 'auto',
    component: 'proxy',
    out,
    name: 'cal',
    instances: 1000,
    json: true,
    quiet: true,
  });
  assert.equal(code, 0);
  const frag = parseYaml(readFileSync(join(out, 'cal.yaml'), 'utf8')) as {
    agent: { responseTime: unknown };
    proxy: { kind: string };
    clients: { interval: { mean: number } }[];
  };
  assert.equal(frag.proxy.kind, 'haproxy');
  assert.ok(Dist.safeParse(frag.agent.responseTime).success);
  assert.ok(Math.abs(frag.clients[0].interval.mean - 1000 / 5) < 20);
  const html = readFileSync(join(out, 'cal.html'), 'utf8');
  assert.ok(html.includes('<svg') && !html.includes('<script>alert'));
  // The layout of the other reports: header line, contents, sections, reproducibility footer.
  assert.match(html, /<div class="kind">nmsim · calibrate report · \d{4}-\d\d-\d\d<\/div>/);
  assert.match(html, /<nav class="toc"[^>]*><h2>Contents<\/h2><ol><li><a href="#fit">/);
  assert.ok(html.includes('<footer id="reproducibility"'));
  assert.ok(html.includes('<th scope="col" class="col">share</th>'), 'shares beside the counts');
});

test('a file with no valid line is an error naming the file, exit 2, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-cal-'));
  const log = join(dir, 'empty.log');
  writeFileSync(log, 'nothing here\nnor here\n');
  const out = join(dir, 'out');
  const errs: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (errs.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await runCalibrate({
      logs: [log],
      format: 'auto',
      component: 'agent',
      out,
      name: 'cal',
      json: false,
      quiet: true,
    });
    assert.equal(code, 2);
  } finally {
    process.stderr.write = orig;
  }
  assert.match(errs.join(''), /empty\.log: no valid .* log line among 2 line\(s\)/);
  assert.ok(!existsSync(out) || readdirSync(out).length === 0);
});
