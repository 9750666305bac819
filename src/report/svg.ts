/**
 * Static SVG of each chart, rendered in Node by vega's headless View after compiling the
 * Vega-Lite spec: the fallback shown when scripts do not run, and what prints.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';

/**
 * A logger for vega-lite's compiler: errors throw; warnings go to `warnings` when given (tests
 * keep specs warning-free), otherwise nowhere (they would end up on the CLI's stderr).
 */
function logger(warnings?: string[]) {
  const log = {
    level: () => log,
    error: (...args: unknown[]) => {
      throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
    },
    warn: (...args: unknown[]) => {
      warnings?.push(args.map(String).join(' '));
      return log;
    },
    info: () => log,
    debug: () => log,
  };
  return log;
}

/** Compiles a Vega-Lite spec to Vega. */
export function toVega(spec: object, warnings?: string[]): vega.Spec {
  return compile(spec as never, { logger: logger(warnings) as never }).spec as vega.Spec;
}

/**
 * Renders a Vega-Lite spec to an SVG string; compiler and runtime warnings go to `warnings`
 * when given. With `idPrefix`, the SVG's internal ids (clip
 * paths, gradients) get the prefix, so several SVGs in one page cannot capture each other's
 * url(#...) references.
 */
export async function renderSvg(spec: object, idPrefix?: string, warnings?: string[]): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec, warnings)), {
    renderer: 'none',
    logLevel: vega.Warn,
    logger: logger(warnings) as never,
  });
  try {
    const svg = roundPaths(await view.toSVG());
    return idPrefix ? prefixIds(svg, idPrefix) : svg;
  } finally {
    view.finalize();
  }
}

/**
 * Renames the SVG's ids to `${prefix}-1`, `${prefix}-2`, ... in order of appearance, with their
 * url(#...) and href="#..." references. Vega numbers clip paths with a process-wide counter;
 * renumbering keeps the output identical from run to run and unique within a page.
 */
export function prefixIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], `${prefix}-${ids.size + 1}`);
  const to = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${to(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${to(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${to(id)}"`);
}

/** Path coordinates to 2 decimals (a hundredth of a pixel): vega writes 15 digits. */
export function roundPaths(svg: string): string {
  return svg.replace(
    /\sd="([^"]*)"/g,
    (_, d: string) => ` d="${d.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))))}"`,
  );
}
