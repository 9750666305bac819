/** What a study asks of a scenario: its SLO, and the plausible ranges `nmsim robust` samples. */
import * as z from '../zod.js';
import { seconds } from './fields.js';

/** SLO metrics: run-level answers first, then request latency and outcome shares. */
export const SLO_METRIC_NAMES = [
  'runSuccess',
  'runP50',
  'runP90',
  'runP99',
  'p50',
  'p90',
  'p99',
  'p99.9',
  'mean',
  'max',
  'timeoutRate',
  'failureRate',
] as const;
export type SloMetricName = (typeof SLO_METRIC_NAMES)[number];

/** Shares (shown as percentages, differences in percentage points) rather than seconds. */
export const isShareMetric = (m: string): boolean => m === 'runSuccess' || m.endsWith('Rate');

export const Slo = z
  .strictObject({
    metric: z
      .enum(SLO_METRIC_NAMES)
      .default('p99')
      .describe(
        'Metric the objective is about. runSuccess: share of runs (chef runs, cloud-init boots, sessions) that got all their metadata, met when at least the threshold. runP50/runP90/runP99: time to metadata of runs, a run without metadata counting as never. Otherwise a request latency statistic in seconds, or the share of timed-out / failed requests; met when at most the threshold.',
      ),
    threshold: z
      .number()
      .min(0)
      .describe('Seconds for latency and run-time metrics; a fraction for rates and runSuccess (0.99).'),
  })
  .superRefine((v, ctx) => {
    if (isShareMetric(v.metric) && v.threshold > 1)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${v.threshold} is not a fraction in [0, 1]` });
  })
  .describe('Service level objective used by the verdict, compare, sweep and `nmsim capacity`.');

/** Longest drain a scenario may set: bounds.ts (the worker reads it without loading zod). */
export { MAX_DRAIN } from '../bounds.js';

/** Most `ranges:` entries a scenario may set (each is a dimension of `nmsim robust`'s sample). */
export const MAX_RANGES = 100;

export const RangeSpec = z
  .strictObject({
    low: seconds('Lowest plausible value (a distribution: its median, in seconds).'),
    high: seconds('Highest plausible value.'),
    shape: z
      .enum(['uniform', 'log'])
      .optional()
      .describe("How to sample between them (default: the schema's shape for the field, else uniform)."),
    why: z.string().max(500).optional().describe('One line: where the range comes from.'),
  })
  .describe('A plausible range of one numeric field.');

export type RangeSpec = z.output<typeof RangeSpec>;
