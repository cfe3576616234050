/**
 * The malformed-input edge stream: an ordinary Bybit recording with bad lines of
 * every reject kind mixed in (bad JSON, NaN / negative / exponent sizes, off-grid
 * and out-of-range prices, wrong types, unknown topics, other symbols, bad
 * receive-time prefixes, a message too large for a batch, nesting thousands deep).
 * Bad depth frames carry the next u, so a parser that wrongly accepted one would
 * also break the sequence. Off-grid sizes only appear in trades: in a depth ladder
 * they would make instrument detection pick a finer lot (and call it spot).
 */
import { prng } from '../../src/feed/demo-stream.js';
import type { RejectKind } from '../../src/feed/reject.js';
import { BybitWriter } from './edge-bybit.js';
import type { EdgeStream } from './edge-book.js';
import { ladderBook, walk } from './edge-walk.js';

/** Builds the stream starting at exchange time `startMs`. */
export function malformedStream(startMs: number): EdgeStream {
  const rnd = prng(1001);
  const w = new BybitWriter({ startMs, rnd });
  const l = ladderBook(rnd, 650_000, 1, 20);
  w.snapshot(l.bids, l.asks, 42_000);
  const bad = badLines(w);
  let n = 0;
  for (const [text, kind] of bad) {
    walk(w, 150 + Math.floor(rnd() * 200), { tradeProb: 0.3 });
    w.inject(typeof text === 'function' ? text() : text, kind);
    if (++n % 7 === 0) {
      // Valid frames written unusually (a CRLF ending, leading blanks), and blank lines.
      const style = n % 14 === 0 ? (x: string): string => ` \t${x}` : (x: string): string => `${x}\r`;
      w.delta([[w.book.best(true), 1234]], [], undefined, style);
      w.verbatim('');
      w.verbatim(' \t ');
    }
  }
  walk(w, 2000, { tradeProb: 0.3 });
  return {
    name: 'bybit-malformed', text: w.text(), clean: w.text(true), facts: w.facts, rows: w.rows, marks: {}, sums: {},
    covers: [
      'malformed JSON (truncated, garbage, NaN literal, BOM)', 'NaN, negative, exponent and zero sizes', 'off-grid price, off-grid trade size',
      'price zero, out of range, too many digits, or a JSON number', 'wrong field types and values', 'unknown topics, non-object frames',
      'another symbol', 'bad receive-time prefixes', 'one message larger than a batch', 'nesting 5000 deep',
      'acks and pongs (ignored)', 'valid frames with CRLF endings and leading blanks, blank lines',
    ],
  };
}

type Bad = readonly [string | (() => string), RejectKind | 'ignored'];

/** The bad lines, each with the reject kind the parser must count. */
function badLines(w: BybitWriter): Bad[] {
  const pre = (): string => w.recvPrefix();
  const depth = (b: unknown, a: unknown = [], patch: Record<string, unknown> = {}): string => {
    const f = w.depthFrame([], []) as { data: Record<string, unknown> } & Record<string, unknown>;
    return pre() + JSON.stringify({ ...f, ...patch, data: { ...f.data, b, a, ...(patch.data as object) } });
  };
  const touch = (): string => (w.book.best(true) / 10).toFixed(1);
  const trade = (t: Record<string, unknown>): string => pre() + JSON.stringify({
    topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: w.tsMs,
    data: [{ T: w.tsMs, s: 'BTCUSDT', S: 'Buy', v: '0.010', p: touch(), L: 'PlusTick', i: 'bad', BT: false, ...t }],
  });
  const nested = '['.repeat(5000) + ']'.repeat(5000);
  return [
    [() => depth([[touch(), '1.000']]).slice(0, 60), 'malformed-json'],
    ['this is not json', 'malformed-json'],
    [() => `${pre()}{"topic":"orderbook.200.BTCUSDT","type":"delta","ts":NaN,"data":{}}`, 'malformed-json'],
    [() => depth([[touch(), '1.000']]).replace(/^(\d+ )/, '$1\uFEFF'), 'malformed-json'],
    [() => depth([[touch(), 'NaN']]), 'bad-size'],
    [() => depth([[touch(), '-1.000']]), 'bad-size'],
    [() => depth([], [[touch(), '1e-3']]), 'bad-size'],
    [() => trade({ v: '0' }), 'bad-size'],
    [() => trade({ v: '-0.010' }), 'bad-size'],
    [() => depth([['65000.05', '1.000']]), 'off-grid-price'],
    [() => trade({ v: '0.0005' }), 'off-grid-size'],
    [() => depth([['0', '1.000']]), 'bad-price'],
    [() => depth([], [['107374182.4', '1.000']]), 'bad-price'],
    [() => depth([['65000.1234567890123', '1.000']]), 'bad-price'],
    [() => depth([[65000.1, '1.000']]), 'bad-price'],
    [() => trade({ p: '' }), 'bad-price'],
    [() => depth([[touch(), '1.000', 'x']]), 'bad-field'],
    [() => depth([], [], { data: { u: -5 } }), 'bad-field'],
    [() => depth([], [], { data: { u: 1e20 } }), 'bad-field'],
    [() => depth([], [], { type: 'partial' }), 'bad-field'],
    [() => depth([], [], { ts: String(w.tsMs) }), 'bad-field'],
    // Spliced in as text: JSON.stringify itself overflows the stack on nesting this deep.
    [() => depth('NESTED').replace('"NESTED"', nested), 'bad-field'],
    [() => pre() + JSON.stringify({ topic: 'orderbook.200.BTCUSDT', type: 'delta', ts: w.tsMs, data: null }), 'bad-field'],
    [() => trade({ S: 'buy' }), 'bad-field'],
    [() => trade({ T: -1 }), 'bad-field'],
    [() => pre() + JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'snapshot', ts: w.tsMs, data: {} }), 'unknown-message'],
    ['[1,2,3]', 'unknown-message'],
    ['{"success":true,"ret_msg":"pong"}', 'unknown-message'],
    [() => depth([[touch(), '1.000']], [], { topic: 'orderbook.200.ETHUSDT' }), 'other-symbol'],
    [() => `12345 ${depth([[touch(), '1.000']]).replace(/^\d+ /, '')}`, 'bad-prefix'],
    [() => `${'9'.repeat(20)} ${depth([[touch(), '1.000']]).replace(/^\d+ /, '')}`, 'bad-prefix'],
    [() => `${BigInt(w.tsMs) * 1_000_000n}${depth([[touch(), '1.000']]).replace(/^\d+ /, '')}`, 'bad-prefix'],
    [() => depth(Array.from({ length: 70_000 }, (_, i) => [((650_000 - 100_000 + i) / 10).toFixed(1), '0.001'])), 'too-large'],
    ['{"op":"pong","args":["1786310800000"]}', 'ignored'],
    ['{"success":true,"ret_msg":"","conn_id":"edge","op":"subscribe"}', 'ignored'],
  ];
}
