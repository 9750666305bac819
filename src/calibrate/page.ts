/**
 * The calibration page: observed vs fitted response-time distributions (an SVG rendered in
 * Node, so the page has no script at all) and a quantile table. Strings from logs are escaped.
 */
import { CSS, esc, htmlTable } from '../report/html.js';
import { renderSvg } from '../report/svg.js';
import { quantileOf } from './fit.js';
import type { Calibration } from './calibrate.js';

export async function calibrationPage(c: Calibration, files: string[]): Promise<string> {
  const sample = c.sample;
  const lo = Math.max(sample[0], 1e-6);
  const hi = sample[sample.length - 1];
  const values: { x: number; F: number; series: string }[] = sample.map((x, i) => ({
    x: Math.max(x, 1e-6),
    F: (i + 1) / sample.length,
    series: 'observed',
  }));
  for (const f of c.fitCdfs) {
    for (let i = 0; i <= 120; i++) {
      const x = lo * Math.pow(hi / lo, i / 120);
      values.push({ x, F: f.cdf(x), series: `${f.family} fit (KS D ${f.ks.toFixed(3)})` });
    }
  }
  const svg = await renderSvg({
    title: 'Response time: observed CDF and fitted distributions',
    width: 620,
    height: 320,
    data: { values },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, title: 'response time (s, log scale)' },
      y: { field: 'F', type: 'quantitative', title: 'fraction of requests at or below' },
      color: { field: 'series', type: 'nominal', legend: { orient: 'bottom', labelLimit: 400 } },
      strokeDash: { field: 'series', type: 'nominal', legend: null },
    },
  });
  const ps = [0.5, 0.9, 0.99, 0.999];
  const sorted = sample;
  const inv = (cdf: (x: number) => number, p: number) => {
    let a = lo / 10;
    let b = hi * 10;
    for (let i = 0; i < 100; i++) {
      const m = Math.sqrt(a * b);
      if (cdf(m) < p) a = m;
      else b = m;
    }
    return Math.sqrt(a * b);
  };
  const table = htmlTable(
    ['quantile', 'observed', ...c.fitCdfs.map((f) => `${f.family} fit`)],
    ps.map((p) => [
      `p${p * 100}`,
      `${quantileOf(sorted, p).toPrecision(4)} s`,
      ...c.fitCdfs.map((f) => `${inv(f.cdf, p).toPrecision(4)} s`),
    ]),
    'Observed and fitted quantiles',
  );
  const rateTable = htmlTable(
    ['source', 'requests', 'span', 'mean rate', 'peak minute'],
    c.rates.map((r) => [
      r.source,
      r.requests,
      `${r.span.toFixed(0)} s`,
      `${r.meanPerSecond.toPrecision(4)} /s`,
      `${r.peakPerMinute} /min`,
    ]),
    'Arrivals',
  );
  const status = htmlTable(
    ['status class', 'requests'],
    Object.entries(c.statusClasses).map(([k, v]) => [k, v]),
    'Responses',
  );
  const term = Object.keys(c.terminations).length
    ? htmlTable(
        ['termination state', 'requests'],
        Object.entries(c.terminations).map(([k, v]) => [k, v]),
        'HAProxy termination states',
      )
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nmsim calibration</title><style>${CSS}</style></head><body><main>
<h1>Calibration from ${esc(files.join(', '))}</h1>
<p class="sub">${c.valid} valid ${esc(c.format)} log lines, ${c.malformed} malformed${c.malformedExamples.length ? ` (e.g. ${esc(c.malformedExamples.map((m) => `${m.file} lines ${m.lines.join(', ')}`).join('; '))})` : ''}. Chosen fit: <strong>${esc(c.best.family)}</strong> (smaller Kolmogorov-Smirnov distance).</p>
<figure class="chart">${svg}<figcaption>Observed response times (empirical CDF) against the lognormal and gamma maximum-likelihood fits.</figcaption></figure>
${table}${rateTable}${status}${term}
</main></body></html>
`;
}
