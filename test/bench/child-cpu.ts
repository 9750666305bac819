/**
 * CPU seconds of finished child processes, for the benchmarks that run the CLI: this process's
 * cutime + cstime (fields 16 and 17 of /proc/self/stat, in clock ticks), which count every
 * thread of a waited-for child (its workers included). Linux only.
 */
import { readFileSync } from 'node:fs';

const TICK = 0.01; // USER_HZ is 100 on Linux

export function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK;
}
