/**
 * Model benchmark (npm run bench): the 1000-instance, 24 h scenarios of the incident and its
 * fixes. Prints wall time, events/s, simulated requests/s and peak RSS, and each figure's ratio
 * to a bare array-heap M/M/1 peer run in the same process, so the ratio holds on a noisy machine.
 */
import { simulateReplication } from '../../src/model/simulate.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';
import { peerEventsPerSecond } from './peer.js';

const base: ScenarioInput = {
  name: 'bench',
  duration: 86400,
  warmup: 1800,
  topology: { networks: [{ name: 'n1', cidr: '10.0.0.0/22', instances: 1000 }] },
  clients: [{ kind: 'chef' }],
};
const cases: [string, Partial<ScenarioInput>][] = [
  ['incident (eventlet pool 100, ohai pre-995)', {}],
  ['ohai post-995 keep-alive', { clients: [{ kind: 'chef', ohai: { version: 'post-995' } }] }],
  ['HAProxy', { proxy: { kind: 'haproxy' } }],
];

const peer = peerEventsPerSecond();
console.log(`peer: bare array-heap M/M/1, ${(peer / 1e6).toFixed(2)} M events/s\n`);
console.log(
  'scenario (1000 instances, 24 h simulated)      wall s   M events/s  ratio   requests   req/s wall   RSS MB',
);
for (const [name, over] of cases) {
  const s = Scenario.parse({ ...base, ...over });
  const t0 = process.hrtime.bigint();
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 1800 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const eps = r.events / wall;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(46)} ${wall.toFixed(2).padStart(7)} ${(eps / 1e6).toFixed(2).padStart(12)} ${(eps / peer).toFixed(3).padStart(6)} ${String(r.requests.ended).padStart(10)} ${Math.round(
      r.requests.ended / wall,
    )
      .toString()
      .padStart(12)} ${rss.toFixed(0).padStart(8)}`,
  );
}
