/** A generic poller: sessions of requests at intervals drawn from a distribution. */
import * as z from '../zod.js';
import { Dist, seconds } from './fields.js';
import { population } from './population.js';

export const Periodic = z.strictObject({
  kind: z.literal('periodic').describe('Which client this population runs.'),
  ...population,
  interval: Dist.describe('Time between one session start and the next, per instance (e.g. exponential for Poisson).'),
  requests: z.number().int().min(1).default(1).describe('Requests per session.'),
  keepAlive: z.boolean().default(false).describe('Reuse one connection per session (closed at its end).'),
  timeout: seconds(
    'Per-request timeout (connect + response); 0 = none (a poller that waits as long as it takes). A generic client of this model, not a real program, so 0 keeps that meaning.',
  ).default(10),
  thinkTime: Dist.default({ kind: 'constant', value: 0 }).describe('Client time between requests of a session.'),
  start: seconds(
    'Seconds after warm-up at which sessions start (a transient load). Default: running from time zero, in steady state when the window opens.',
  ).optional(),
  stop: seconds('Seconds after warm-up after which no session starts (default: the end of the window).').optional(),
});

export type PeriodicSpec = z.output<typeof Periodic>;
