/**
 * `btc-engine synthesize`: the file holds exactly the frames of the in-memory
 * generator (so the chunked writer loses and reorders nothing), is the same for
 * the same seed and differs for another, rebuilds a clean book, leaves no
 * .partial file, and every bad argument is a usage error (exit 2) naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticRecording } from '../../src/exchange/offline.js';
import { cli, tempDir } from '../store/store-fixtures.js';

const root = tempDir('synthesize');

test('synthesize: the generator\'s frames, byte for byte; same seed same file; a clean book', () => {
  // 90 s of orderbook.50 is ~1.3 MB: more than one 1 MiB write chunk.
  const out = join(root, 'a.jsonl');
  const r = cli(['synthesize', '--seconds', '90', '--seed', '7', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\d+ frames, \d+ bytes, 90 s of exchange time from 2026-08-09T00:00:00\.000Z, seed 7, orderbook\.50/);
  const text = readFileSync(out, 'utf8');
  assert.ok(text.length > 1 << 20, `more than one chunk (${text.length} bytes)`);
  const expected = syntheticRecording({ seed: 7, durationMs: 90_000, depth: 50 });
  assert.equal(text, `${expected.join('\n')}\n`);
  const first = JSON.parse(text.slice(0, text.indexOf('\n'))) as { topic: string; type: string };
  assert.equal(first.topic, 'orderbook.50.BTCUSDT');
  assert.equal(first.type, 'snapshot');
  assert.ok(!readdirSync(root).some((f) => f.endsWith('.partial')), 'no .partial file left');

  const again = join(root, 'b.jsonl');
  assert.equal(cli(['synthesize', '--seconds', '90', '--seed', '7', '--out', again]).status, 0);
  assert.equal(readFileSync(again, 'utf8'), text, 'same seed, same bytes');
  const other = join(root, 'c.jsonl');
  assert.equal(cli(['synthesize', '--seconds', '90', '--seed', '8', '--depth', '200', '--start', '2026-01-01T00:00:00Z', '--out', other]).status, 0);
  const o = readFileSync(other, 'utf8');
  assert.notEqual(o, text);
  assert.match(o.slice(0, 200), /"topic":"orderbook\.200\.BTCUSDT","type":"snapshot","ts":1767225600000/);

  const book = cli(['book', '--emit', 'summary', '--strict', out]);
  assert.equal(book.status, 0, book.stderr);
  const s = JSON.parse(book.stdout) as Record<string, number>;
  assert.equal(s.gaps, 0);
  assert.equal(s.crossed, 0);
  assert.equal(s.rejected, 0);
  assert.ok(s.trades > 0 && s.bookMessages > 1000);
});

test('synthesize: bad arguments are usage errors naming the flag', () => {
  const out = join(root, 'bad.jsonl');
  const cases: Array<[string[], RegExp]> = [
    [['--seconds', '0', '--out', out], /--seconds must be a number above 0/],
    [['--seconds', 'abc', '--out', out], /--seconds must be a number above 0.*"abc"/],
    [['--seconds', '99999999', '--out', out], /at most 2678400/],
    [['--seconds', '5', '--seed', '-1', '--out', out], /--seed must be an integer/],
    [['--seconds', '5', '--seed', '1.5', '--out', out], /--seed must be an integer/],
    [['--seconds', '5', '--depth', '7', '--out', out], /--depth/],
    [['--seconds', '5', '--start', 'yesterday', '--out', out], /--start must be/],
    [['--seconds', '5', '--out', join(root, 'missing', 'x.jsonl')], /its directory .*missing does not exist/],
    [['--seconds', '5', '--params', join(root, 'nope.json'), '--out', out], /cannot read synthetic-market parameters/],
    [['--seconds', '5'], /--out/],
  ];
  for (const [args, msg] of cases) {
    const r = cli(['synthesize', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
  }
  assert.ok(!existsSync(out), 'nothing written on a usage error');
});
