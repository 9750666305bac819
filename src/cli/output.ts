/**
 * Writing outputs without ever leaving half-written files: every file of a command is first
 * written under a temporary name in the destination folder, and only when all of them are
 * complete are they renamed into place (rename is atomic within a folder). On an error or
 * Ctrl-C the temporaries are removed, so the folder holds either the complete new set of
 * files or the old ones.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Temporary files not yet renamed, across every OutputSet (for the Ctrl-C handler). */
const pending = new Set<string>();

/** Removes temporaries left by an interrupted command. Safe to call at any time. */
export function cleanupPending(): void {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
}

export class OutputSet {
  private staged: { tmp: string; final: string }[] = [];

  constructor(readonly dir: string) {}

  /** Writes `content` to a temporary file; returns the final path it will have. */
  add(name: string, content: string): string {
    mkdirSync(this.dir, { recursive: true });
    const final = join(this.dir, name);
    const tmp = join(this.dir, `.${name}.${process.pid}.${this.staged.length}.tmp`);
    pending.add(tmp);
    writeFileSync(tmp, content);
    this.staged.push({ tmp, final });
    return final;
  }

  /** Renames every staged file into place; returns the final paths. */
  commit(): string[] {
    const out: string[] = [];
    for (const s of this.staged) {
      renameSync(s.tmp, s.final);
      pending.delete(s.tmp);
      out.push(s.final);
    }
    this.staged = [];
    return out;
  }

  /** Removes the staged temporaries. */
  discard(): void {
    for (const s of this.staged) {
      rmSync(s.tmp, { force: true });
      pending.delete(s.tmp);
    }
    this.staged = [];
  }
}

/** A file-name-safe stem: "scenarios/incident.yaml" -> "incident". */
export function fileStem(file: string): string {
  return slug(basename(file).replace(/\.(ya?ml|json)$/i, ''));
}

/** A file-name-safe slug of any text. */
export function slug(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return s || 'scenario';
}
