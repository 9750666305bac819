/**
 * Defaults that depend on another field are filled in by the schema, not by the model, so a
 * resolved scenario (and its reference) carries every value the simulation uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scenario } from '../../src/scenario/schema.js';

const parse = (extra: Record<string, unknown>) =>
  Scenario.parse({
    name: 't',
    topology: { networks: [{ name: 'n1', cidr: '10.0.0.0/24', instances: 10 }] },
    clients: [{ kind: 'chef' }],
    ...extra,
  });

test('ohai timeouts: connect 60 s either version; read 30 s pre-995, 10 s post-995, as set when set', () => {
  const ohai = (o: Record<string, unknown> | undefined) => {
    const c = parse({ clients: [{ kind: 'chef', ...(o ? { ohai: o } : {}) }] }).clients[0];
    assert.equal(c.kind, 'chef');
    return c.kind === 'chef' ? [c.ohai.openTimeout, c.ohai.readTimeout] : [];
  };
  assert.deepEqual(ohai(undefined), [60, 30]);
  assert.deepEqual(ohai({ version: 'pre-995' }), [60, 30]);
  assert.deepEqual(ohai({ version: 'post-995' }), [60, 10]);
  assert.deepEqual(ohai({ version: 'post-995', openTimeout: 5, readTimeout: 3 }), [5, 3]);
});

test('agent workers: hostCpus // 2 (8 -> 4, 3 -> 1, 1 -> 1), as set when set', () => {
  assert.equal(parse({}).agent.workers, 4);
  assert.equal(parse({ agent: { hostCpus: 3 } }).agent.workers, 1);
  assert.equal(parse({ agent: { hostCpus: 1 } }).agent.workers, 1);
  assert.equal(parse({ agent: { hostCpus: 8, workers: 7 } }).agent.workers, 7);
});

test('HAProxy backlog defaults to maxconn (1024, or 300 when maxconn is 300); neutron-server api workers to cpus', () => {
  assert.equal(parse({}).proxy.haproxy.backlog, 1024);
  assert.equal(parse({ proxy: { kind: 'haproxy', haproxy: { maxconn: 300 } } }).proxy.haproxy.backlog, 300);
  assert.equal(parse({ proxy: { haproxy: { maxconn: 300, backlog: 50 } } }).proxy.haproxy.backlog, 50);
  assert.equal(parse({ neutronServer: { cpus: 12 } }).neutronServer.apiWorkers, 12);
  assert.equal(parse({ neutronServer: { cpus: 12, apiWorkers: 2 } }).neutronServer.apiWorkers, 2);
});
