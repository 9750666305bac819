/** Test helper: a trace and a scenario replaying it, written into a fresh temporary folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `trace` and a scenario replaying it into a fresh folder; returns the scenario path. */
export function replayScenario(
  trace: string,
  fields: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-replay-'));
  writeFileSync(join(dir, 'trace.csv'), trace);
  const scenario = {
    name: 'replay test',
    duration: 3600,
    warmup: 0,
    topology: { networks: [{ name: 'n', cidr: '10.0.0.0/24', instances: 10 }] },
    clients: [{ kind: 'replay', file: 'trace.csv', ...client }],
    ...fields,
  };
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
  return join(dir, 'scenario.json');
}
