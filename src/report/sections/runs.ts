/**
 * Runs first: per client population, how many runs (chef runs, cloud-init boots, poller
 * sessions) started in the window, how many got all their metadata, failed, skipped it or were
 * still open at the drain cap, and how long getting the metadata took; each population's own
 * request latency, so a poller without a timeout is not averaged with ohai's 30 s-capped
 * requests; and for boot storms the share of booted instances with metadata over time.
 */
import { bootCurve } from '../../stats/boot-curve.js';
import type { PopulationSummary, ScenarioResult } from '../../stats/results.js';
import { curveChart, spread, type CurvePoint } from '../charts/index.js';
import { metricCell, pct } from '../format.js';
import { htmlTable, type Cell } from '../html.js';
import type { Ctx, Section } from './context.js';

type RunCounts = Pick<PopulationSummary, 'started' | 'ok' | 'failed' | 'skipped' | 'openAtCap' | 'success' | 'time'>;

const n = (x: number): string => x.toLocaleString('en-US');

function runRow(label: string, client: string, p: RunCounts): Cell[] {
  return [
    label,
    client,
    n(p.started),
    n(p.ok),
    n(p.failed),
    n(p.skipped),
    n(p.openAtCap),
    { html: pct(p.success), num: true },
    metricCell('runP50', p.time.runP50),
    metricCell('runP99', p.time.runP99),
  ];
}

export function runsTable(ctx: Ctx): string {
  const rows = ctx.items.flatMap(({ label, result: r }) => [
    ...r.populations.map((p) => runRow(label, `${p.client} (${p.kind})`, p)),
    ...(r.populations.length > 1 ? [runRow(label, 'all runs', r.runs)] : []),
  ]);
  return htmlTable(
    [
      'scenario',
      'client',
      'runs started',
      'with metadata',
      'failed',
      'metadata skipped',
      'open at cap',
      'runSuccess',
      'time to metadata p50',
      'p99',
    ],
    rows,
    'Runs that started in the window, each followed to its end (drained): got all their metadata, failed (a request failed), skipped (ohai’s probe failed), or still open at the drain cap. Time to metadata: ohai’s crawl; cloud-init: boot to crawl done; a run without metadata counts as never.',
  );
}

function populationLatencyTable(ctx: Ctx): string {
  const rows = ctx.items.flatMap(({ label, result: r }) =>
    r.populations.map((p): Cell[] => [
      label,
      p.client,
      n(p.requests.count),
      metricCell('p50', p.latency.p50),
      metricCell('p99', p.latency.p99),
      metricCell('max', p.latency.max),
      { html: pct(p.outcomeRates.clientTimeout), num: true },
      metricCell('p50', p.timeToFailure.p50),
    ]),
  );
  return htmlTable(
    ['scenario', 'client', 'requests', 'p50', 'p99', 'max', 'timed out', 'time to failure p50'],
    rows,
    'Request latency of each client population on its own (each population has its own timeout)',
  );
}

async function bootFigure(ctx: Ctx, results: { label: string; result: ScenarioResult }[]): Promise<string> {
  const points: CurvePoint[] = results.flatMap(({ label, result: r }) =>
    r.populations
      .filter((p) => p.kind === 'cloud-init' && p.started > 0)
      .flatMap((p) =>
        spread(bootCurve(p).points, 200).map(([t, share]) => ({
          x: t,
          series: results.length > 1 ? `${label}: ${p.client}` : p.client,
          mean: share,
          lo: share,
          hi: share,
        })),
      ),
  );
  if (points.length === 0) return '';
  return ctx.figs.figure(
    curveChart(points, {
      title: 'Booted instances with their metadata',
      description:
        'Share of the instances booted in the window that have their metadata, against time since the window opened.',
      xTitle: 'seconds after the window opened',
      yTitle: 'share with metadata',
      percent: true,
    }),
    'Share of the instances that booted in the window with all their metadata, over time (replications merged). A curve that levels off below 100% shows instances that never got it.',
  );
}

export async function runsSection(ctx: Ctx): Promise<Section> {
  const multi = ctx.items.some(({ result: r }) => r.populations.length > 1);
  const html = runsTable(ctx) + (multi ? populationLatencyTable(ctx) : '') + (await bootFigure(ctx, ctx.detail));
  return { id: 'runs', title: 'Runs', html };
}
