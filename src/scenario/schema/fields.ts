/**
 * The building blocks of the scenario schema: durations (a number of seconds or "30s", "15m"),
 * counts and distributions, each checked against its bound at load time.
 */
import * as z from '../zod.js';
import { compile, describeKinds, DistributionError, type DistSpec } from '../../engine/distributions.js';
import { parseDuration } from '../units.js';

/** Largest instance count accepted before anything is allocated. */
export const MAX_INSTANCES = 1_000_000;

/** Longest duration any field may hold (about 31.7 years); beyond it is a typo such as 1e308. */
export const MAX_SECONDS = 1e9;

/** The schema of a duration field: a number or unit string, 0 to MAX_SECONDS (`positive`: more than 0). */
const durationSchema = (positive: boolean) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const s = parseDuration(v);
    const shown = typeof v === 'string' && v.length > 40 ? 'the text' : JSON.stringify(v);
    if (!Number.isFinite(s) || s < 0 || (positive && s === 0) || s > MAX_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        message:
          Number.isFinite(s) && s >= 0
            ? `${shown} is ${s > MAX_SECONDS ? `over the maximum of ${MAX_SECONDS} s` : 'not allowed: it must be more than 0'}`
            : `${shown} is not a duration >= 0 (e.g. 30, "30s", "15m", "24h"; units us, ms, s, m, h, d in lower case)`,
      });
      return z.NEVER;
    }
    return s;
  });

// Each field describes a shared base (one clone) instead of building its own chain: a chain is
// 5-6 zod instances, and the ~80 such fields were ~40% of the ~930 instances the scenario schema
// built at every start of `nmsim validate` (~25 us each).
const DURATION = durationSchema(false);
const PERIOD = durationSchema(true);
const POS_INT = z.number().int().min(1);
const NON_NEG_INT = z.number().int().min(0);

/**
 * A duration in seconds, 0 to MAX_SECONDS. `positive`: 0 is refused too, for timeouts and
 * periods where 0 would make every request fail at once or a loop never advance the clock.
 */
export const seconds = (desc: string, positive = false) => (positive ? PERIOD : DURATION).describe(desc);

/** A duration that must be more than 0 (a timeout or a period). */
export const period = (desc: string) => seconds(desc, true);

export const posInt = (desc: string) => POS_INT.describe(desc);
export const nonNegInt = (desc: string) => NON_NEG_INT.describe(desc);

/** A no-op stream used only to validate distribution parameters at load time. */
const probeStream = { name: 'validate', next: () => 0.5 };

/**
 * A distribution of durations in seconds: a number (constant) or {kind: ..., params}. Checked by
 * compiling it, so the error names the bad parameter.
 */
export const Dist = z
  .union([z.number(), z.looseObject({ kind: z.string() })])
  .transform((v, ctx): DistSpec => {
    const spec = (typeof v === 'number' ? { kind: 'constant', value: v } : v) as DistSpec;
    try {
      compile(spec, probeStream);
    } catch (e) {
      if (e instanceof DistributionError) {
        ctx.addIssue({ code: 'custom', message: e.message, path: typeof v === 'number' || !e.param ? [] : [e.param] });
        return z.NEVER;
      }
      throw e;
    }
    return spec;
  })
  .describe(
    `A duration distribution in seconds: a number (constant), or one of ${describeKinds()} (x? is optional; any other parameter is an error).`,
  );
export type Dist = DistSpec;
