/**
 * nmsim schema: the JSON Schema of scenario files (for editors: e.g. the YAML language server's
 * `# yaml-language-server: $schema=...` comment), or with --markdown the scenario reference.
 */
import type { Argv, CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/json-schema.js';
import { scenarioReferenceMarkdown } from '../../scenario/reference.js';
import { guarded } from '../common.js';

interface SchemaArgs {
  markdown: boolean;
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  builder: (y: Argv<object>) =>
    y
      .option('markdown', { type: 'boolean', default: false, describe: 'Print the scenario reference in Markdown' })
      .example('$0 schema > scenario.schema.json', 'For editors: validation and completion of scenario files')
      .example('$0 schema --markdown > scenarios/REFERENCE.md', 'Regenerate the scenario reference')
      .epilogue(
        'The JSON Schema describes what a file may contain (before defaults); it is generated from the same zod ' +
          'schema nmsim validates with, as is the reference.',
      ) as unknown as Argv<SchemaArgs>,
  handler: (a) =>
    guarded(async () => {
      process.stdout.write(
        a.markdown ? scenarioReferenceMarkdown() : `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
      );
    }),
};
