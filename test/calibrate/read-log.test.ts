/**
 * calibrate reads logs in slices (src/calibrate/read-log.ts): the result equals parsing the
 * whole text, across slice ends and a UTF-8 character cut by one; a file without line breaks is
 * one malformed line, not a string of its size; a log over the cap is refused unread.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogParser, parseLog } from '../../src/calibrate/parse.js';
import { MAX_LINE_CHARS, readLog, SLICE_BYTES } from '../../src/calibrate/read-log.js';
import { FileRefused } from '../../src/scenario/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'nmsim-read-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const go = (): Promise<boolean> => Promise.resolve(true);

const line = (i: number): string =>
  `Nov 24 10:00:00 host haproxy[1]: 10.0.0.${i % 250}:40000 [24/Nov/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000] listener metadata/default 0/0/0/${1 + (i % 97)}/${1 + (i % 97)} 200 300 - - ---- 1/1/0/0/0 0/0 "GET /latest/meta-data/é${'x'.repeat(i % 7)} HTTP/1.1"`;

test(`a log of ~2.5 slices (${(2.5 * SLICE_BYTES) / 2 ** 20} MiB) read in slices parses as the whole text does`, async () => {
  const lines: string[] = [];
  let cutChar = false;
  for (let i = 0, bytes = 0; bytes < 2.5 * SLICE_BYTES; i++) {
    // Every 1000th line malformed, every 777th empty, CRLF on odd lines.
    let l = (i % 1000 === 999 ? 'garbage' : i % 777 === 0 ? '' : line(i)) + (i % 2 ? '\r\n' : '\n');
    if (!cutChar && bytes + Buffer.byteLength(l) >= SLICE_BYTES - 1) {
      // A valid line whose frontend name (kept as the record's source) has an "é" (2 bytes)
      // straddling the first slice's end.
      const [head, tail] = line(i).split(' listener ');
      const pad = SLICE_BYTES - 1 - bytes - Buffer.byteLength(`${head} L`);
      l = `${head} L${'#'.repeat(pad)}é ${tail}\n`;
      cutChar = true;
    }
    lines.push(l);
    bytes += Buffer.byteLength(l);
  }
  const text = lines.join('');
  const file = join(dir, 'big.log');
  writeFileSync(file, text);
  const parser = new LogParser('big.log', 'auto');
  let slices = 0;
  const size = await readLog(file, parser, () => {
    slices++;
    return go();
  });
  assert.equal(size, Buffer.byteLength(text));
  assert.equal(slices, 3);
  const sliced = parser.finish();
  const whole = parseLog(text, 'big.log', 'auto');
  assert.ok(whole.malformed >= 10);
  assert.deepEqual(sliced, whole);
  assert.ok(
    Buffer.from(text)
      .subarray(SLICE_BYTES - 1, SLICE_BYTES + 1)
      .equals(Buffer.from('é')),
    'é is cut',
  );
  assert.ok(
    sliced.records.some((r) => /^L#+é$/.test(r.source)),
    'the line with the cut é is read whole',
  );
});

test('a file with no line breaks (3 slices of one "line") is one malformed line, the lines around it kept', async () => {
  const file = join(dir, 'one-line.log');
  writeFileSync(file, `${line(1)}\n${'a'.repeat(3 * SLICE_BYTES)}\n${line(2)}\n`);
  const parser = new LogParser('one-line.log', 'haproxy');
  await readLog(file, parser, go);
  const r = parser.finish();
  assert.equal(r.records.length, 2);
  assert.equal(r.malformed, 1);
  assert.deepEqual(r.malformedExamples, [2]);
  assert.ok(3 * SLICE_BYTES > MAX_LINE_CHARS);
});

test('a log over the cap, a directory and /dev/zero are refused before they are read', async () => {
  const file = join(dir, 'capped.log');
  writeFileSync(file, `${line(1)}\n`.repeat(100));
  const refused = (p: string, max: number | undefined, why: RegExp) =>
    assert.rejects(
      () => readLog(p, new LogParser('x', 'auto'), go, max),
      (e: unknown) => e instanceof FileRefused && why.test(e.reason),
    );
  await refused(file, 1000, /is \d+ bytes, over the limit of 1000 for a log/);
  await refused(dir, undefined, /is a directory, not a log/);
  await refused('/dev/zero', undefined, /is not a regular file/);
});
