/**
 * How long a window drains after it closes (`drain:`), resolved once from the scenario.
 *
 * "auto" is the longest a run that started in the window can take to resolve once every wait in
 * it is a timeout: each request's connect bounded by the client's connect timeout or the
 * kernel's SYN give-up (tcp_syn_retries 6: 1+2+4+8+16+32+64 = 127 s; with
 * tcp_syn_linear_timeouts 4: 131 s), plus its read timeout, times the requests of a run (and
 * cloud-init's retries and waits). Client think times and the sampled pre-crawl / boot delays
 * are not bounded (they are distributions); a run still open at the cap is reported as such.
 * A client without a timeout (`timeout: 0`) counts an hour per request.
 */
import type { ClientSpec, KernelCfg, Scenario } from './schema.js';
import { MAX_DRAIN } from './schema.js';

/** Seconds per request assumed for a client that never times out. */
const NO_TIMEOUT_WAIT = 3600;

/** When connect() gives up after SYN drops: the sum of every retransmission wait. */
export function synGiveUp(k: Pick<KernelCfg, 'synRetries' | 'synLinearTimeouts' | 'initialRto'>): number {
  return k.initialRto * (k.synLinearTimeouts + 1 + 2 ** (k.synRetries + 1) - 2);
}

function connectBound(timeout: number, syn: number): number {
  return timeout > 0 ? Math.min(timeout, syn) : syn;
}

/** The longest one run of this population takes to resolve when every wait in it times out. */
export function runBound(c: ClientSpec, syn: number): number {
  if (c.kind === 'chef') {
    const { openTimeout: open, readTimeout: read } = c.ohai;
    const k = typeof c.ohai.requests === 'number' ? c.ohai.requests : c.ohai.requests.max;
    const perGet = connectBound(open, syn) + (read > 0 ? read : NO_TIMEOUT_WAIT);
    return connectBound(c.ohai.probeTimeout, syn) + k * perGet;
  }
  if (c.kind === 'cloud-init') {
    const perTry = connectBound(c.timeout, syn) + (c.timeout > 0 ? c.timeout : NO_TIMEOUT_WAIT) + c.retryWait;
    const wait = c.datasource === 'ec2' ? c.maxWait + c.retryWait : 0;
    return wait + c.requests * (c.retries + 1) * perTry;
  }
  // A replayed row is one request; a session's rows wait for each other, but each is bounded.
  const requests = c.kind === 'replay' ? 1 : c.requests;
  return requests * (connectBound(c.timeout, syn) + (c.timeout > 0 ? c.timeout : NO_TIMEOUT_WAIT));
}

/** The drain cap in seconds: the scenario's, or "auto" resolved as above (at most MAX_DRAIN). */
export function drainCap(s: Pick<Scenario, 'drain' | 'clients' | 'kernel'>): number {
  if (s.drain !== 'auto') return s.drain;
  const syn = synGiveUp(s.kernel);
  const worst = Math.max(0, ...s.clients.map((c) => runBound(c, syn)));
  return Math.min(MAX_DRAIN, Math.ceil(worst));
}

/** A population's read timeout (0: none). */
export function readTimeout(c: ClientSpec): number {
  if (c.kind === 'chef') return c.ohai.readTimeout;
  return c.timeout;
}

/** The shortest read timeout among the populations that have one, or null. */
export function shortestClientTimeout(s: Pick<Scenario, 'clients'>): number | null {
  const ts = s.clients.map(readTimeout).filter((t) => t > 0);
  return ts.length ? Math.min(...ts) : null;
}
