/**
 * Helpers for the CLI tests: run the BUILT binary (dist/src/cli/main.js) in a child process,
 * and write small scenarios into temporary folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/src/cli/main.js, next to this compiled file's dist/test/cli/. */
export const BIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
/** The repository root (for scenarios/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function nmsim(
  args: string[],
  opts: {
    cwd?: string;
    env?: Record<string, string>;
    /** Options for node itself, before the script (e.g. --import of a test hook). */
    nodeArgs?: string[];
    onSpawn?: (c: ChildProcess) => void;
    /** Called with each message the child sends over an IPC channel (nmsim's signalRunning). */
    onMessage?: (m: unknown, c: ChildProcess) => void;
  } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...opts.env },
      stdio: opts.onMessage ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    if (opts.onMessage) child.on('message', (m) => opts.onMessage!(m, child));
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

/** A fresh temporary folder; removed by the returned cleanup. */
export function tempDir(prefix = 'nmsim-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (name -> content) into dir. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Files in a folder (none if it does not exist), hidden temporaries included. */
export function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A small scenario that simulates in well under a second per replication. */
export const SMALL = `name: small
description: A small test scenario.
duration: 10m
warmup: 0
replications: 2
seed: 3
topology:
  networks:
    - { name: n1, cidr: 10.0.0.0/24, instances: 20 }
clients:
  - kind: chef
    name: chef-client
`;
