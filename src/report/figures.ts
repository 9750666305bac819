/**
 * Charts as figures: a static SVG rendered in Node (shown without scripts and in print) and a
 * container that vega-embed fills in the browser, with a numbered caption.
 */
import type { Spec } from './charts/common.js';
import { esc } from './html.js';
import { renderSvg } from './svg.js';

export interface ChartSlot {
  id: string;
  spec: Spec;
}

export class Figures {
  readonly slots: ChartSlot[] = [];

  /** `caption` is plain text (escaped here); the chart's own title leads it. */
  async figure(spec: Spec, caption: string): Promise<string> {
    spec = compactData(spec);
    const n = this.slots.length + 1;
    const id = `chart-${n}`;
    this.slots.push({ id, spec });
    const title = typeof spec.title === 'string' ? spec.title : 'Chart';
    const svg = await renderSvg(spec, `s${n}`);
    return `<figure class="chart" id="fig-${n}" aria-labelledby="fig-${n}-cap">
<div class="static">${svg}</div>
<div class="live" id="${id}"></div>
<figcaption id="fig-${n}-cap"><b>Figure ${n}. ${esc(title)}.</b> ${esc(caption)}</figcaption>
</figure>`;
  }
}

/** Rounds numbers in inline data to 6 significant digits (plenty for a chart; halves the JSON). */
export function compactData<T>(spec: T): T {
  const round = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v;
    if (Array.isArray(v)) return v.map(round);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
    return v;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === 'data' && x !== null && typeof x === 'object' ? round(x) : walk(x)]),
    );
  };
  return walk(spec) as T;
}
