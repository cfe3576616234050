/**
 * Schema migrations, as code: each step takes a store from one schema version to
 * the next, in batches of one transaction each, with its position recorded in
 * meta (`migrating`) in the same transaction, so a migration killed part way
 * resumes on the next open. The last batch bumps `schemaVersion` and writes a
 * history entry. Tested on a store the test writes in the previous layout.
 *
 * Versions:
 *   1  l2_features values were [book_flags, features…] (ts and u only in the key);
 *      no l2_training_data.
 *   2  l2_features values are whole kernel rows [ts, u, book_flags, features…], so a
 *      row is self-describing, `verify` can hold it against its key, and a scan hands
 *      rows to the same formatter as `btc-engine features`; l2_training_data added.
 */
import { readFeatureKey } from './layout.js';
import { SCHEMA_VERSION, type StoreMeta } from './schema.js';
import type { Store } from './store.js';

interface Migration {
  from: number;
  /** For the history entry. */
  what: string;
  /** Runs the step; returns how many records it rewrote. */
  run(store: Store, meta: StoreMeta, note: (s: string) => void): number;
}

/** Rows per migration transaction. */
const MIGRATE_BATCH_ROWS = 8192;

const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    what: 'l2_features rows now start with ts and u; l2_training_data added',
    run: prependKeyToRows,
  },
];

/** Brings `store` to SCHEMA_VERSION, one step at a time (no-op when current). */
export function migrate(store: Store, note: (s: string) => void): void {
  for (;;) {
    const meta = store.meta();
    if (meta.schemaVersion >= SCHEMA_VERSION && !meta.migrating) return;
    const step = MIGRATIONS.find((m) => m.from === meta.schemaVersion);
    if (!step) throw new Error(`store ${store.dir}: no migration from schema version ${meta.schemaVersion} (this engine migrates from ${MIGRATIONS.map((m) => m.from).join(', ')})`);
    const to = step.from + 1;
    note(`migrating store ${store.dir} from schema version ${step.from} to ${to}: ${step.what}`);
    const n = step.run(store, meta, note);
    store.write(`finishing the migration to schema version ${to}`, () => {
      const m = store.meta();
      m.schemaVersion = to;
      delete m.migrating;
      m.history.push(store.historyEntry('migrated', `schema version ${step.from} → ${to}: ${step.what} (${n} records rewritten)`));
      store.putMeta(m);
    });
  }
}

/** 1 → 2: each row value gains ts and u (from its key) in front. */
function prependKeyToRows(store: Store, meta: StoreMeta, note: (s: string) => void): number {
  const v1Bytes = (1 + meta.columns.length) * 8;
  const db = store.binaryView('l2_features');
  let after: Buffer | undefined = meta.migrating?.lastKeyHex ? Buffer.from(meta.migrating.lastKeyHex, 'hex') : undefined;
  let rewritten = 0;
  for (;;) {
    // Read a batch outside the write transaction, then rewrite it inside one.
    const batch: Array<{ key: Buffer; value: Buffer }> = [];
    for (const e of db.getRange({ start: after, exclusiveStart: after !== undefined, limit: MIGRATE_BATCH_ROWS })) {
      batch.push({ key: Buffer.from(e.key), value: Buffer.from(e.value) });
    }
    if (batch.length === 0) return rewritten;
    store.write('migrating l2_features rows', () => {
      for (const { key, value } of batch) {
        if (value.length !== v1Bytes) continue; // already migrated by an earlier, interrupted run
        const row = Buffer.allocUnsafe(value.length + 16);
        const { exchTsMs, updateId } = readFeatureKey(key);
        row.writeDoubleLE(exchTsMs, 0);
        row.writeDoubleLE(updateId, 8);
        value.copy(row, 16);
        db.putSync(key, row);
        rewritten++;
      }
      after = batch[batch.length - 1].key;
      const m = store.meta();
      m.migrating = { to: 2, lastKeyHex: after.toString('hex') };
      store.putMeta(m);
    });
    note(`  ${rewritten} rows rewritten`);
  }
}
