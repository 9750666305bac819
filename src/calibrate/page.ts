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
    ps.map((p) => [`p${p * 100}`, duration(quantileOf(sorted, p)), ...c.fitCdfs.map((f) => duration(inv(f.cdf, p)))]),
    'Observed and fitted quantiles',
  );
  const rateTable = htmlTable(
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
  const counts = (title: string, head: string, xs: Record<string, number>) =>
    htmlTable(
      [head, 'requests', 'share'],
      Object.entries(xs).map(([k, v]) => [k, v, percent(v / c.valid, 1)]),
      title,
    );
  const term = Object.keys(c.terminations).length
    ? counts('HAProxy termination states', 'termination state', c.terminations)
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
      html: `<p class="headline">Chosen fit: ${esc(c.best.family)} (the smaller Kolmogorov-Smirnov distance).</p><figure class="chart">${svg}<figcaption>Observed response times (empirical CDF) against the lognormal and gamma maximum-likelihood fits.</figcaption></figure>${table}`,
    },
    { id: 'arrivals', title: 'Arrivals', html: rateTable },
    {
      id: 'responses',
      title: 'Responses',
      html: counts('Responses by status class', 'status class', c.statusClasses) + term,
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
