/**
 * The calibration page, in the layout of the other reports (header, contents, sections,
 * reproducibility footer): observed vs fitted response-time distributions (an SVG rendered in
 * Node, so no chart library is inlined), quantiles, arrivals and responses with their shares
 * of the valid lines. Strings from logs are escaped.
 */
import { NMSIM_VERSION } from '../version.js';
import { duration, num, percent } from '../report/format.js';
import { esc, htmlTable, page, section } from '../report/html.js';
import { generatedAt } from '../report/index.js';
import { renderSvg } from '../report/svg.js';
import { quantileOf } from './fit.js';
import type { Calibration } from './calibrate.js';

export async function calibrationPage(c: Calibration, files: string[]): Promise<string> {
  const term = Object.keys(c.terminations).length
    ? countsTable(c, 'HAProxy termination states', 'termination state', c.terminations)
    : '';
  const date = generatedAt({});
  const title = `Calibration from ${files.join(', ')}`;
  const malformed = c.malformedExamples.length
    ? ` (e.g. ${c.malformedExamples.map((m) => `${m.file} lines ${m.lines.join(', ')}`).join('; ')})`
    : '';
  const sections = [
    {
      id: 'fit',
      title: 'Response time and its fit',
      html: `<p class="headline">Chosen fit: ${esc(c.best.family)} (the smaller Kolmogorov-Smirnov distance).</p><figure class="chart">${await fitChart(c)}<figcaption>Observed response times (empirical CDF) against the lognormal and gamma maximum-likelihood fits.</figcaption></figure>${quantileTable(c)}`,
    },
    { id: 'arrivals', title: 'Arrivals', html: rateTable(c) },
    {
      id: 'responses',
      title: 'Responses',
      html: countsTable(c, 'Responses by status class', 'status class', c.statusClasses) + term,
    },
  ];
  return page({
    title,
    header: `<div class="kind">nmsim · calibrate report · ${esc(date.slice(0, 10))}</div>
<h1>${esc(title)}</h1>
<p class="sub">${c.valid} valid ${esc(c.format)} log lines of ${c.lines} (${percent(c.valid / c.lines, 1)}); ${c.malformed} malformed${esc(malformed)}. Shares are of the valid lines.</p>`,
    toc: [...sections.map((x): [string, string] => [x.id, x.title]), ['reproducibility', 'Reproducibility']],
    body: sections.map((x) => section(x.id, x.title, x.html)).join('\n'),
    footer: `<h2 id="reproducibility-h">Reproducibility</h2>${htmlTable(
      ['log file'],
      files.map((f) => [f]),
      `Read by nmsim ${NMSIM_VERSION} on ${date}`,
    )}`,
    charts: [],
    libraries: '',
  });
}

/** The range the CDFs are drawn over: the sample's, kept off 0 for the log axis. */
function sampleRange(c: Calibration): [number, number] {
  return [Math.max(c.sample[0], 1e-6), c.sample[c.sample.length - 1]];
}

/** Observed empirical CDF against each fitted CDF, rendered to SVG in Node. */
function fitChart(c: Calibration): Promise<string> {
  const sample = c.sample;
  const [lo, hi] = sampleRange(c);
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
  return renderSvg({
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
}

/** A fitted CDF's p-quantile, by geometric bisection over a decade beyond the sample on each side. */
function fittedQuantile(cdf: (x: number) => number, p: number, [lo, hi]: [number, number]): number {
  let a = lo / 10;
  let b = hi * 10;
  for (let i = 0; i < 100; i++) {
    const m = Math.sqrt(a * b);
    if (cdf(m) < p) a = m;
    else b = m;
  }
  return Math.sqrt(a * b);
}

function quantileTable(c: Calibration): string {
  const range = sampleRange(c);
  return htmlTable(
    ['quantile', 'observed', ...c.fitCdfs.map((f) => `${f.family} fit`)],
    [0.5, 0.9, 0.99, 0.999].map((p) => [
      `p${p * 100}`,
      duration(quantileOf(c.sample, p)),
      ...c.fitCdfs.map((f) => duration(fittedQuantile(f.cdf, p, range))),
    ]),
    'Observed and fitted quantiles',
  );
}

function rateTable(c: Calibration): string {
  return htmlTable(
    ['source', 'requests', 'share', 'span', 'mean rate', 'peak minute'],
    c.rates.map((r) => [
      r.source,
      r.requests,
      percent(r.requests / c.valid, 1),
      duration(r.span),
      `${num(r.meanPerSecond)} /s`,
      `${r.peakPerMinute} /min`,
    ]),
    'Arrivals per source',
  );
}

/** Requests by a category (status class, termination state), with shares of the valid lines. */
function countsTable(c: Calibration, title: string, head: string, xs: Record<string, number>): string {
  return htmlTable(
    [head, 'requests', 'share'],
    Object.entries(xs).map(([k, v]) => [k, v, percent(v / c.valid, 1)]),
    title,
  );
}
