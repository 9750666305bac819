/**
 * Static SVG of each chart, rendered in Node with vega's headless View: the fallback shown when
 * scripts do not run, and what prints.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Spec } from './charts.js';

/** Vega-Lite's advisory warnings would otherwise go to the CLI's stderr. */
const quiet = {
  level() {
    return quiet;
  },
  error: (...args: unknown[]) => {
    throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
  },
  warn: () => quiet,
  info: () => quiet,
  debug: () => quiet,
};

export async function renderSvg(spec: Spec): Promise<string> {
  const compiled = compile(spec as never, { logger: quiet as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
