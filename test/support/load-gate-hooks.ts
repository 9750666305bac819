/** The module-loading hook of load-gate.ts (runs on Node's hooks thread). */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';

const match = process.env.NMSIM_GATE_MATCH ?? '';
const mark = process.env.NMSIM_GATE_MARK ?? '';
const go = process.env.NMSIM_GATE_GO ?? '';
const log = process.env.NMSIM_LOAD_LOG ?? '';
let gated = false;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<unknown>,
): Promise<unknown> {
  if (log !== '') appendFileSync(log, `${url}\n`);
  if (!gated && match !== '' && url.includes(match)) {
    gated = true;
    writeFileSync(mark, url);
    for (let waited = 0; waited < 30_000 && !(go !== '' && existsSync(go)); waited += 20) await sleep(20);
  }
  return nextLoad(url, context);
}
