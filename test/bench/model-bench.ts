/**
 * Model benchmark (npm run bench): the 1000-instance, 24 h scenarios of the incident and its
 * fixes; the ohai post-#995 one is the flagship day (~1.07M requests, target <= 3 CPU-s).
 * Prints wall and CPU seconds (CPU of the whole process: garbage collector and compiler
 * threads included), events/s, simulated requests per CPU-second and peak RSS, and the CPU
 * time's ratio to the bare array-heap M/M/1 peer's for 1M customers (2M events) run just
 * before it in the same process, so the ratio holds on a noisy machine.
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
  ['flagship: ohai post-995 keep-alive', { clients: [{ kind: 'chef', ohai: { version: 'post-995' } }] }],
  ['HAProxy', { proxy: { kind: 'haproxy' } }],
];

const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

console.log(
  'scenario (1000 instances, 24 h simulated)     wall s   CPU s  vs peer  M events/s   requests  req/CPU-s   RSS MB',
);
for (const [name, over] of cases) {
  const s = Scenario.parse({ ...base, ...over });
  const p0 = process.cpuUsage();
  peerEventsPerSecond();
  const peerCpu = cpuSeconds(p0);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 1800 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuSeconds(c0);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(44)} ${wall.toFixed(2).padStart(7)} ${cpu.toFixed(2).padStart(7)} ${(cpu / peerCpu).toFixed(1).padStart(8)} ${(r.events / cpu / 1e6).toFixed(2).padStart(11)} ${String(r.requests.ended).padStart(10)} ${Math.round(
      r.requests.ended / cpu,
    )
      .toString()
      .padStart(10)} ${rss.toFixed(0).padStart(8)}`,
  );
}
console.log('\nvs peer: CPU-s of the run / CPU-s of the bare-heap M/M/1 peer (1M customers) just before it');
