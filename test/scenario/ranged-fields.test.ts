import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RANGED_FIELDS } from '../../src/scenario/ranged-fields.generated.js';
import { rangedFieldsFromSchema } from '../../src/scenario/uncertain.js';

test('ranged fields: the generated table equals the walk of the JSON Schema (else: npm run gen:ranged)', () => {
  assert.deepEqual(
    RANGED_FIELDS,
    rangedFieldsFromSchema(),
    'src/scenario/ranged-fields.generated.ts is stale: run npm run gen:ranged',
  );
});

test('ranged fields: the table holds the unconfirmed fields run names, client fields with their kind', () => {
  const byPath = new Map(RANGED_FIELDS.map((f) => [f.path, f]));
  assert.equal(byPath.get('proxy.eventlet.cpuPerRequest')?.unconfirmed, true);
  assert.equal(byPath.get('proxy.eventlet.cpuPerRequest')?.integer, false);
  assert.ok(
    RANGED_FIELDS.some((f) => f.clientKind === 'chef'),
    'no client field: kinds are lost',
  );
});
