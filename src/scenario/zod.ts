import { config } from 'zod';

/**
 * The parts of zod the scenario schema uses, re-exported by name so the bundler keeps only
 * them: `import { z } from 'zod'` is one namespace object that holds every locale, the
 * JSON-Schema reader and the rest, all parsed at every start of `nmsim validate`.
 */
export {
  array,
  discriminatedUnion,
  record,
  boolean,
  enum,
  literal,
  looseObject,
  NEVER,
  number,
  strictObject,
  string,
  union,
  toJSONSchema,
} from 'zod';
export type { input, output, ZodType } from 'zod';

// A scenario is parsed a handful of times per command; zod's compiled fast path (`new Function`
// per object schema) costs more to build than it saves on so few parses.
config({ jitless: true });
