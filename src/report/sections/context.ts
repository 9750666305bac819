/** What every section gets: the labelled results, the subset charted in detail, the figures. */
import type { Figures } from '../figures.js';
import type { Labelled } from '../types.js';

export type ReportKind = 'run' | 'compare' | 'sweep' | 'capacity' | 'robust';

export interface Ctx {
  kind: ReportKind;
  figs: Figures;
  /** Every result, in report order, with a unique label. */
  items: Labelled[];
  /** The results charted in detail (all of them, or a spread for long sweeps). */
  detail: Labelled[];
}

export interface Section {
  id: string;
  title: string;
  html: string;
}

/** "Charts show 4 of 12 points." when not every result is charted. */
export function detailNote(ctx: Ctx): string {
  if (ctx.detail.length === ctx.items.length) return '';
  const what = ctx.kind === 'capacity' ? 'points around the answer' : 'points, spread over the range';
  return `<p class="note">Charts show ${ctx.detail.length} of ${ctx.items.length} ${what}; the tables have all of them.</p>`;
}
