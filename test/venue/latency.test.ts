/** Latency models and the samples-file parser (errors name the file and line). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  constantLatency, latencyFromConfig, loadLatencySamples, sampledLatency,
} from '../../src/venue/paper/latency.js';

const dir = mkdtempSync(join(tmpdir(), 'latency-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const p = join(dir, `s${n++}.txt`);
  writeFileSync(p, text);
  return p;
}
const draws = (m: { sampleMs(): number }, k: number) => Array.from({ length: k }, () => m.sampleMs());

test('constant latency returns its value; a negative or non-finite one is refused', () => {
  assert.deepEqual(draws(constantLatency(5), 3), [5, 5, 5]);
  assert.throws(() => constantLatency(-1), { name: 'RangeError', message: /latency ms must be .*was -1/ });
  assert.throws(() => constantLatency(NaN), { name: 'RangeError' });
});

test('sampled latency draws only recorded values, roughly uniformly, and the seed fixes the sequence', () => {
  const m = sampledLatency([1, 2, 3], 42);
  const xs = draws(m, 3000);
  const counts = [1, 2, 3].map((v) => xs.filter((x) => x === v).length);
  assert.equal(counts[0] + counts[1] + counts[2], 3000); // nothing else was drawn
  for (const c of counts) assert.ok(c > 850 && c < 1150, `count ${c} of 3000 far from 1000`);
  assert.deepEqual(draws(sampledLatency([1, 2, 3], 42), 50), xs.slice(0, 50));
  assert.notDeepEqual(draws(sampledLatency([1, 2, 3], 43), 50), xs.slice(0, 50));
  assert.throws(() => sampledLatency([], 1), { name: 'RangeError', message: /non-empty/ });
  assert.throws(() => sampledLatency([1, -2], 1), { name: 'RangeError', message: /samplesMs\[1\]/ });
});

test('samples files: one number per line (blank lines and # comments skipped) or a JSON array', () => {
  assert.deepEqual(loadLatencySamples(file('1.5\n\n# recorded 2024-08-08\n2\r\n3e1\n')), [1.5, 2, 30]);
  assert.deepEqual(loadLatencySamples(file('  [1, 2.5,\n 3]\n')), [1, 2.5, 3]);
});

test('bad samples files fail with the file and the line or element', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /holds no samples/],
    ['\n  \n# only a comment\n', /holds no samples/],
    ['[]', /holds no samples/],
    ['1\nabc\n', /line 2: sample must be a finite number of ms >= 0, was "abc"/],
    ['1\n-3\n', /line 2: .*was "-3"/],
    ['Infinity', /line 1: .*was "Infinity"/],
    ['NaN', /line 1/],
    ['4\n5\n1e999', /line 3: .*was "1e999"/],
    ['12ms', /line 1: .*was "12ms"/],
    ['[1, -2]', /element 1 \(line 1\): .*was "-2"/],
    ['[1,\n "x"]', /element 1 \(line 2\)/],
    ['[1, 2', /not a valid JSON array/],
    ['{"a": 1}', /line 1: /],
  ];
  for (const [text, re] of cases) {
    const p = file(text);
    assert.throws(() => loadLatencySamples(p), (e: Error) => {
      assert.equal(e.name, 'UsageError', `for ${JSON.stringify(text)}`);
      assert.match(e.message, re, `for ${JSON.stringify(text)}`);
      assert.ok(e.message.includes(p), `message names the file: ${e.message}`);
      return true;
    });
  }
  assert.throws(() => loadLatencySamples(join(dir, 'missing.txt')), { name: 'UsageError', message: /missing\.txt cannot be read/ });
});

test('latencyFromConfig: constant without a file, seeded samples from a file relative to baseDir', () => {
  assert.deepEqual(draws(latencyFromConfig({ ms: 7 }, 1, dir), 2), [7, 7]);
  writeFileSync(join(dir, 'lat.txt'), '10\n20\n30\n40\n');
  const m = latencyFromConfig({ ms: 7, samplesFile: 'lat.txt' }, 9, dir);
  const xs = draws(m, 40);
  assert.ok(xs.every((x) => [10, 20, 30, 40].includes(x)));
  assert.deepEqual(xs, draws(sampledLatency([10, 20, 30, 40], 9), 40));
});
