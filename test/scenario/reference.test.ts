/**
 * The scenario reference is generated from the schema: the committed scenarios/REFERENCE.md
 * must be what `nmsim schema --markdown` prints (regenerate it with that command).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { scenarioReferenceMarkdown } from '../../src/scenario/reference.js';
import { ROOT } from '../cli/helpers.js';

test('scenarios/REFERENCE.md is up to date (nmsim schema --markdown > scenarios/REFERENCE.md)', () => {
  const committed = readFileSync(join(ROOT, 'scenarios', 'REFERENCE.md'), 'utf8');
  assert.equal(committed, scenarioReferenceMarkdown());
});

test('the reference documents every field, with defaults and [unconfirmed] flags', () => {
  const md = scenarioReferenceMarkdown();
  for (const f of [
    'poolSize',
    'clientSocketTimeout',
    'maxconn',
    'cacheTtl',
    'somaxconn',
    'dhcpAgentsPerNetwork',
    'ohai',
  ])
    assert.match(md, new RegExp(f, 'i'));
  assert.match(md, /\| `poolSize` \| integer ≥ 1 \| `100` \|/);
  assert.match(md, /\*\*\[unconfirmed\]\*\* Python CPU per request in the proxy/);
  assert.match(md, /## `clients\[\] \(kind: cloud-init\)`/);
  assert.match(md, /\| `pike` \|/);
  // Every row has a description.
  const rows = md
    .split('\n')
    .filter((l) => /^\| `[A-Za-z]/.test(l) && !/^\| `(mitaka|newton|ocata|pike|queens)/.test(l));
  for (const r of rows) assert.doesNotMatch(r, /\| *\|$/, `described: ${r}`);
});

test('the JSON Schema carries defaults and duration patterns for editors', () => {
  const s = scenarioJsonSchema() as { properties: Record<string, any> };
  assert.equal(s.properties.duration.default, 21600);
  const durationString = (s.properties.duration.anyOf as { type: string; pattern?: string }[]).find(
    (a) => a.type === 'string',
  )!;
  const re = new RegExp(durationString.pattern!);
  for (const ok of ['30s', '15m', '2h', '250ms', '1.5h', '30']) assert.match(ok, re);
  assert.doesNotMatch('ten minutes', re);
  assert.equal(s.properties.proxy.properties.eventlet.properties.poolSize.default, 100);
});

test('every [unconfirmed] field has a plausible range (add one with plausible() next to the field)', () => {
  const missing: string[] = [];
  const walk = (node: Record<string, unknown>, path: string): void => {
    const d = typeof node.description === 'string' ? node.description : '';
    if (d.includes('[unconfirmed]') && !node.plausible) missing.push(path);
    for (const alt of (node.anyOf ?? node.oneOf ?? []) as Record<string, unknown>[]) walk(alt, path);
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [k, v] of Object.entries(props ?? {})) walk(v, path ? `${path}.${k}` : k);
    if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
  };
  walk(scenarioJsonSchema(), '');
  assert.deepEqual(missing, []);
  const md = scenarioReferenceMarkdown();
  assert.match(md, /\| `restOfRun` \|[^\n]*\*plausible: 5\.00 s–10\.0 min\* \(log-uniform, of the median\)/);
  assert.match(md, /\| `backgroundRpcRate` \|[^\n]*\*plausible: 0.2–20\* \(log-uniform\)/);
});
