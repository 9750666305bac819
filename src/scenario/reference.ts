/**
 * The scenario reference (scenarios/REFERENCE.md), generated from the zod schema (through its
 * JSON Schema) so it cannot drift from the code: every field with its type, default and
 * description, one table per section; values without a public source are flagged.
 * `nmsim schema --markdown` prints it; a test checks the committed file is current.
 */
import { scenarioJsonSchema } from './json-schema.js';
import type { PlausibleRange } from './plausible.js';
import { DIST_KINDS } from '../engine/dist-kinds.js';
import { RELEASE_PRESETS } from './presets.js';
import { formatDuration } from './units.js';
import { CAPS, MAX_MEMORY_BYTES, MAX_REQUESTS, MAX_SAMPLES, MAX_SWEEP_POINTS } from './bounds.js';
import { MAX_LIST, MAX_TEXT } from './raw-checks.js';
import { MAX_FILE_BYTES, MAX_VALUES } from './read-file.js';

interface JS {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JS>;
  items?: JS;
  anyOf?: JS[];
  oneOf?: JS[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  plausible?: PlausibleRange;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const isDuration = (s: JS): boolean =>
  !!s.anyOf &&
  s.anyOf.length === 2 &&
  s.anyOf[0].type === 'number' &&
  s.anyOf[1].type === 'string' &&
  s.anyOf[1].pattern !== undefined;

const isDist = (s: JS): boolean =>
  !!s.anyOf && s.anyOf.some((a) => a.type === 'object' && a.properties?.kind?.type === 'string');

const objectsOf = (s: JS): JS[] => (s.anyOf ?? s.oneOf ?? [s]).filter((a) => a.type === 'object' && a.properties);

function range(s: JS): string {
  const lo =
    s.minimum !== undefined && s.minimum > -MAX_SAFE
      ? `≥ ${s.minimum}`
      : s.exclusiveMinimum !== undefined
        ? `> ${s.exclusiveMinimum}`
        : '';
  const hi =
    s.maximum !== undefined && s.maximum < MAX_SAFE
      ? `≤ ${s.maximum}`
      : s.exclusiveMaximum !== undefined
        ? `< ${s.exclusiveMaximum}`
        : '';
  return [lo, hi].filter(Boolean).join(', ');
}

function typeOf(s: JS): string {
  if (isDuration(s)) return 'duration';
  if (isDist(s)) return 'distribution';
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e) => `\`${JSON.stringify(e)}\``).join(', ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeOf))].join(' or ');
  if (s.type === 'array')
    return `list of ${s.items ? typeOf(s.items) : 'values'}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
  if (s.type === 'object') return 'mapping';
  if (s.type === 'integer' || s.type === 'number') {
    const r = range(s);
    return `${s.type}${r ? ` ${r}` : ''}`;
  }
  if (s.type === 'string' && s.pattern) return `string matching \`${s.pattern}\``;
  return Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
}

/** A default in YAML flow style, as one would write it in a scenario. */
function yamlFlow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${yamlFlow(x)}`)
      .join(', ')}}`;
  if (typeof v === 'string')
    return /^[A-Za-z][\w.-]*$/.test(v) && !/^(true|false|null|yes|no)$/i.test(v) ? v : JSON.stringify(v);
  return String(v);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ').trim();

function describe(s: JS): { text: string; unconfirmed: boolean } {
  const d =
    s.description ?? (s.anyOf ?? []).find((a) => a.description && a.description !== 'seconds')?.description ?? '';
  const unconfirmed = d.includes('[unconfirmed]');
  if (d.startsWith('A duration distribution in seconds')) return { text: '', unconfirmed };
  return { text: d.replace(/\[unconfirmed\]\s*/g, '').trim() + plausibleText(s), unconfirmed };
}

/** " plausible: 5 s–10 min (log-uniform; median): why." for a field with a plausible range. */
function plausibleText(s: JS): string {
  const r = s.plausible;
  if (!r) return '';
  const dist = isDist(s);
  const v = (x: number): string => (dist || isDuration(s) ? formatDuration(x) : String(x));
  return ` *plausible: ${v(r.low)}–${v(r.high)}* (${r.shape === 'log' ? 'log-uniform' : 'uniform'}${dist ? ', of the median' : ''}): ${r.why}.`;
}

/**
 * Descriptions of fields the schema leaves undescribed (to move into schema.ts's `.describe()`
 * calls eventually); keyed by field path with `[]` for list items.
 */

interface Section {
  /** Heading. */
  title: string;
  /** Field path of the mapping, `[]` for list items (for the fallback descriptions). */
  path: string;
  intro: string;
  node: JS;
}

/** Renders one mapping as a table and queues its nested mappings as further sections. */
function table(sec: Section, queue: Section[]): string[] {
  const out: string[] = [`## \`${sec.title}\``, ''];
  if (sec.intro) out.push(cell(sec.intro), '');
  out.push('| field | type | default | description |', '|---|---|---|---|');
  const required = new Set(sec.node.required ?? []);
  const suffix = sec.title.includes(' (kind: ') ? sec.title.slice(sec.title.indexOf(' (kind: ')) : '';
  for (const [k, v] of Object.entries(sec.node.properties ?? {})) {
    const path = sec.path ? `${sec.path}.${k}` : k;
    const d = describe(v);
    const text = d.text;
    const { unconfirmed } = d;
    let type = typeOf(v);
    let showDefault = true;
    const alts = v.anyOf ?? v.oneOf;
    const nested = isDist(v) || isDuration(v) ? [] : objectsOf(v);
    const itemObjs = v.type === 'array' && v.items ? objectsOf(v.items) : [];
    if (nested.length === 1) {
      const title = `${path}${suffix}`;
      const others = (alts ?? []).filter((a) => a !== nested[0]).map(typeOf);
      type = `${others.length ? `${others.join(' or ')} or ` : ''}mapping (see [\`${title}\`](#${anchor(title)}))`;
      showDefault = typeof v.default !== 'object';
      queue.push({ title, path, intro: text, node: nested[0] });
    } else if (itemObjs.length === 1) {
      const title = `${path}[]${suffix}`;
      type = `list of mappings (see [\`${title}\`](#${anchor(title)}))`;
      queue.push({ title, path: `${path}[]`, intro: text, node: itemObjs[0] });
    } else if (itemObjs.length > 1) {
      const kinds = itemObjs.map((o) => String(o.properties?.kind?.const ?? '?'));
      type = `list of mappings, by \`kind\`: ${kinds.map((kd) => `[\`${kd}\`](#${anchor(`${path}[] (kind: ${kd})`)})`).join(', ')}`;
      itemObjs.forEach((o, i) =>
        // A kind with its own description (replay's trace format) shows it as its section's intro.
        queue.push({
          title: `${path}[] (kind: ${kinds[i]})`,
          path: `${path}[]`,
          intro: typeof o.description === 'string' ? o.description : text,
          node: o,
        }),
      );
    }
    const def =
      v.default !== undefined && showDefault
        ? `\`${yamlFlow(v.default)}\``
        : v.default !== undefined
          ? 'see below'
          : required.has(k)
            ? '*required*'
            : '';
    const desc = `${unconfirmed ? '**[unconfirmed]** ' : ''}${text}`;
    out.push(`| \`${k}\` | ${cell(type)} | ${cell(def)} | ${cell(desc)} |`);
  }
  out.push('');
  return out;
}

function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/** The caps of bounds.ts, as a table: refused unless --allow-large. */
function boundsLines(): string[] {
  return [
    '## Bounds',
    '',
    'Checked after the fields and before anything is allocated; a scenario over a cap is refused naming the field',
    '(exit 2) unless the command is given `--allow-large`. Any duration is at most 1e9 s (not liftable); `duration`,',
    '`sampleInterval`, `cronPeriod` and `kernel.initialRto` must be more than 0. Timeouts follow the real software: more',
    'than 0 where it fails with 0 (`agent.rpcTimeout`: oslo.messaging times out at once; ohai `probeTimeout` and',
    '`readTimeout`: Ruby polls and gives up; cloud-init `timeout` and `waitTimeout`: urllib3 refuses 0); 0 = none or not',
    "set where it documents that (HAProxy's timeouts, with its fallbacks; eventlet `clientSocketTimeout`; ohai",
    "`openTimeout`; `agent.novaTimeout`, the call without a timeout before 2024.1; the generic periodic client's `timeout`).",
    '',
    '| field | cap | what it sizes |',
    '|---|---|---|',
    ...CAPS.map((c) => `| \`${c.path.replace(/\.\*\./g, '[].')}\` | ${c.max.toLocaleString('en-US')} | ${c.what} |`),
    `| requests in all (estimated: instances x sessions x requests x replications) | ${MAX_REQUESTS.toExponential(0)} | about an hour of CPU |`,
    `| memory of a replication (estimated: 2 KB an instance and an open connection) | ${MAX_MEMORY_BYTES / 1024 ** 3} GiB | |`,
    `| points of each time series (\`duration\` + warm-up over \`sampleInterval\`) | ${MAX_SAMPLES.toLocaleString('en-US')} | |`,
    `| sweep grid points (\`--set\` values multiplied) | ${MAX_SWEEP_POINTS.toLocaleString('en-US')} | |`,
    '',
  ];
}

/** One line per distribution kind, generated from the registry. */
function distributionKindsLines(): string[] {
  return Object.entries(DIST_KINDS).map(
    ([kind, def]) =>
      `  - \`${kind}\`: ${def.forms.map((f) => `\`{${[...f.params, ...(f.optional ?? []).map((o) => `${o}?`)].join(', ')}}\``).join(' or ')}`,
  );
}

export function scenarioReferenceMarkdown(): string {
  const root = scenarioJsonSchema() as JS;
  const out: string[] = [
    '# Scenario reference',
    '',
    '<!-- Generated from src/scenario/schema.ts by `nmsim schema --markdown > scenarios/REFERENCE.md`; do not edit by hand (a test checks it is current). -->',
    '',
    'A scenario is a YAML (or JSON) file. `nmsim validate <file>` checks one; `nmsim schema` prints the JSON Schema for editors.',
    '',
    '- **Durations** are seconds (`30`) or a number with a unit: `250us`, `250ms`, `30s`, `15m`, `2h`, `7d`. Units are',
    '  case-sensitive and lower case: `5M` is an error, not five minutes.',
    '- **Distributions** (durations in seconds) are a number (a constant) or a mapping with a `kind`:',
    '  `{kind: constant, value: 0.1}`, `{kind: exponential, mean: 5}`, `{kind: uniform, min: 2, max: 8}`,',
    '  `{kind: normal, mean: 1, sd: 0.2, min: 0}`, `{kind: lognormal, median: 0.002, p99: 0.008}` (or `mean`/`p99`, or `mu`/`sigma`),',
    '  `{kind: gamma, mean: 1, cv: 0.5}` (or `shape`/`scale`), `{kind: empirical, samples: [...]}` or',
    '  `{kind: empirical, quantiles: [[0, 0.001], [0.5, 0.003], [1, 0.05]]}`,',
    '  `{kind: mixture, components: [{weight: 0.9, dist: ...}, {weight: 0.1, dist: ...}]}`.',
    '  The parameters of each kind (`x?` optional); any other parameter, or parameters of two forms mixed, is an error:',
    ...distributionKindsLines(),
    '- **`extends: base.yaml`** (relative to the file) starts from another scenario: mappings merge field by field, the',
    '  extending file winning; lists (networks, routers, clients) are replaced whole. Chains are allowed, cycles are errors.',
    '  A parent is a regular file named `.yaml`, `.yml` or `.json`; every file read is at most',
    `  ${MAX_FILE_BYTES / 1024 / 1024} MiB and ${MAX_VALUES.toLocaleString('en-US')} values (commas and lines), text at most ${MAX_TEXT} characters without control characters (a description may`,
    `  have newlines), lists at most ${MAX_LIST.toLocaleString('en-US')} items, and the keys \`__proto__\`, \`constructor\`, \`prototype\` are refused.`,
    '- **`release:`** applies the defaults of a Neutron release beneath the fields the file sets (see the table below).',
    '- Defaults come from the public sources summarised in `domain.md` (Neutron, Nova, ohai, chef, cloud-init, Linux).',
    '  **[unconfirmed]** marks values with no public source: parameters with a plausible default, to be set from your',
    '  own measurements. Each has a *plausible* range (low–high, for a distribution its median) that `nmsim robust`',
    '  explores; a scenario can replace it or add one for any numeric field with `ranges:`.',
    '- Unknown fields are errors: a misspelt field never silently falls back to its default.',
    '',
    ...boundsLines(),
    '## Release presets',
    '',
    '| release | sets |',
    '|---|---|',
    ...Object.entries(RELEASE_PRESETS).map(([r, p]) => `| \`${r}\` | \`${cell(yamlFlow(p))}\` |`),
    '',
  ];
  const queue: Section[] = [{ title: '(top level)', path: '', intro: root.description ?? '', node: root }];
  // Depth first: a mapping's nested mappings follow it.
  while (queue.length > 0) {
    const children: Section[] = [];
    out.push(...table(queue.shift()!, children));
    queue.unshift(...children);
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
