/**
 * A node:test reporter that ends the run with the tests that were skipped and why (Chromium
 * missing, say), so a summary never reads as a pass of tests that did not run. Used beside the
 * spec reporter by `npm test`.
 */
interface TestEvent {
  type: string;
  data: { name?: string; skip?: string | boolean; nesting?: number };
}

export default async function* skipSummary(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const skipped: string[] = [];
  for await (const e of source)
    if (e.type === 'test:pass' && e.data.skip !== undefined && e.data.skip !== false)
      skipped.push(`${e.data.name ?? '?'}: ${typeof e.data.skip === 'string' ? e.data.skip : 'skipped'}`);
  yield skipped.length === 0
    ? '\nskipped: none\n'
    : `\nSKIPPED ${skipped.length} test(s), which did not run:\n${skipped.map((s) => `  - ${s}\n`).join('')}`;
}
