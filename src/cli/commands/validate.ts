/**
 * nmsim validate <files...>: check scenario files without simulating. Prints one line per
 * valid file, and the problems (file: field: reason) of the others on stderr; exit code 2 when
 * any file is invalid.
 */
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError, type ScenarioIssue } from '../../scenario/errors.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { EXIT_BAD_INPUT, guarded, messageOptions, print, printJson, UsageError, type MessageArgs } from '../common.js';

interface ValidateArgs extends MessageArgs {
  files: string[];
  allowLarge: boolean;
}

/** One file's verdict, as `nmsim validate --json` prints it (an array of these). */
export interface ValidationReport {
  file: string;
  valid: boolean;
  name?: string;
  instances?: number;
  /** sha256 of the resolved scenario (the meta.hash its results will carry). */
  hash?: string;
  issues: ScenarioIssue[];
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  builder: (y: Argv<object>) =>
    messageOptions(y)
      .positional('files', { type: 'string', array: true, describe: 'Scenario files' })
      .option('allow-large', {
        type: 'boolean',
        default: false,
        describe:
          'Accept scenarios over the caps on sizes, simulated work and memory (scenarios/REFERENCE.md, "Bounds")',
      })
      .check((a) => {
        if (!Array.isArray(a.files) || a.files.length === 0) throw new UsageError('validate needs at least one file');
        return true;
      })
      .example('$0 validate scenarios/*.yaml', 'Check every shipped scenario')
      .example('$0 validate my.yaml --json', 'Machine-readable verdicts')
      .epilogue(
        'Problems are printed one per line as <file>: <field>: <reason>, naming the file of an extends chain ' +
          'that set the field. Exit code 0 when every file is valid, 2 otherwise.',
      ) as unknown as Argv<ValidateArgs>,
  handler: (a) =>
    guarded(async () => {
      const reports: ValidationReport[] = [];
      const problems: string[] = [];
      for (const f of a.files) {
        try {
          const l = loadScenarioFile(f, { allowLarge: a.allowLarge });
          const instances = l.scenario.topology.networks.reduce((s, n) => s + n.instances, 0);
          reports.push({ file: l.file, valid: true, name: l.scenario.name, instances, hash: l.hash, issues: [] });
          print(a, `ok  ${l.file}: ${l.scenario.name} (${instances} instances, sha256 ${l.hash.slice(0, 12)})`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          reports.push({ file: f, valid: false, issues: e.issues });
          problems.push(e.message);
        }
      }
      printJson(a, reports);
      if (problems.length > 0) {
        process.stderr.write(`${problems.join('\n')}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    }),
};
