/**
 * HAProxy's timeouts as it applies them: a 0 is "not set", and an unset timeout is infinite
 * (client, server) or falls back as configuration.txt says (http-request -> client,
 * http-keep-alive -> http-request -> client, queue -> connect). Before, a 0 timeout queue gave
 * every queued request an immediate 503, and 0 for http-request or keep-alive meant infinite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haproxyTimeouts } from '../../src/model/haproxy-timeouts.js';
import { HaproxyProxy } from '../../src/scenario/schema.js';

const cfg = (o: Record<string, number>) => HaproxyProxy.parse(o);

test('HAProxy timeouts as set: http-request 30, keep-alive 30, queue 30, client 32, server 32 (the defaults)', () => {
  assert.deepEqual(haproxyTimeouts(cfg({})), { client: 32, server: 32, httpRequest: 30, httpKeepAlive: 30, queue: 30 });
});

test('0 is not set: http-request and keep-alive fall back to client (32 s), queue to connect (5 s)', () => {
  const t = haproxyTimeouts(
    cfg({ timeoutHttpRequest: 0, timeoutHttpKeepAlive: 0, timeoutQueue: 0, timeoutConnect: 5 }),
  );
  assert.equal(t.httpRequest, 32);
  assert.equal(t.httpKeepAlive, 32);
  assert.equal(t.queue, 5);
});

test('keep-alive unset takes http-request (12 s) before client', () => {
  assert.equal(haproxyTimeouts(cfg({ timeoutHttpKeepAlive: 0, timeoutHttpRequest: 12 })).httpKeepAlive, 12);
});

test('all unset: every timeout infinite, none firing at once', () => {
  const zero = {
    timeoutClient: 0,
    timeoutServer: 0,
    timeoutHttpRequest: 0,
    timeoutHttpKeepAlive: 0,
    timeoutQueue: 0,
    timeoutConnect: 0,
  };
  for (const [k, v] of Object.entries(haproxyTimeouts(cfg(zero)))) assert.equal(v, Infinity, k);
});
