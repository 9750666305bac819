/**
 * Writing outputs without ever leaving half-written files: every file of a command is first
 * written under a temporary name in the destination folder, and only when all of them are
 * complete are they renamed into place (rename is atomic within a folder). On an error or
 * Ctrl-C the temporaries are removed, so the folder holds either the complete new set of
 * files or the old ones.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  /**
   * Renames every staged file into place; returns the final paths. All or nothing: a file
   * already there is first moved aside, and if any rename fails the ones done are undone and
   * the old files put back, so a failure at the third file leaves the first two unchanged.
   */
  commit(): string[] {
    const done: { tmp: string; final: string; backup?: string }[] = [];
    try {
      for (const s of this.staged) {
        if (existsSync(s.final) && statSync(s.final).isDirectory())
          throw Object.assign(new Error(`${s.final} is a directory`), { code: 'EISDIR' });
        const backup = existsSync(s.final) ? `${s.tmp}.old` : undefined;
        if (backup) {
          pending.add(backup);
          renameSync(s.final, backup);
        }
        done.push({ ...s, backup });
        renameSync(s.tmp, s.final);
      }
    } catch (e) {
      for (const d of done.reverse()) {
        if (existsSync(d.final) && !existsSync(d.tmp)) renameSync(d.final, d.tmp);
        if (d.backup) renameSync(d.backup, d.final);
      }
      throw e;
    }
    for (const d of done) {
      pending.delete(d.tmp);
      if (d.backup) {
        rmSync(d.backup, { force: true });
        pending.delete(d.backup);
      }
    }
    this.staged = [];
    return done.map((d) => d.final);
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

/** Writing the outputs failed for a reason outside the user's input (disk full, I/O error). */
export class WriteFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteFailed';
  }
}

/** Lets pending signal handlers run (a long synchronous step would otherwise hide Ctrl-C). */
export const yieldToSignals = (): Promise<void> => new Promise((r) => setImmediate(r));

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
