/**
 * The timeouts HAProxy applies, from the ones a configuration sets. In HAProxy a timeout of 0
 * is the same as one not set (`timeout client 0` is reported at start-up as "missing timeouts
 * ... please ensure that all following timeouts are set to a non-zero value", HAProxy 2.6
 * `haproxy -c`), and an unset timeout either is infinite or falls back to another one
 * (configuration.txt, "timeout http-request", "timeout http-keep-alive", "timeout queue"):
 * - `timeout client` and `timeout server`: unset is infinite;
 * - `timeout http-request`: unset, the client timeout applies to the waiting request;
 * - `timeout http-keep-alive`: unset, `timeout http-request` applies, then `timeout client`;
 * - `timeout queue`: unset, "the same value as the backend's connection timeout
 *   (`timeout connect`)".
 * Infinity stands for no timeout.
 */
import type { HaproxyCfg } from '../scenario/schema.js';

export interface HaproxyTimeouts {
  client: number;
  server: number;
  httpRequest: number;
  httpKeepAlive: number;
  queue: number;
}

const set = (v: number): number | undefined => (v > 0 ? v : undefined);

export function haproxyTimeouts(cfg: HaproxyCfg): HaproxyTimeouts {
  const client = set(cfg.timeoutClient) ?? Infinity;
  const httpRequest = set(cfg.timeoutHttpRequest) ?? client;
  return {
    client,
    server: set(cfg.timeoutServer) ?? Infinity,
    httpRequest,
    httpKeepAlive: set(cfg.timeoutHttpKeepAlive) ?? httpRequest,
    queue: set(cfg.timeoutQueue) ?? set(cfg.timeoutConnect) ?? Infinity,
  };
}
