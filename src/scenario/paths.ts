/**
 * Dotted scenario paths, as the command line writes them (`--set proxy.eventlet.poolSize=200`,
 * `--set topology.networks[0].instances=500`), and the helpers to read and set them in a raw
 * (not yet validated) scenario object.
 */

export type PathSegment = string | number;

export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

/** "topology.networks[0].instances" -> ["topology", "networks", 0, "instances"]. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\./y;
  let expectKey = true;
  let i = 0;
  const s = path.trim();
  if (s === '') throw new PathError('empty path');
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m)
      throw new PathError(`"${path}" is not a field path (e.g. proxy.eventlet.poolSize, topology.networks[0].cidr)`);
    if (m[1] !== undefined) {
      // These would reach Object.prototype through setPath.
      if (m[1] === '__proto__' || m[1] === 'constructor' || m[1] === 'prototype')
        throw new PathError(`"${path}": "${m[1]}" is not a field`);
      if (!expectKey) throw new PathError(`"${path}": expected "." or "[" before "${m[1]}"`);
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (out.length === 0) throw new PathError(`"${path}" must start with a field name`);
      out.push(Number(m[2]));
      expectKey = false;
    } else {
      if (expectKey) throw new PathError(`"${path}": empty field name`);
      expectKey = true;
    }
    i = re.lastIndex;
  }
  if (expectKey) throw new PathError(`"${path}" ends with "."`);
  return out;
}

/** ["topology", "networks", 1, "cidr"] -> "topology.networks[1].cidr" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at `path`, or undefined when any step is missing. */
export function getPath(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof p === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[p];
    } else {
      if (!isObj(cur)) return undefined;
      cur = cur[p as string];
    }
  }
  return cur;
}

/** True when every step of `path` exists in `obj`. */
export function hasPath(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof p === 'number') {
      if (!Array.isArray(cur) || p >= cur.length) return false;
      cur = cur[p];
    } else {
      if (!isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, p)) return false;
      cur = cur[p as string];
    }
  }
  return true;
}

/**
 * Returns a copy of `raw` with `value` at `path`. Missing objects on the way are created; a
 * missing array is copied from `resolved` (the scenario with its defaults) so that e.g.
 * `topology.routers[0].l3Agent` works when the file relies on the default routers.
 */
export function setPath(raw: unknown, path: readonly PathSegment[], value: unknown, resolved?: unknown): unknown {
  const root: unknown = structuredClone(raw);
  if (path.length === 0) return value;
  let cur = root;
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    const last = i === path.length - 1;
    if (typeof p === 'number') {
      if (!Array.isArray(cur)) throw new PathError(`${formatPath(path.slice(0, i))} is not a list`);
      if (p > cur.length)
        throw new PathError(`${formatPath(path.slice(0, i + 1))}: the list has only ${cur.length} item(s)`);
      if (last) cur[p] = value;
      else {
        if (cur[p] === undefined) cur[p] = typeof path[i + 1] === 'number' ? [] : {};
        cur = cur[p];
      }
    } else {
      if (!isObj(cur)) throw new PathError(`${formatPath(path.slice(0, i))} is not a mapping`);
      if (last) cur[p] = value;
      else {
        if (cur[p] === undefined) {
          const fromDefaults = getPath(resolved, path.slice(0, i + 1));
          cur[p] = Array.isArray(fromDefaults)
            ? structuredClone(fromDefaults)
            : typeof path[i + 1] === 'number'
              ? []
              : {};
        }
        cur = cur[p];
      }
    }
  }
  return root;
}
