/**
 * HTML building blocks for reports. Every user-supplied string goes through `esc`; JSON placed
 * inside <script> goes through `scriptJson`, so no scenario name can close the script element
 * or start markup.
 */

export function esc(v: unknown): string {
  return String(v)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe to embed in a <script> element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A table; cells are escaped unless passed as { html }. */
export function htmlTable(header: string[], rows: (string | number | { html: string })[][], caption?: string): string {
  const cell = (c: string | number | { html: string }, tag: string, i: number) =>
    `<${tag}${i > 0 && typeof c === 'number' ? ' class="num"' : ''}>${typeof c === 'object' ? c.html : esc(c)}</${tag}>`;
  return `<div class="table-wrap"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${header
    .map((h, i) => cell(h, 'th', i))
    .join(
      '',
    )}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell(c, 'td', i)).join('')}</tr>`).join('')}</tbody></table></div>`;
}

export const CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d7dce1;--ok:#1a7f37;--bad:#b3261e;--warn:#8a5a00;--bg:#fff}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1100px;margin:0 auto;padding:1.5rem}
a.skip{position:absolute;left:-999px}a.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1.05rem}
.sub{color:var(--muted)}nav.toc ol{columns:2;padding-left:1.2rem}
.verdicts{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.8rem}
.verdict{border:2px solid var(--line);border-radius:6px;padding:.7rem}
.verdict .tag{font-weight:700;letter-spacing:.04em}
.verdict.meets{border-color:var(--ok)}.verdict.meets .tag{color:var(--ok)}
.verdict.fails{border-color:var(--bad);border-style:double;border-width:4px}.verdict.fails .tag{color:var(--bad)}
.verdict.uncertain{border-color:var(--warn);border-style:dashed}.verdict.uncertain .tag{color:var(--warn)}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;margin:.6rem 0;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}td.num,th.num{text-align:right}
caption{text-align:left;color:var(--muted);padding-bottom:.2rem}
figure{margin:1rem 0}figcaption{color:var(--muted);font-size:.9rem}
.chart .static svg{max-width:100%;height:auto}.js .chart .static{display:none}
footer{margin-top:3rem;border-top:1px solid var(--line);padding-top:.8rem;color:var(--muted);font-size:.85rem}
code{font-size:.9em}
@media print{.js .chart .static{display:block}.chart .live{display:none}nav.toc{display:none}h2{break-after:avoid}figure,table{break-inside:avoid}body{font-size:11pt}main{max-width:none}}
`;
