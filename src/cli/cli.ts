/**
 * The command line, loaded by main.ts once the signal handlers are in place: parses the
 * arguments with yargs, loads the chosen command's module and runs it.
 *
 * Exit codes: 0 done (whether or not the SLO is met), 1 unexpected error or a failed write (disk
 * full: one line, nothing written), 2 bad input (usage or scenario errors, printed on stderr;
 * nothing written), 130 interrupted by Ctrl-C, 143 terminated by SIGTERM (nothing written,
 * temporary files removed).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { NMSIM_VERSION } from '../version.js';
import { chosenCommand, COMMANDS } from './commands/index.js';
import { EXIT_BAD_INPUT } from './common.js';

const argv = hideBin(process.argv);
// Only the command being run is loaded; the others are listed by name and description.
const chosen = chosenCommand(argv);
const chosenModule = chosen === undefined ? undefined : await chosen.load();

const cli = yargs(argv).scriptName('nmsim');
for (const c of COMMANDS) {
  const m = c === chosen ? chosenModule! : { handler: () => {} };
  cli.command({ ...m, command: c.command, describe: c.describe });
}
await cli
  .usage(
    '$0 <command> [options]\n\nSimulate the OpenStack Neutron metadata path: what latency and how many timeouts a metadata design gives, and what fixes them.',
  )
  .demandCommand(1, 'Give a command: run, compare, sweep, merge, capacity, robust, calibrate, validate or schema.')
  .recommendCommands()
  .strict()
  .version(NMSIM_VERSION)
  .help()
  .alias('h', 'help')
  .example('$0 run scenarios/incident.yaml', 'Simulate the incident; report in reports/incident.html')
  .example('$0 compare scenarios/incident.yaml scenarios/haproxy.yaml', 'Compare two designs')
  .example("$0 capacity scenarios/haproxy.yaml --slo 'p99<2s'", 'How many instances meet the SLO')
  .wrap(Math.min(120, process.stdout.columns || 100))
  .epilogue(
    'Scenario fields: scenarios/REFERENCE.md (nmsim schema --markdown). Exit codes: 0 done, 1 unexpected error or ' +
      'failed write (disk full), 2 bad input (nothing written), 130 interrupted by Ctrl-C, 143 terminated by SIGTERM ' +
      '(nothing written).',
  )
  .fail((msg, err) => {
    if (err && err.name !== 'UsageError' && err.name !== 'YError') throw err;
    process.stderr.write(`nmsim: ${msg ?? err?.message}\nRun nmsim --help (or nmsim <command> --help) for usage.\n`);
    process.exit(EXIT_BAD_INPUT);
  })
  .parseAsync();
