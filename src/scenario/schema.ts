/**
 * The scenario schema: every field a scenario file may set, its type, its default and where
 * the default comes from (../shared/domain.md). Descriptions are the scenario reference: the
 * reference document and `nmsim schema` are generated from them, so they stay in step.
 *
 * A description tagged "[unconfirmed]" is a value with no public source; the reference flags it,
 * and `.meta(plausible(low, high, shape, why))` next to it gives the range `nmsim robust` explores
 * (for a distribution, the range of its median in seconds).
 *
 * The fields live in ./schema/ by part of the system (topology and kernel, proxy, backends,
 * clients, study); this module assembles the scenario and re-exports every part, so
 * `./schema.js` is the one import for them all.
 */
import * as z from './zod.js';
import { Agent, Nova, NeutronServer } from './schema/backends.js';
import { Client } from './schema/clients.js';
import { MAX_DRAIN, RangeSpec, Slo, MAX_RANGES } from './schema/study.js';
import { period, posInt, seconds } from './schema/fields.js';
import { Proxy } from './schema/proxy.js';
import { Kernel, Topology } from './schema/topology.js';

export * from './schema/fields.js';
export * from './schema/topology.js';
export * from './schema/proxy.js';
export * from './schema/backends.js';
export * from './schema/clients.js';
export * from './schema/chef.js';
export * from './schema/cloud-init.js';
export * from './schema/periodic.js';
export * from './schema/replay.js';
export * from './schema/study.js';

export const Scenario = z
  .strictObject({
    name: z.string().min(1).max(200).describe('Scenario name, shown in reports.'),
    description: z
      .string()
      .max(5000)
      .default('')
      .describe('One paragraph: what this design is and why it is interesting.'),
    extends: z
      .string()
      .optional()
      .describe('Path (relative to this file) of a scenario whose fields this one overrides.'),
    release: z
      .enum(['mitaka-8.0', 'mitaka', 'newton', 'ocata', 'pike', 'queens'])
      .optional()
      .describe(
        'Neutron release preset: sets the proxy kind, pool size and agent cache defaults of that release. Fields set here win.',
      ),
    seed: z.union([z.number().int(), z.string()]).default(1).describe('Master seed of all random streams.'),
    duration: period('Simulated time measured, after warm-up.').default(21600),
    warmup: z
      .union([z.literal('auto'), seconds('')])
      .default(1800)
      .describe('Simulated time discarded before measuring: seconds, or "auto" (MSER-5 on the latency series).'),
    drain: z
      .union([
        z.literal('auto'),
        seconds('').refine((v) => v <= MAX_DRAIN, { message: `at most ${MAX_DRAIN} s (7 days)` }),
      ])
      .default('auto')
      .describe(
        'After the window closes no new run or session starts and the requests and runs that started in it finish, up to this long; what is still open then is reported. "auto": long enough for every client timeout, retry and SYN retransmission of a run to resolve (see the README).',
      ),
    replications: z
      .union([
        posInt(''),
        z.strictObject({
          min: posInt('Replications run before the precision rule is first checked.').default(3),
          max: posInt('Stop after this many replications even if the rule is not met.').default(30),
          relativeHalfWidth: z
            .number()
            .gt(0)
            .lt(1)
            .default(0.05)
            .describe('Target 95% CI half-width, as a fraction of the mean (0.05 = ±5%).'),
          metrics: z
            .array(z.enum(['p50', 'p90', 'p99', 'p99.9', 'mean']))
            .default(['p99'])
            .describe('Latency metrics whose CI must meet the target.'),
        }),
      ])
      .default(5)
      .describe(
        'Independent replications (a number), or a sequential rule: add replications until the 95% CI half-width of each metric is within relativeHalfWidth of its mean, or max is reached.',
      ),
    topology: Topology,
    kernel: Kernel.default(Kernel.parse({})),
    proxy: Proxy.default(Proxy.parse({})),
    agent: Agent.default(Agent.parse({})),
    neutronServer: NeutronServer.default(NeutronServer.parse({})),
    nova: Nova.default(Nova.parse({})),
    clients: z.array(Client).min(1).describe('Who asks for metadata, and how.'),
    slo: Slo.default({ metric: 'p99', threshold: 2 }),
    ranges: z
      .record(z.string().max(300), RangeSpec)
      .refine((r) => Object.keys(r).length <= MAX_RANGES, `at most ${MAX_RANGES} ranges`)
      .optional()
      .describe(
        'Plausible ranges for `nmsim robust`, by field path: `{low, high, shape: uniform|log, why}`, e.g. `clients[0].restOfRun: {low: 10, high: 120, shape: log}`. They replace the range of an unconfirmed field or add one to any numeric field (a number, duration or distribution; for a distribution the range is of its median).',
      ),
    sampleInterval: period('Interval of the pool-occupancy and listen-queue time series.').optional(),
  })
  .describe('An nmsim scenario.');

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;
