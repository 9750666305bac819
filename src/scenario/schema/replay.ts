/**
 * Replay of measured traffic (src/model/clients/replay.ts): every row of a trace is one request,
 * sent at its time from its instance through the scenario's design. The trace is a CSV or an
 * access log `nmsim calibrate` reads (src/scenario/trace/).
 */
import * as z from '../zod.js';
import { seconds } from './fields.js';
import { population } from './population.js';

/** What the loader learns from the trace file (src/scenario/trace/resolve.ts). */
export const TraceInfo = z
  .strictObject({
    rows: z.number().int().min(0).describe('Rows (requests) in the trace.'),
    span: z.number().min(0).describe('Seconds from the trace origin to its last row.'),
    instances: z.number().int().min(0).describe('Largest instance number in the trace, plus one.'),
    sha256: z.string().describe('sha256 of the trace file: the scenario hash changes with its content.'),
    path: z
      .string()
      .describe(
        'Where the file was found (absolute); left out of the scenario hash, which depends on the content only.',
      ),
  })
  .describe('Set by nmsim when it reads `file` (anything written here is replaced).');

export const Replay = z
  .strictObject({
    kind: z.literal('replay').describe('Which client this population runs.'),
    ...population,
    file: z
      .string()
      .min(1)
      .max(4096)
      .describe(
        'The trace, relative to the scenario file: a CSV with a header (`time,instance` and optionally `path,session,keepalive,service,hold`), or an HAProxy httplog / Neutron eventlet wsgi access log (clients numbered by address in order of first appearance).',
      ),
    format: z
      .enum(['auto', 'csv', 'haproxy', 'eventlet'])
      .default('auto')
      .describe('auto: csv for a file ending in .csv, otherwise the log format judged from its first lines.'),
    timeOrigin: z
      .union([z.number(), z.string()])
      .optional()
      .describe(
        'Trace time that becomes time 0: seconds (e.g. a Unix time) or an ISO 8601 date. Default: the first row. Rows before it are an error.',
      ),
    start: seconds('Seconds after warm-up at which the trace time 0 is replayed.').default(0),
    timeout: seconds('Per-request timeout (connect + response); 0 = none.').default(10),
    sessionIdle: seconds(
      'A kept-alive session connection (keepalive 1) with no next row of its session for this long is closed (a row `hold` replaces it).',
    ).default(10),
    serviceTimes: z
      .boolean()
      .default(true)
      .describe(
        "Use the trace's measured service times (the CSV `service` column, a log's response times) in place of the agent's draws for those requests; false: the model draws them all.",
      ),
    trace: TraceInfo.optional(),
  })
  .describe(
    "Replays a measured trace: each row one request at its time from the population's instance `instance mod n`. CSV columns: `time` (seconds) and `instance` (a whole number) required; `path` (kept, unused), `session` (rows of one session on one instance go in turn on one connection), `keepalive` (0/1, default 1 in a session), `service` (measured agent seconds, replacing its draw) and `hold` (seconds the client keeps the socket after the response) optional; an empty cell is the default. Every row is a run of its own. Rows are checked when the scenario loads (`file:LINE: column NAME: reason`); the trace streams while it runs.",
  );

export type ReplaySpec = z.output<typeof Replay>;
export type TraceInfo = z.output<typeof TraceInfo>;
