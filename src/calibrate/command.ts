/** `nmsim calibrate <logs..>`: fit a scenario fragment from HAProxy or eventlet access logs. */
import { basename } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { calibrate, CalibrationError, fragmentYaml } from './calibrate.js';
import { calibrationPage } from './page.js';
import { LogParser } from './parse.js';
import { MAX_LOG_BYTES, MAX_LOGS_BYTES, readLog } from './read-log.js';
import { traceCsv } from './trace.js';
import { commandStarted, interrupt, interruptExitCode, UsageError, writeAll } from '../cli/common.js';
import { WriteFailed, yieldToSignals } from '../cli/output.js';
import { FileRefused } from '../scenario/read-file.js';
import { MAX_INSTANCES } from '../scenario/schema.js';
import { printable, printableLines } from '../scenario/text.js';

export interface CalibrateArgs {
  logs: string[];
  format: 'haproxy' | 'eventlet' | 'auto';
  component: 'proxy' | 'agent';
  out: string;
  name: string;
  instances?: number;
  json: boolean;
  quiet: boolean;
  /** Also write the replay trace `<name>.csv`. */
  trace?: boolean;
}

/** Bad --name or --instances: exit 2 before any log is read. */
function checkArgs(args: CalibrateArgs): void {
  // A name is a file stem inside --out: "../../x" would write outside it.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(args.name))
    throw new CalibrationError(
      `--name ${JSON.stringify(args.name)}: a file name stem (letters, digits, ".", "_", "-"; no path separators), e.g. calibrated`,
    );
  const n = args.instances;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= MAX_INSTANCES))
    throw new CalibrationError(`--instances must be a whole number from 1 to ${MAX_INSTANCES}, got ${String(n)}`);
}

export async function runCalibrate(args: CalibrateArgs): Promise<number> {
  try {
    checkArgs(args);
    const files = [];
    let left = MAX_LOGS_BYTES;
    const between = async (): Promise<boolean> => {
      await yieldToSignals();
      return !interrupt.signal.aborted;
    };
    for (const path of args.logs) {
      const parser = new LogParser(basename(path), args.format);
      try {
        left -= await readLog(path, parser, between, Math.min(MAX_LOG_BYTES, left));
      } catch (e) {
        if (!(e instanceof FileRefused)) throw e;
        const over = left < MAX_LOG_BYTES ? ` (the logs together may hold ${MAX_LOGS_BYTES} bytes)` : '';
        throw new CalibrationError(`${printable(path)}: ${e.reason}${/over the limit/.test(e.reason) ? over : ''}`);
      }
      if (interrupt.signal.aborted) return interruptExitCode();
      files.push({ path, result: parser.finish() });
    }
    const c = calibrate({ files, instances: args.instances, component: args.component });
    const fitted = fragmentYaml(c, { files, instances: args.instances, component: args.component }, args.logs);
    // The trace is named in the fragment, so whoever finds one finds the other.
    const yaml = args.trace
      ? `${fitted}# Replay every logged request: clients: [{ kind: replay, file: ${args.name}.csv }]\n`
      : fitted;
    const html = await calibrationPage(c, args.logs);
    const outputs = [
      { name: `${args.name}.yaml`, content: yaml },
      { name: `${args.name}.html`, content: html },
    ];
    if (args.trace) outputs.push({ name: `${args.name}.csv`, content: traceCsv(files) });
    let written: string[];
    try {
      written = await writeAll({ out: args.out }, outputs);
    } catch (e) {
      if (interrupt.signal.aborted) return interruptExitCode();
      if (e instanceof UsageError) throw new CalibrationError(e.message);
      if (e instanceof WriteFailed) {
        process.stderr.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
    const { fitCdfs: _f, sample: _s, ...report } = c;
    if (args.json) process.stdout.write(JSON.stringify({ ...report, written }, null, 2) + '\n');
    else {
      process.stdout.write(
        `${c.valid} valid lines (${c.malformed} malformed) -> ${c.best.family} fit, KS D ${c.best.ks.toFixed(4)}; ` +
          `p50 ${c.responseTimes.p50.toPrecision(3)} s, p99 ${c.responseTimes.p99.toPrecision(3)} s\n`,
      );
      for (const m of c.malformedExamples)
        process.stdout.write(`malformed lines in ${printable(m.file)}, e.g. ${m.lines.join(', ')}\n`);
      if (!args.quiet) process.stderr.write(`wrote ${written.map(printable).join(', ')}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CalibrationError) {
      process.stderr.write(`${printableLines(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  builder: (y: Argv) =>
    y
      .positional('logs', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Log files (regular files, at most 256 MiB each and 1 GiB together)',
      })
      .option('format', {
        choices: ['haproxy', 'eventlet', 'auto'] as const,
        default: 'auto' as const,
        describe: 'Log format (auto: judged from the lines)',
      })
      .option('component', {
        choices: ['proxy', 'agent'] as const,
        default: 'agent' as const,
        describe: 'For eventlet logs: whose lines these are',
      })
      .option('out', {
        alias: 'o',
        type: 'string',
        default: 'reports',
        describe: 'Folder for <name>.yaml and <name>.html (and <name>.csv with --trace)',
      })
      .option('name', { type: 'string', default: 'calibrated', describe: 'Base name of the outputs' })
      .option('instances', {
        type: 'number',
        describe: 'Instances behind the logged proxies: adds a periodic client with the observed rate',
      })
      .option('trace', {
        type: 'boolean',
        default: false,
        describe:
          'Also write <name>.csv: every logged request as a replay trace (time,instance,service) for a `kind: replay` client',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the calibration as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false })
      .example('$0 calibrate /var/log/haproxy-metadata.log --instances 1000', 'fit from HAProxy httplog lines')
      .example('$0 calibrate haproxy.log --trace --name yesterday', 'also write yesterday.csv to replay')
      .example(
        '$0 calibrate metadata-agent.log --format eventlet --component agent',
        'fit the agent from its wsgi lines',
      ) as unknown as Argv<CalibrateArgs>,
  handler: async (args) => {
    commandStarted();
    process.exitCode = await runCalibrate(args);
  },
};
