/** `store info`: what a store holds, as lines for people (schema, instrument, tables, sources, history). */
import { ROW_FEATURES } from '../layout/feature-row.js';
import { DB_NAMES, PAGE_BYTES } from './schema.js';
import type { Store } from './store.js';
import { lockHolder } from './lock.js';

/** The info report, one line per item. */
export function describeStore(store: Store): string[] {
  const m = store.meta();
  const i = m.instrument;
  const runs = store.ingestRuns();
  const rowBytes = (ROW_FEATURES + m.columns.length) * 8;
  const time = (ms: number | null): string => (ms === null ? '–' : new Date(ms).toISOString());
  const lines = [
    `store             ${store.dir}: schema version ${m.schemaVersion}, ${mib(store.sizeBytes())} on disk (${PAGE_BYTES / 1024} KiB pages), created by ${m.createdBy}`,
    `instrument        ${i.exchange} ${i.market} ${i.symbol} (tick ${i.tick}, lot ${i.lot})`,
    `feature set       version ${m.featureSetVersion}, ${m.columns.length} columns (${m.extended ? 'core + extended' : 'core'}), ` +
      `Float64 rows of ${rowBytes} bytes, calibration ${m.calibrationSha256 ? `sha256 ${m.calibrationSha256.slice(0, 16)}…` : 'defaults'}`,
    ...(m.hht ? [`HHT               ${m.hht.k} IMFs, window ${m.hht.n} samples every ${m.hht.sampleMs} ms, ${m.hht.mode} mode`] : []),
    `${DB_NAMES.features.padEnd(17)} ${store.features.getKeysCount()} rows`,
    `${DB_NAMES.training.padEnd(17)} ${store.training.getKeysCount()} rows${m.training ? `, labels ${m.training.labelNames.join(', ')}` : ', no labels defined (issue 6)'}`,
    `${DB_NAMES.raw.padEnd(17)} ${store.raw.getKeysCount()} frames in ${runs.length} sources`,
    `${DB_NAMES.state.padEnd(17)} ${store.state.getKeysCount()} entries`,
  ];
  const writer = lockHolder(store.dir);
  if (writer) lines.push(`writer            pid ${writer.pid} on ${writer.host} (${writer.command}) since ${writer.since}`);
  if (m.recompute) lines.push(`recompute         to feature-set version ${m.recompute.toVersion} unfinished: run btc-engine ingest --store ${store.dir}`);
  for (const r of runs) {
    const c = r.counters;
    const rec = r.recording;
    const status = rec
      ? (rec.end === 'running' ? `RECORDING (or killed) by pid ${rec.pid}` : `recorded, ${rec.end === 'stopped' ? 'stopped cleanly' : 'killed (kept up to its last commit)'}`)
      : r.status === 'complete' ? 'complete' : `INTERRUPTED at frame ${r.progress.frames} (run the same ingest again)`;
    lines.push(`source ${String(r.sourceNo).padEnd(10)} ${status}: ${r.progress.frames} frames, ${r.progress.rows} rows, ` +
      `${time(r.progress.firstTsMs)} → ${time(r.progress.lastTsMs)}, backend ${r.backend}${r.hhtBackend ? ` (HHT ${r.hhtBackend})` : ''}, ${r.attempts.length} attempt(s)`);
    if (rec) {
      lines.push(`                  live ${rec.topics.join(' + ')} from ${rec.url}, ${rec.startedAt} → ${rec.lastCommitAt}: ` +
        `${mib(rec.bytes)} received, ${rec.reconnects} reconnects, ${rec.resubscribes} resubscribes, ${rec.gaps} update-id gaps, ${rec.malformed} malformed`);
    } else {
      lines.push(`                  files ${r.files.map((f) => `${f.name} (${f.bytes} B, sha256 ${f.sha256.slice(0, 12)}…)`).join(', ')}`);
    }
    lines.push(`                  ${c.rejected} rejected lines, ${c.problems} damaged containers, ${c.gaps} gaps, ${c.crossed} crossed, ` +
      `${c.overwrites} rows replaced earlier ones, ${c.outOfOrder} out of key order`);
  }
  for (const h of m.history) lines.push(`history           ${h.at} ${h.event}: ${h.detail}`);
  return lines;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}
