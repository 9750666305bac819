/**
 * HTML building blocks for reports. Every user-supplied string goes through `esc`; JSON placed
 * inside <script> goes through `scriptJson`, so no scenario name can close the script element
 * or start markup.
 */

/** Escapes text for element content and quoted attribute values. */
export function esc(v: unknown): string {
  return String(v)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON safe to embed in a <script> element: `<`, `>` and `&` become \u escapes (so neither
 * `</script>` nor `<!--` can appear), and so do U+2028/U+2029 (line terminators in old JS).
 * JSON.parse of the text gives back the same value.
 */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A table cell: text (escaped), a number, or trusted HTML (`num`: right-align it). */
export type Cell = string | number | { html: string; num?: boolean };

const NUMERIC = /^[-+−±]?\d/;

/**
 * A table with a caption. Cells are escaped unless passed as { html }; the first column holds
 * row headers; cells that start with a number are right-aligned.
 */
export function htmlTable(header: string[], rows: Cell[][], caption?: string): string {
  const text = (c: Cell) => (typeof c === 'object' ? c.html : esc(c));
  const cls = (c: Cell, i: number) =>
    i > 0 && (typeof c === 'number' || (typeof c === 'string' ? NUMERIC.test(c) : c.num)) ? ' class="num"' : '';
  const head = header.map((h, i) => `<th scope="col"${i > 0 ? ' class="col"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${text(c)}</th>` : `<td${cls(c, i)}>${text(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A section with an h2 heading; `id` is ours (never user text). */
export function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(title)}</h2>\n${body}\n</section>`;
}

export const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--ok:#1a7f37;--bad:#b3261e;--warn:#8a5a00;--link:#0550ae}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif;color:var(--fg);background:#fff;margin:0}
.page,body>main{max-width:1800px;margin:0 auto;padding:1.5rem 1.5rem 3rem}main:focus{outline:none}
a{color:var(--link)}
.skip{position:absolute;left:-9999px;top:0}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.4rem .7rem;border:2px solid var(--link);z-index:10}
h1{font-size:1.55rem;line-height:1.25;margin:.3rem 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:2.4rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.4rem 0 .4rem;overflow-wrap:anywhere}
p{margin:.4rem 0 .7rem;max-width:75ch}
.sub,.note{color:var(--muted)}.note{font-size:.9rem}
.kind{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);font-weight:600}
.desc{margin:.3rem 0}.desc strong{overflow-wrap:anywhere}
.warning{border-left:4px solid var(--warn);padding:.2rem .6rem;max-width:none}.warning strong{color:var(--warn)}
nav.toc{margin:1rem 0 0;padding:.5rem .9rem;background:var(--soft);border:1px solid var(--line);border-radius:6px;font-size:.9rem}
nav.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0 0 .2rem;border:0;padding:0}
nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.15rem 1.2rem}
.headline{font-size:1.05rem;font-weight:600;max-width:none}
.verdicts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:.7rem;margin:.6rem 0}
.verdict{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:4px;padding:.55rem .75rem}
.verdict .tag{font-weight:700;font-size:.85rem;letter-spacing:.05em}
.verdict .name{font-weight:600;overflow-wrap:anywhere}
.verdict .value{font-variant-numeric:tabular-nums}
.verdict.meets{border-left-color:var(--ok)}.verdict.meets .tag{color:var(--ok)}
.verdict.fails{border-left-color:var(--bad);border-left-style:double;border-left-width:8px}.verdict.fails .tag{color:var(--bad)}
.verdict.uncertain{border-left-color:var(--warn);border-left-style:dashed}.verdict.uncertain .tag{color:var(--warn)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 1.5rem}
.pairs{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,760px),1fr));gap:0 1.5rem}
.answer{border:1px solid var(--line);border-left:6px solid var(--link);border-radius:4px;padding:.6rem .8rem;max-width:none}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;font-size:.87rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:.22rem .6rem;text-align:left;vertical-align:top}
td{white-space:nowrap}td .wrap{white-space:pre-line}
tbody th code{white-space:nowrap}
thead th{background:var(--soft);font-weight:600;border-bottom:2px solid var(--line)}
tbody th{font-weight:500;overflow-wrap:anywhere;min-width:8rem;max-width:20rem}
td.num{text-align:right;white-space:nowrap}
.ci{display:block;color:var(--muted);font-size:.85em}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:.25rem;caption-side:top}
code,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82em;overflow-wrap:anywhere}
.hash{white-space:normal;display:inline-block;max-width:34ch}
footer td{white-space:normal}
figure.chart{margin:1rem 0 1.4rem;padding:.6rem .6rem .4rem;border:1px solid var(--line);border-radius:6px;break-inside:avoid}
figure.chart svg{max-width:100%;height:auto;display:block}
figure.chart .live:empty{display:none}
.js figure.chart.rendered .static{display:none}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem;max-width:none}
figcaption b{color:var(--fg)}
footer{margin-top:3rem;padding-top:.4rem;border-top:2px solid var(--line);font-size:.85rem}
footer h2{border:0;margin-top:.6rem}
@media print{
  @page{margin:14mm}
  body{font-size:10pt}.page{max-width:none;padding:0}
  nav.toc,.skip{display:none}
  figure.chart .live{display:none!important}.js figure.chart.rendered .static,figure.chart .static{display:block!important}
  h2,h3{break-after:avoid}figure,table,.verdict,.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 1.5rem}
.pairs{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,760px),1fr));gap:0 1.5rem}
.answer{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  thead th{background:none}
}
`;

/** Runs in the page: renders every chart with vega-embed and counts successes and failures. */
const BOOT = `(function () {
  var doc = document.documentElement;
  doc.classList.add('js');
  var w = window;
  var slots = JSON.parse(document.getElementById('nmsim-charts').textContent);
  w.__nmsimChartsTotal = slots.length;
  w.__nmsimChartsRendered = 0;
  w.__nmsimChartsFailed = 0;
  if (typeof vegaEmbed !== 'function') { w.__nmsimChartsFailed = slots.length; return; }
  slots.forEach(function (s) {
    var el = document.getElementById(s.id);
    vegaEmbed(el, s.spec, { actions: false, renderer: 'svg', tooltip: true })
      .then(function () { el.parentNode.classList.add('rendered'); w.__nmsimChartsRendered++; })
      .catch(function (e) { w.__nmsimChartsFailed++; el.textContent = ''; console.error('chart ' + s.id + ': ' + e); });
  });
})();`;

export interface PageParts {
  title: string;
  /** HTML: the header below the title (already escaped). */
  header: string;
  toc: [id: string, title: string][];
  body: string;
  footer: string;
  /** Chart specs, rendered live by the page's script. */
  charts: { id: string; spec: unknown }[];
  /** <script> elements of the inlined libraries. */
  libraries: string;
}

export function page(p: PageParts): string {
  const toc = p.toc.map(([id, t]) => `<li><a href="#${id}">${esc(t)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="nmsim">
<title>${esc(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<div class="page">
<header>${p.header}
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>
</header>
<main id="content" tabindex="-1">
${p.body}
</main>
<footer id="reproducibility" aria-labelledby="reproducibility-h">${p.footer}</footer>
</div>
<script id="nmsim-charts" type="application/json">${scriptJson(p.charts)}</script>
${p.libraries}
<script>${BOOT}</script>
</body>
</html>
`;
}
