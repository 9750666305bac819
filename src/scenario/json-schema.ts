/**
 * The JSON Schema of scenario files (what a user writes: `io: 'input'`), for editors and for
 * `nmsim schema`. Generated from the zod schema, with two touch-ups zod leaves out: defaults of
 * fields whose values are converted (durations, distributions) and a pattern for duration
 * strings such as "30s", "15m".
 */
import * as z from './zod.js';
import { Scenario } from './schema.js';

export const DURATION_PATTERN = '^\\s*-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\s*(us|ms|s|m|h|d)?\\s*$';

type Json = Record<string, unknown>;

/** A zod schema's definition, as far as this module looks into it. */
interface Def {
  type: string;
  defaultValue?: unknown;
  in?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
}

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** union(number, string) piped into a transform: the `seconds()` fields of the schema. */
function isDuration(def: Def): boolean {
  if (def.type !== 'pipe' || !def.in) return false;
  const inner = defOf(def.in);
  return (
    inner.type === 'union' &&
    inner.options?.length === 2 &&
    defOf(inner.options[0]).type === 'number' &&
    defOf(inner.options[1]).type === 'string'
  );
}

let cached: Json | undefined;

export function scenarioJsonSchema(): Json {
  if (cached) return structuredClone(cached);
  const schema = z.toJSONSchema(Scenario, {
    io: 'input',
    override: (ctx) => {
      const def = defOf(ctx.zodSchema);
      const js = ctx.jsonSchema as Json;
      if (isDuration(def)) {
        delete js.type;
        js.anyOf = [
          { type: 'number', minimum: 0, description: 'seconds' },
          { type: 'string', pattern: DURATION_PATTERN, description: 'a duration such as "250ms", "30s", "15m", "2h"' },
        ];
      }
      if (def.type === 'default' && js.default === undefined)
        js.default = JSON.parse(JSON.stringify(def.defaultValue)) as unknown;
      if (js.description === '') delete js.description;
    },
  }) as Json;
  schema.title = 'nmsim scenario';
  cached = schema;
  return structuredClone(schema);
}
