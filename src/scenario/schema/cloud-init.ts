/** cloud-init's crawl at boot, the boot storm (src/model/clients/cloud-init.ts). */
import * as z from '../zod.js';
import { plausible } from '../plausible.js';
import { Dist, nonNegInt, period, posInt, seconds } from './fields.js';
import { population } from './population.js';

export const CloudInit = z.strictObject({
  kind: z.literal('cloud-init').describe('Which client this population runs.'),
  ...population,
  boot: z
    .strictObject({
      start: seconds('When the storm starts (after warm-up).').default(0),
      window: seconds('Boots spread uniformly over this window (0 = all at once).').default(300),
      waves: posInt('Number of waves the instances boot in, each `waveGap` apart.').default(1),
      waveGap: seconds('Time between waves.').default(600),
    })
    .default({ start: 0, window: 300, waves: 1, waveGap: 600 })
    .describe('When the instances boot (the storm).'),
  bootDelay: Dist.default({ kind: 'uniform', min: 5, max: 20 })
    .describe('[unconfirmed] Boot start to the first metadata request.')
    .meta(
      plausible(
        3,
        60,
        'log',
        'kernel and systemd boot to cloud-init network stage: 3 s (container-like) to 60 s (slow images)',
      ),
    ),
  datasource: z
    .enum(['openstack', 'ec2'])
    .default('openstack')
    .describe(
      'openstack: crawl with timeout/retries/retryWait as set (defaults 10 s, 5, 1 s). ec2: first wait for the service (tries of waitTimeout until maxWait), then crawl; set timeout 5 for the EC2 crawl defaults.',
    ),
  maxWait: seconds('EC2 datasource: give up waiting for the service after this.').default(120),
  waitTimeout: period('EC2 datasource: timeout of each wait-for-service try. More than 0, as `timeout` below.').default(
    50,
  ),
  requests: z.number().int().min(1).default(28).describe('Requests in the crawl (OpenStack datasource: about 25-30).'),
  timeout: period(
    'Per-request timeout (connect and read). More than 0: cloud-init hands it to requests, whose urllib3 refuses 0 ("the timeout cannot be set to a value less than or equal to 0"), so every request would fail.',
  ).default(10),
  retries: nonNegInt('Retries per request on timeouts and connection errors (not on HTTP >= 400).').default(5),
  retryWait: seconds('Wait between retries.').default(1),
  thinkTime: Dist.default({ kind: 'constant', value: 0.005 })
    .describe('[unconfirmed] Client time between requests.')
    .meta(plausible(0.001, 0.05, 'log', 'Python URL handling between requests of the crawl: 1-50 ms')),
});

export type CloudInitSpec = z.output<typeof CloudInit>;
