/** Escaping units: HTML text and attributes, JSON inside <script>, tables. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { esc, htmlTable, page, scriptJson, section } from '../../src/report/html.js';
import { HOSTILE } from './fixtures.js';

test('esc neutralises markup in text and quoted attributes', () => {
  assert.equal(esc(HOSTILE), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(esc(`"'&<>`), '&quot;&#39;&amp;&lt;&gt;');
  assert.equal(esc(42), '42');
  assert.equal(esc('plain text'), 'plain text');
});

test('scriptJson cannot close its script element and round-trips', () => {
  const value = {
    name: '</script><script>alert(1)</script>',
    comment: '<!-- -->',
    amp: 'a & b > c',
    lines: 'x\u2028y\u2029z',
    nested: [HOSTILE, { deep: '</SCRIPT >' }],
  };
  const j = scriptJson(value);
  for (const bad of ['<', '>', '&', '\u2028', '\u2029']) assert.ok(!j.includes(bad), `contains ${JSON.stringify(bad)}`);
  assert.deepEqual(JSON.parse(j), value);
});

test('htmlTable escapes text cells, passes { html } cells through and right-aligns numbers', () => {
  const t = htmlTable(
    ['name', 'value', 'raw'],
    [
      [HOSTILE, 12, { html: '<b>bold</b>' }],
      ['x', '3.5 s', 'text'],
    ],
    HOSTILE,
  );
  assert.ok(!t.includes('<img'));
  assert.ok(t.includes(`<caption>${esc(HOSTILE)}</caption>`));
  assert.ok(t.includes(`<th scope="row">${esc(HOSTILE)}</th>`));
  assert.ok(t.includes('<td class="num">12</td>'));
  assert.ok(t.includes('<td class="num">3.5 s</td>'));
  assert.ok(t.includes('<td><b>bold</b></td>'));
  assert.ok(t.includes('<td>text</td>'));
});

test('the page shell: one main landmark, skip link, contents, escaped title, CSP without network', () => {
  const html = page({
    title: HOSTILE,
    header: '<h1>t</h1>',
    toc: [['verdict', HOSTILE]],
    body: section('verdict', HOSTILE, '<p>x</p>'),
    footer: '<h2 id="reproducibility-h">Reproducibility</h2>',
    charts: [{ id: 'chart-1', spec: { title: HOSTILE } }],
    libraries: '',
  });
  assert.ok(!html.includes('<img'));
  assert.equal(html.match(/<main\b/g)?.length, 1);
  assert.ok(html.includes('<a class="skip" href="#content">'));
  assert.ok(html.includes(`<li><a href="#verdict">${esc(HOSTILE)}</a></li>`));
  assert.ok(html.includes("default-src 'none'"));
  assert.ok(html.includes('@media print'));
  assert.ok(html.includes('<html lang="en">'));
});
