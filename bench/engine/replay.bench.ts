/**
 * Replay throughput of the whole pipeline (issue 7): feed → book → features →
 * HHT → predictions → decision → execution → paper venue → portfolio / risk,
 * in book messages per second of wall time, the recording already in memory
 * (file reading and module loading excluded; everything else included). Runs with
 * HHT off and on (replay timing: every window is waited for), with the stand-in
 * rule and, when a model directory is given in BTC_ENGINE_BENCH_MODEL, the model
 * (HHT off and on; a variant whose features the model was not trained on is
 * reported as skipped). Each variant runs once to warm up, reported on its own as
 * firstMs (for the first variant of the process this is a cold start: nothing is
 * compiled yet, as in a one-off `btc-engine replay` of a short file), then 3 times
 * more; the median of those 3 is the throughput.
 */
import { loadConfig } from '../../src/config/load.js';
import { replay } from '../../src/engine/replay.js';
import { OncePerKind } from '../../src/cli/report.js';
import { ModelError } from '../../src/errors.js';
import type { StreamItem } from '../../src/feed/stream.js';
import { loadStream, sig3, type BenchConfig, type BenchRow, type Stream } from '../lib.js';

interface Variant { name: string; hht: boolean; model?: string }

async function once(s: Stream, v: Variant): Promise<{ ms: number; messages: number; fills: number; backend: string }> {
  const cfg = loadConfig(undefined, [
    [['features', 'hht', 'enabled'], v.hht],
    [['decision', 'source'], v.model ? 'model' : 'rule'],
    [['model', 'dir'], v.model],
  ]);
  async function* items(): AsyncGenerator<StreamItem> {
    for (let i = 0; i < s.files.length; i++) yield { part: `${s.name}#${i}`, bytes: s.files[i], first: true };
  }
  const run = await replay({ cfg, instrument: s.instrument, items: items(), report: new OncePerKind('bench', () => {}) });
  const backend = `${run.kernelBackend}${run.hhtBackend ? `, HHT ${run.hhtBackend}` : ''}`;
  return { ms: run.wallMs, messages: run.messages, fills: run.session.loop.parts.portfolio.fills.length, backend };
}

export async function benchReplay(cfg: BenchConfig): Promise<BenchRow[]> {
  const streams = cfg.quick ? ['bybit-shaped'] : ['bybit-shaped', 'binance-usdm'];
  const variants: Variant[] = [{ name: 'rule', hht: false }, { name: 'rule + HHT', hht: true }];
  const model = process.env.BTC_ENGINE_BENCH_MODEL;
  if (model) variants.push({ name: 'model', hht: false, model }, { name: 'model + HHT', hht: true, model });
  const rows: BenchRow[] = [];
  for (const name of streams) {
    const s = loadStream(name);
    for (const v of variants) {
      const runs = cfg.quick ? 1 : 3;
      const times: number[] = [];
      let last = { ms: 0, messages: 0, fills: 0, backend: '' };
      let firstMs = 0;
      try {
        if (!cfg.quick) firstMs = (await once(s, v)).ms;
        for (let i = 0; i < runs; i++) { last = await once(s, v); times.push(last.ms); }
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        console.log(`replay ${name}, ${v.name}: skipped (${err.message.split('\n')[0]})`);
        continue;
      }
      times.sort((a, b) => a - b);
      const med = times[Math.floor(times.length / 2)]!;
      rows.push({
        suite: 'replay', task: `${name}, ${v.name} (${last.backend})`, meanMs: sig3(med), samples: runs,
        messages: last.messages, messagesPerSec: sig3(last.messages / (med / 1000)), usPerMessage: sig3((med * 1000) / last.messages), fills: last.fills,
        firstMs: sig3(firstMs || times[0]!),
      });
    }
  }
  return rows;
}
