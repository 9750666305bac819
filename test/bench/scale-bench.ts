/**
 * Scale benchmark (npm run bench): replications/s at 1 and 2 worker threads (target >= 1.8x),
 * and a 10,000-instance, 7-day scenario's wall time and peak RSS (target < 1 GB), run in a
 * child process so the RSS is its own. `--quick` skips the 7-day run.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../../src/runner/run-scenario.js';
import { simulateReplication } from '../../src/model/simulate.js';
import { Scenario, type ScenarioInput } from '../../src/scenario/schema.js';

export const TEN_K_SEVEN_DAYS: ScenarioInput = {
  name: '10k instances, 7 days',
  duration: '7d' as never,
  warmup: 1800,
  replications: 1,
  topology: {
    l3Agents: 5,
    routers: Array.from({ length: 10 }, (_, i) => ({ name: `r${i}` })),
    networks: Array.from({ length: 10 }, (_, i) => ({
      name: `net${i}`,
      cidr: `10.${i}.0.0/22`,
      instances: 1000,
      router: `r${i}`,
    })),
  },
  clients: [{ kind: 'chef' }],
};

function bigRunInChild(): void {
  const s = Scenario.parse(TEN_K_SEVEN_DAYS);
  const t0 = process.hrtime.bigint();
  const r = simulateReplication(s, { seed: 1, replication: 0, warmup: 1800 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ wall, rssMb, requests: r.requests.ended, events: r.events }));
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) return bigRunInChild();
  const s = Scenario.parse({
    name: 'workers',
    duration: 4 * 3600,
    warmup: 600,
    replications: 8,
    topology: { networks: [{ name: 'n1', cidr: '10.0.0.0/22', instances: 1000 }] },
    clients: [{ kind: 'chef', ohai: { version: 'post-995' } }],
  });
  // A replication is not single-core: V8's parallel garbage collector works on other cores,
  // which caps what more worker threads can add. Measure it so the speed-up can be read.
  const c0 = process.cpuUsage();
  const t1 = process.hrtime.bigint();
  simulateReplication(s, { seed: 1, replication: 0, warmup: 600 });
  const cpu = process.cpuUsage(c0);
  const cores = (cpu.user + cpu.system) / 1e3 / (Number(process.hrtime.bigint() - t1) / 1e6);
  console.log(`cores kept busy by one replication (JS thread + GC helpers): ${cores.toFixed(2)}`);
  const rate: Record<number, number> = {};
  for (const w of [1, 2]) {
    const t0 = process.hrtime.bigint();
    await runScenario(s, { workers: w });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    rate[w] = 8 / wall;
    console.log(`replications (1000 instances, 4 h each), ${w} worker(s): ${rate[w].toFixed(2)} replications/s`);
  }
  console.log(
    `speed-up with 2 workers: ${(rate[2] / rate[1]).toFixed(2)}x (target >= 1.8x; ceiling on ${availableParallelism()} cores ~ ${(availableParallelism() / cores).toFixed(2)}x)`,
  );
  if (process.argv.includes('--quick')) return;
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`7-day run failed: ${child.stderr}`);
  const big = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    wall: number;
    rssMb: number;
    requests: number;
    events: number;
  };
  console.log(
    `10,000 instances x 7 days: ${big.wall.toFixed(1)} s wall, ${(big.events / big.wall / 1e6).toFixed(2)} M events/s, ${big.requests} requests, peak RSS ${big.rssMb.toFixed(0)} MB (target < 1024 MB)`,
  );
}

await main();
