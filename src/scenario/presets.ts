/**
 * Neutron release presets: the defaults that change with the release (domain.md). A preset is
 * a base layer beneath the scenario's own fields and above the schema's defaults.
 */
export type Release = 'mitaka-8.0' | 'mitaka' | 'newton' | 'ocata' | 'pike' | 'queens';

const eventlet = (poolSize: number) => ({
  proxy: { kind: 'eventlet', eventlet: { poolSize } },
  agent: { cacheTtl: 5 },
});

export const RELEASE_PRESETS: Record<Release, Record<string, unknown>> = {
  // Mitaka 8.0.0: the proxy's green pool was hard-coded at 1000.
  'mitaka-8.0': eventlet(1000),
  // Mitaka 8.1.0 (backport) to Ocata: wsgi_default_pool_size 100, and the proxy reads no config file.
  mitaka: eventlet(100),
  newton: eventlet(100),
  ocata: eventlet(100),
  // Pike: the HAProxy-based proxy (bug 1524916); the agent still caches for 5 s.
  pike: { proxy: { kind: 'haproxy' }, agent: { cacheTtl: 5 } },
  // Queens: caching off by default.
  queens: { proxy: { kind: 'haproxy' }, agent: { cacheTtl: 0 } },
};
