/**
 * The CLI as the benchmarks run it: the checkout's root (commands run from there, so every build
 * reads the same scenario files and prints the same relative paths), a built checkout's
 * launcher, and the issue-13 flagship command (`nmsim run test/bench/flagship-day.yaml -r 1
 * -w 1`; callers add --no-report and their output options).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built CLI of `checkout` (dist/src/cli/main.js, the bundle's launcher). */
export const cliOf = (checkout: string): string => join(checkout, 'dist/src/cli/main.js');

/** Throws unless every checkout has been built. */
export function requireBuilt(checkouts: readonly string[]): void {
  for (const c of checkouts)
    if (!existsSync(cliOf(c))) throw new Error(`${c}: no ${cliOf(c)} (run npm run build there)`);
}

export const FLAGSHIP_SCENARIO = 'test/bench/flagship-day.yaml';
export const FLAGSHIP_RUN: readonly string[] = ['run', FLAGSHIP_SCENARIO, '-r', '1', '-w', '1'];
