/** `nmsim calibrate <logs..>`: fit a scenario fragment from HAProxy or eventlet access logs. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { calibrate, CalibrationError, fragmentYaml } from './calibrate.js';
import { calibrationPage } from './page.js';
import { parseLog } from './parse.js';

export interface CalibrateArgs {
  logs: string[];
  format: 'haproxy' | 'eventlet' | 'auto';
  component: 'proxy' | 'agent';
  out: string;
  name: string;
  instances?: number;
  json: boolean;
  quiet: boolean;
}

/** Writes all files or none: temporaries first, renamed into place at the end. */
function writeAll(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const staged = Object.entries(files).map(([name, content]) => {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, content);
    return { tmp, final: join(dir, name) };
  });
  try {
    for (const s of staged) renameSync(s.tmp, s.final);
  } finally {
    for (const s of staged) rmSync(s.tmp, { force: true });
  }
  return staged.map((s) => s.final);
}

export async function runCalibrate(args: CalibrateArgs): Promise<number> {
  try {
    const files = args.logs.map((path) => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new CalibrationError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      return { path, result: parseLog(text, basename(path), args.format) };
    });
    const c = calibrate({ files, instances: args.instances, component: args.component });
    const written = writeAll(args.out, {
      [`${args.name}.yaml`]: fragmentYaml(
        c,
        { files, instances: args.instances, component: args.component },
        args.logs,
      ),
      [`${args.name}.html`]: await calibrationPage(c, args.logs),
    });
    const { fitCdfs: _f, sample: _s, ...report } = c;
    if (args.json) process.stdout.write(JSON.stringify({ ...report, written }, null, 2) + '\n');
    else {
      process.stdout.write(
        `${c.valid} valid lines (${c.malformed} malformed) -> ${c.best.family} fit, KS D ${c.best.ks.toFixed(4)}; ` +
          `p50 ${c.responseTimes.p50.toPrecision(3)} s, p99 ${c.responseTimes.p99.toPrecision(3)} s\n`,
      );
      for (const m of c.malformedExamples)
        process.stdout.write(`malformed lines in ${m.file}, e.g. ${m.lines.join(', ')}\n`);
      if (!args.quiet) process.stderr.write(`wrote ${written.join(', ')}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CalibrationError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  builder: (y: Argv) =>
    y
      .positional('logs', { type: 'string', array: true, demandOption: true, describe: 'Log files' })
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
        describe: 'Folder for <name>.yaml and <name>.html',
      })
      .option('name', { type: 'string', default: 'calibrated', describe: 'Base name of the outputs' })
      .option('instances', {
        type: 'number',
        describe: 'Instances behind the logged proxies: adds a periodic client with the observed rate',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the calibration as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false })
      .example('$0 calibrate /var/log/haproxy-metadata.log --instances 1000', 'fit from HAProxy httplog lines')
      .example(
        '$0 calibrate metadata-agent.log --format eventlet --component agent',
        'fit the agent from its wsgi lines',
      ) as unknown as Argv<CalibrateArgs>,
  handler: async (args) => {
    process.exitCode = await runCalibrate(args);
  },
};
