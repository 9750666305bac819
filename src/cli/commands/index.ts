/**
 * The commands: name, usage and one-line description (what `nmsim --help` lists), and where
 * each one's options and handler live. main.ts imports only the module of the command being
 * run, so `nmsim --help` or `nmsim validate` do not load the chart libraries (vega, vega-lite,
 * through the report and calibrate modules) or the statistics packages (@stdlib): loading all
 * of them made every start 12x slower than a bare `node -e 0`.
 */
import type { CommandModule } from 'yargs';

export interface CommandEntry {
  name: string;
  command: string;
  describe: string;
  /** The command's builder and handler (its module, imported on demand). */
  load: () => Promise<CommandModule<object, any>>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    command: 'run <scenario>',
    describe: 'Simulate a scenario: summary table, JSON result, latency CSV and HTML report',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'compare',
    command: 'compare <scenarios..>',
    describe: 'Run several scenarios with the same random numbers and compare them',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    name: 'sweep',
    command: 'sweep <scenario>',
    describe: 'Run a scenario over a grid of one or two parameters',
    load: async () => (await import('./sweep.js')).sweepCommand,
  },
  {
    name: 'merge',
    command: 'merge <partials..>',
    describe: 'Combine the partial files of a sharded sweep or robust study (--shard) into its results and report',
    load: async () => (await import('./merge.js')).mergeCommand,
  },
  {
    name: 'capacity',
    command: 'capacity <scenario>',
    describe: 'Find the largest load (or smallest setting) that meets an SLO, by bisection',
    load: async () => (await import('./capacity.js')).capacityCommand,
  },
  {
    name: 'robust',
    command: 'robust <scenarios..>',
    describe:
      'Share of plausible worlds (unconfirmed parameters across their ranges) in which each design meets the SLO',
    load: async () => (await import('./robust.js')).robustCommand,
  },
  {
    name: 'calibrate',
    command: 'calibrate <logs..>',
    describe: 'Fit a scenario fragment (agent response time, arrival rate) from HAProxy or eventlet access logs',
    load: async () => (await import('../../calibrate/command.js')).calibrateCommand,
  },
  {
    name: 'validate',
    command: 'validate <files..>',
    describe: 'Check scenario files (extends, presets, schema, addressing) without simulating',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'schema',
    command: 'schema',
    describe: 'Print the JSON Schema of scenario files, or the scenario reference (--markdown)',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
];

/** The command a command line names: its first word that is a command's name, if any. */
export function chosenCommand(argv: readonly string[]): CommandEntry | undefined {
  for (const a of argv) {
    const c = COMMANDS.find((x) => x.name === a);
    if (c !== undefined) return c;
  }
  return undefined;
}
