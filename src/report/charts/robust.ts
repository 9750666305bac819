/**
 * Charts of a robustness study: the share of plausible worlds in which each design meets the
 * SLO (bars with their Wilson interval), the one-at-a-time tornado (the SLO metric at each
 * parameter's low and high around the default world), and the decisive parameter's scatter
 * (every sampled world, shaped by verdict, with the SLO threshold and the fitted cut). Only
 * simulated values are drawn; no line joins worlds.
 */
import { chart, WIDTH, type Spec } from './common.js';
import { logScaleFits } from './curves.js';

export function shareChart(rows: { design: string; share: number; lo: number; hi: number; text: string }[]): Spec {
  const y = { field: 'design', type: 'nominal', title: null, sort: null, axis: { labelLimit: 220 } };
  const x = { type: 'quantitative', title: 'worlds meeting the SLO (%)', scale: { domain: [0, 100] } };
  return chart(
    'Share of plausible worlds meeting the SLO',
    'One bar per design: the percentage of sampled worlds in which it meets the SLO, with the 95% Wilson interval.',
    {
      width: WIDTH - 200,
      height: { step: 28 },
      data: { values: rows.map((r) => ({ ...r, share: 100 * r.share, lo: 100 * r.lo, hi: 100 * r.hi })) },
      layer: [
        {
          mark: { type: 'bar', color: '#80b1d3', height: { band: 0.6 } },
          encoding: { y, x: { ...x, field: 'share' } },
        },
        {
          mark: { type: 'rule', color: '#1f2328', strokeWidth: 1.5 },
          encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
        },
        {
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 11 },
          encoding: { y, x: { ...x, field: 'hi' }, text: { field: 'text' } },
        },
      ],
    },
  );
}

export interface TornadoBar {
  parameter: string;
  end: 'low' | 'high';
  from: number;
  to: number;
  verdict: string;
  text: string;
}

export function tornadoChart(
  bars: TornadoBar[],
  o: { design: string; metric: string; threshold: number; unit: string; order: string[] },
): Spec {
  const values = bars.flatMap((b) => [b.from, b.to]).filter((v) => v > 0);
  const log = logScaleFits(values);
  const x = { type: 'quantitative', title: `${o.metric} (${o.unit})`, scale: log ? { type: 'log' } : { zero: true } };
  const y = { field: 'parameter', type: 'nominal', title: null, sort: o.order, axis: { labelLimit: 260 } };
  return chart(
    `One at a time: ${o.metric} at each parameter's low and high`,
    'Each parameter moved alone to the low and the high end of its plausible range, the others at default; bars run from the default world to the value there. Dashed: the SLO threshold.',
    {
      width: WIDTH - 260,
      height: { step: 30 },
      data: { values: bars },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 }, stroke: '#1f2328', strokeWidth: 0.5 },
          encoding: {
            y,
            x: { ...x, field: 'from' },
            x2: { field: 'to' },
            color: {
              field: 'end',
              type: 'nominal',
              title: 'parameter at',
              scale: { domain: ['low', 'high'], range: ['#8dd3c7', '#fb8072'] },
              legend: { orient: 'bottom' },
            },
            yOffset: { field: 'end', sort: ['low', 'high'] },
            tooltip: [
              { field: 'parameter' },
              { field: 'end' },
              { field: 'text', title: o.metric },
              { field: 'verdict' },
            ],
          },
        },
        {
          data: { values: [{ t: o.threshold }] },
          mark: { type: 'rule', strokeDash: [6, 4], color: '#b3261e' },
          encoding: { x: { field: 't', type: 'quantitative' } },
        },
      ],
    },
  );
}

export function scatterChart(
  points: { x: number; y: number; verdict: string }[],
  o: { parameter: string; xUnit: string; metric: string; yUnit: string; threshold: number; cut: number; log: boolean },
): Spec {
  const ylog = logScaleFits(points.map((p) => p.y));
  return chart(
    'The decisive parameter against the SLO metric, one point per world',
    'Every sampled world: the decisive parameter on x, the SLO metric on y, shape and colour by verdict. Dashed: the SLO threshold; solid: the cut that best separates meeting and failing worlds.',
    {
      width: WIDTH - 100,
      height: 280,
      layer: [
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 50, opacity: 0.85 },
          encoding: {
            x: {
              field: 'x',
              type: 'quantitative',
              title: `${o.parameter}${o.xUnit ? ` (${o.xUnit})` : ''}`,
              scale: o.log ? { type: 'log' } : { zero: false },
            },
            y: {
              field: 'y',
              type: 'quantitative',
              title: `${o.metric} (${o.yUnit})`,
              scale: ylog ? { type: 'log' } : { zero: true },
            },
            shape: {
              field: 'verdict',
              type: 'nominal',
              scale: { domain: ['meets', 'fails'], range: ['circle', 'cross'] },
            },
            color: {
              field: 'verdict',
              type: 'nominal',
              scale: { domain: ['meets', 'fails'], range: ['#1a7f37', '#b3261e'] },
            },
          },
        },
        {
          data: { values: [{ t: o.threshold }] },
          mark: { type: 'rule', strokeDash: [6, 4], color: '#59636e' },
          encoding: { y: { field: 't', type: 'quantitative' } },
        },
        {
          data: { values: [{ c: o.cut }] },
          mark: { type: 'rule', color: '#1f2328' },
          encoding: { x: { field: 'c', type: 'quantitative' } },
        },
      ],
    },
  );
}
