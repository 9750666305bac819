/**
 * Whether a scenario measures long enough for the mechanism it is about. The incident's
 * collapse builds over chef-client runs: each run of a pre-#995 ohai leaves connections open
 * until it ends (domain.md, "When ohai's sockets close"), and the daemon starts the next run
 * `interval` + uniform[0, `splay`) later (chef-client's defaults 1800 s and 300 s). A
 * 30-minute measurement sees each instance run chef once or not at all, and hides the
 * pile-up a 4-hour one shows; a warm-up shorter than a run's connection hold starts measuring
 * before a single run has released its connections.
 */
import { compile, type DistSpec } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import { formatDuration } from './units.js';
import type { ClientSpec, Scenario } from './schema.js';

/** Cycles of a client (runs or sessions per instance) a measurement should span. */
export const CYCLES_MEASURED = 3;

/** Only the analytic mean is read, so no draw is made. */
const NO_DRAWS: RandomStream = {
  name: 'run-length/none',
  next: () => {
    throw new Error('run-length: the analytic mean needs no draw');
  },
};

const meanOf = (d: DistSpec): number => compile(d, NO_DRAWS).mean;

/** Longest time between one run (or session) of an instance and the next, and what it is. */
function cycle(c: ClientSpec): { seconds: number; what: string } | null {
  if (c.kind === 'chef')
    return c.schedule === 'cron'
      ? { seconds: c.cronPeriod, what: `chef-client from cron, a run every ${formatDuration(c.cronPeriod)}` }
      : {
          seconds: c.interval + c.splay,
          what: `chef-client daemon, a run every ${formatDuration(c.interval)} + up to ${formatDuration(c.splay)} of splay`,
        };
  if (c.kind === 'periodic') {
    const mean = meanOf(c.interval);
    return { seconds: mean, what: `a session every ${formatDuration(mean)} on average` };
  }
  return null; // cloud-init runs once per boot: the storm is the whole mechanism.
}

/** The mean time a chef run holds its metadata connections: from its start to its end. */
function chefHold(c: ClientSpec): number | null {
  return c.kind === 'chef' ? meanOf(c.preOhai) + meanOf(c.restOfRun) : null;
}

/** Warnings (empty when none) that the scenario measures too briefly for its clients. */
export function runLengthWarnings(s: Scenario): string[] {
  const out: string[] = [];
  s.clients.forEach((c, i) => {
    const name = c.name ?? `clients[${i}] (${c.kind})`;
    const cyc = cycle(c);
    if (cyc && s.duration < CYCLES_MEASURED * cyc.seconds)
      out.push(
        `${name}: ${formatDuration(s.duration)} measured spans fewer than ${CYCLES_MEASURED} cycles (${cyc.what}); ` +
          `a backlog that builds run after run may not show: measure at least ${formatDuration(CYCLES_MEASURED * cyc.seconds)}`,
      );
    const hold = chefHold(c);
    if (hold !== null && typeof s.warmup === 'number' && s.warmup < hold)
      out.push(
        `${name}: the warm-up (${formatDuration(s.warmup)}) is shorter than the ${formatDuration(hold)} a chef run holds ` +
          `its connections on average; measuring starts before the proxy pools reach their steady state`,
      );
  });
  return out;
}
