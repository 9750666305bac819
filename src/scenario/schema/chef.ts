/** chef-client runs with the ohai openstack plugin crawling metadata (src/model/clients/chef.ts). */
import * as z from '../zod.js';
import { plausible } from '../plausible.js';
import { Dist, period, seconds } from './fields.js';
import { population } from './population.js';

export const Chef = z.strictObject({
  kind: z.literal('chef').describe('Which client this population runs.'),
  ...population,
  schedule: z
    .enum(['daemon', 'cron'])
    .default('daemon')
    .describe(
      'daemon: sleep interval + uniform[0, splay) between runs. cron: every cronPeriod at a fixed phase, after a uniform[0, splay) sleep.',
    ),
  interval: seconds('chef-client interval.').default(1800),
  splay: seconds('chef-client splay.').default(300),
  cronPeriod: period('Cron period (the cookbook default runs at minute 0 of every 4th hour).').default(14400),
  ohai: z
    .strictObject({
      version: z
        .enum(['pre-995', 'post-995'])
        .default('pre-995')
        .describe(
          'pre-995 (ohai 8.x ec2_metadata.rb): a new TCP connection per GET, never closed by ohai; it closes when garbage collection frees it (gcDelay) or the run ends. post-995 (ohai 13.1.0+, `@conn ||= Net::HTTP.start`): one persistent connection per run, open until the run ends.',
        ),
      requests: z
        .union([
          z.number().int().min(1),
          z.strictObject({
            min: z.number().int().min(1).describe('Fewest GETs in a run.'),
            max: z.number().int().min(1).describe('Most GETs in a run.'),
          }),
        ])
        .default({ min: 23, max: 27 })
        .describe('GETs per run walking the EC2-style tree (a number, or {min, max} uniform integer).'),
      probeTimeout: period(
        'TCP probe of 169.254.169.254:80 before crawling; if it fails metadata is skipped. A probe that connects is never closed by ohai (can_metadata_connect? / can_socket_connect?): its idle connection is held like a leaked GET connection (gcDelay, or the run end). More than 0: ohai waits with IO.select(nil, [socket], nil, timeout), which with 0 only polls, so the probe fails and metadata is skipped.',
      ).default(2),
      openTimeout: seconds(
        "Connect timeout per request (60 s pre-995 and post-995). 0 = none, as in Ruby's Net::HTTP (Timeout.timeout(0) runs without a timeout): the kernel gives up after its SYN retries.",
      ).default(60),
      readTimeout: period(
        'Read timeout per request (default 30 s pre-995, 10 s post-995). More than 0: Net::HTTP waits with wait_readable(read_timeout), which with 0 raises Net::ReadTimeout whenever the answer is not already there.',
      ).optional(),
      keepAliveTimeout: seconds(
        'post-995: Net::HTTP keep_alive_timeout. Only decides whether the next GET reuses the connection (a longer gap closes it and reconnects); nothing closes an idle connection, so it stays open until the run ends.',
      ).default(10),
      closeIdleAfter: seconds(
        'post-995, opt-in: a client that does close its idle persistent connection after this many seconds (ohai does not; unset = open until the run ends).',
      ).optional(),
      gcDelay: z
        .union([z.literal('run-end'), Dist])
        .default({ kind: 'lognormal', median: 20, p99: 200 })
        .describe(
          '[unconfirmed] Time from the end of a GET (or the probe) until Ruby garbage collection frees its unreachable Net::HTTP socket and closes the descriptor (IO autoclose); drawn per connection. The connection lives until the earlier of this and the run end. "run-end": never collected during the run. Default chosen to agree with the incident: a 100-thread pool overflows only if leaked connections live on average longer than about 8 s (100 / (0.51 runs/s x 25 GETs)); the README shows the answers across this value.',
        )
        .meta(
          plausible(
            2,
            300,
            'log',
            'Ruby GC runs every few MB of allocation: seconds in a busy chef run, minutes in a quiet tail',
          ),
        ),
      thinkTime: Dist.default({ kind: 'constant', value: 0.002 })
        .describe('[unconfirmed] Client time between one response and the next GET.')
        .meta(plausible(0.0005, 0.02, 'log', 'Ruby parses a small response and builds the next URL: 0.5-20 ms')),
    })
    // The read timeout's default depends on the version, so it is filled in once the version is known.
    .transform((o) => ({ ...o, readTimeout: o.readTimeout ?? (o.version === 'post-995' ? 10 : 30) }))
    .default({
      version: 'pre-995',
      requests: { min: 23, max: 27 },
      probeTimeout: 2,
      openTimeout: 60,
      readTimeout: 30,
      keepAliveTimeout: 10,
      gcDelay: { kind: 'lognormal', median: 20, p99: 200 },
      thinkTime: { kind: 'constant', value: 0.002 },
    })
    .describe('The ohai openstack plugin that fetches metadata during each chef-client run.'),
  preOhai: Dist.default({ kind: 'uniform', min: 2, max: 8 })
    .describe('[unconfirmed] Time from run start to the metadata crawl.')
    .meta(plausible(1, 30, 'log', 'ohai runs after chef-client loads and syncs: 1 s (warm) to 30 s (slow start)')),
  restOfRun: Dist.default({ kind: 'lognormal', median: 45, p99: 300 })
    .describe(
      '[unconfirmed] Time from the end of the crawl to the end of the chef-client run (the forked run process exits and its sockets close).',
    )
    .meta(
      plausible(
        5,
        600,
        'log',
        'from a no-op converge (seconds) to a long cookbook run (10 min); domain.md: seconds to the whole run',
      ),
    ),
});

export type ChefSpec = z.output<typeof Chef>;
