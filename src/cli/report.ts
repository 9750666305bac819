/**
 * The HTML report of a command, rendered by src/report. Imported lazily: the report module
 * carries the chart libraries, which commands that fail early or skip the report never need.
 */
import type { ReportInput } from '../report/index.js';

export async function renderHtml(input: ReportInput): Promise<string> {
  const { renderReport } = await import('../report/index.js');
  return await renderReport(input);
}

export type { ReportInput };
