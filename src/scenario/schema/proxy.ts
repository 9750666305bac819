/** The metadata proxy in front of each router or network: eventlet (up to Ocata) or HAProxy. */
import * as z from '../zod.js';
import { plausible } from '../plausible.js';
import { Dist, nonNegInt, posInt, seconds } from './fields.js';

export const EventletProxy = z
  .strictObject({
    poolSize: posInt('wsgi_default_pool_size: green threads per proxy (1000 up to Mitaka 8.0.0, 100 since).').default(
      100,
    ),
    backlog: posInt('Requested listen backlog (capped by the namespace somaxconn).').default(4096),
    keepAlive: z.boolean().default(true).describe('wsgi_keep_alive: an idle connection keeps its green thread.'),
    clientSocketTimeout: seconds(
      'client_socket_timeout: idle connection closed by the server after this. 0 = never, as neutron documents it ("A value of \'0\' means wait forever", neutron.conf).',
    ).default(900),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.0015, p99: 0.006 })
      .describe('[unconfirmed] Python CPU per request in the proxy (parse, relay); all requests share one CPU.')
      .meta(
        plausible(0.0005, 0.005, 'log', 'eventlet WSGI parse and relay in CPython: 0.5-5 ms spans fast to slow cores'),
      ),
    cpuPerConnection: Dist.default({ kind: 'constant', value: 0.0003 })
      .describe('[unconfirmed] CPU to accept a connection and spawn its green thread.')
      .meta(
        plausible(0.0001, 0.001, 'log', 'accept() plus a greenlet spawn: a tenth to a whole millisecond of CPython'),
      ),
    connectSpinCpu: Dist.default({ kind: 'constant', value: 0.00005 })
      .describe(
        "[unconfirmed] Proxy CPU per try of the green connect to the agent's Unix socket while its backlog is full: eventlet's GreenSocket.connect treats EAGAIN as EWOULDBLOCK and trampolines on writability, which an unconnected Unix socket always has, so it retries in a loop (connect_ex, a hub switch) on the proxy's one CPU.",
      )
      .meta(plausible(0.00001, 0.0002, 'log', 'one connect_ex syscall plus a hub switch in CPython: 10-200 µs')),
  })
  .describe('The eventlet neutron-ns-metadata-proxy (up to Ocata).');

export const HaproxyProxy = z
  .strictObject({
    maxconn: posInt('global maxconn: concurrent client connections per proxy.').default(1024),
    backlog: posInt(
      'Listen backlog requested (HAProxy default: maxconn), capped by the namespace somaxconn.',
    ).optional(),
    timeoutHttpRequest: seconds(
      'timeout http-request: the first request of a connection must arrive within this. 0 = not set, as in HAProxy (a 0 timeout is reported as missing): timeout client applies.',
    ).default(30),
    timeoutConnect: seconds(
      "timeout connect. A connect to the agent's Unix socket succeeds or fails at once (EAGAIN on a full backlog), so it never runs out on this path; it is timeout queue's fallback. 0 = not set.",
    ).default(30),
    timeoutClient: seconds(
      'timeout client: the fallback of timeout http-request and http-keep-alive. 0 = not set: infinite, as in HAProxy.',
    ).default(32),
    timeoutServer: seconds(
      'timeout server: a slower backend gets a 504. 0 = not set: infinite, as in HAProxy (which warns).',
    ).default(32),
    timeoutHttpKeepAlive: seconds(
      'timeout http-keep-alive: idle client connections are closed after this. 0 = not set, as in HAProxy: timeout http-request applies, then timeout client.',
    ).default(30),
    retries: nonNegInt(
      'retries: connection attempts to the agent socket after the first. A full backlog fails each at once and they follow back to back (no turn-around delay for a synchronous error, haproxy backend.c), then 503.',
    ).default(3),
    serverMaxconn: posInt(
      'maxconn on the server line. Neutron sets none (HAProxy then queues nothing itself); set it to model HAProxy-side queueing with `timeout queue` and 503s.',
    ).optional(),
    timeoutQueue: seconds(
      'timeout queue (only with serverMaxconn): a request queued longer gets a 503. 0 = not set, as in HAProxy: timeout connect applies.',
    ).default(30),
    cpuPerRequest: Dist.default({ kind: 'constant', value: 0.00005 })
      .describe('[unconfirmed] HAProxy CPU per request.')
      .meta(
        plausible(
          2e-5,
          2e-4,
          'log',
          'HAProxy relays tens of thousands of small requests per second per core; 20-200 us per request',
        ),
      ),
  })
  // HAProxy's listen backlog defaults to the frontend's maxconn.
  .transform((h) => ({ ...h, backlog: h.backlog ?? h.maxconn }))
  .describe("Neutron's HAProxy-based metadata proxy (Pike on).");

export const Proxy = z
  .strictObject({
    kind: z.enum(['eventlet', 'haproxy']).default('eventlet').describe('Which proxy implementation.'),
    eventlet: EventletProxy.default(EventletProxy.parse({})),
    haproxy: HaproxyProxy.default(HaproxyProxy.parse({})),
  })
  .describe('The per-router/per-network metadata proxy.');

export type EventletCfg = z.output<typeof EventletProxy>;
export type HaproxyCfg = z.output<typeof HaproxyProxy>;
