/**
 * The issue-13 flagship command's arguments (`nmsim run test/bench/flagship-day.yaml -r 1 -w 1`,
 * run from the checkout's root; callers add --no-report and their output options), shared by
 * the benchmarks that time it through the CLI.
 */
export const FLAGSHIP_RUN: readonly string[] = ['run', 'test/bench/flagship-day.yaml', '-r', '1', '-w', '1'];
