/**
 * What a store holds (docs/STORE.md): the named databases, the schema version and
 * the JSON records kept in `meta` and `runs`. Bump SCHEMA_VERSION with any change
 * to a key or value layout, and add the migration from the previous version to
 * src/store/migrations.ts in the same change.
 */

/** Layout version of a store this engine writes; older ones are migrated on open. */
export const SCHEMA_VERSION = 2;

/** The named LMDB databases of a store. */
export const DB_NAMES = {
  raw: 'raw',
  features: 'l2_features',
  training: 'l2_training_data',
  runs: 'runs',
  state: 'state',
  meta: 'meta',
} as const;

/** The key of the one record in `meta`. */
export const META_KEY = 'store';

/**
 * LMDB page size of a new store: a 432-byte core row fills 16 KiB pages to ~97%
 * (35 rows) where 4 KiB pages hold 8 (89%), and most raw ob200 frames fit a page.
 */
export const PAGE_BYTES = 16384;

/** The instrument of every row in a store (one store, one instrument). */
export interface StoreInstrument {
  exchange: string;
  market: string;
  symbol: string;
  tick: string;
  lot: string;
}

/** One line of the store's history: creation, migrations, recomputes. */
export interface HistoryEntry {
  /** Wall-clock time (ISO 8601), for people reading `store info`. */
  at: string;
  event: 'created' | 'migrated' | 'recomputed' | 'cleared';
  detail: string;
}

/** The `meta` record. */
export interface StoreMeta {
  schemaVersion: number;
  /** FEATURE_SET_VERSION of the rows in l2_features. */
  featureSetVersion: number;
  /** Row encoding of l2_features (see src/store/layout.ts). */
  rowEncoding: 'f64le';
  /** Feature column names in row order (after ts, u, book_flags). */
  columns: string[];
  extended: boolean;
  /** HHT settings of the rows' HHT columns (docs/HHT.md); absent when the rows have none. */
  hht?: StoreHht;
  instrument: StoreInstrument;
  /** SHA-256 of the calibration file the rows were computed with, or null for the defaults. */
  calibrationSha256: string | null;
  /** The next source number an ingest takes (raw keys start with it). */
  nextSourceNo: number;
  /** Engine version that created the store. */
  createdBy: string;
  history: HistoryEntry[];
  /** Set while a migration is part way (resumed on the next open). */
  migrating?: { to: number; lastKeyHex: string | null };
  /** Set while rows are being recomputed for a new feature-set version. */
  recompute?: { toVersion: number; fromColumns: string[] };
  /** Labels of l2_training_data (issue 6 fills the table). */
  training?: TrainingMeta;
}

/** What decides a store's HHT columns (config features.hht without enabled and backend). */
export interface StoreHht {
  sampleMs: number;
  n: number;
  k: number;
  mode: 'reference' | 'fast';
}

/** The shape of l2_training_data rows: a feature row, then one label per horizon. */
export interface TrainingMeta {
  horizonsMs: number[];
  labelNames: string[];
  featureSetVersion: number;
}

/** One input file of an ingest. */
export interface SourceFile {
  /** As given on the command line (for messages only: identity is the digest). */
  name: string;
  bytes: number;
  sha256: string;
}

/** Where a part (file or zip entry) starts in the source's raw frames. */
export interface SourcePart {
  name: string;
  firstFrame: number;
}

/** Counters of an ingest, summed over its attempts' committed batches. */
export interface IngestCounters {
  lines: number;
  rejected: number;
  rejectedByKind: Record<string, number>;
  /** Damaged containers (truncated gzip / zip). */
  problems: number;
  gaps: number;
  crossed: number;
  /** Rows whose key was already in l2_features (a later row replaced it). */
  overwrites: number;
  /** Rows whose key is not above the previous row's: the export orders them by key. */
  outOfOrder: number;
}

/** Progress of an ingest, committed in the same transaction as its data. */
export interface IngestProgress {
  /** Frames written to `raw` (the next frame number). */
  frames: number;
  /** Feature rows written (ordinal of the next row). */
  rows: number;
  parts: SourcePart[];
  firstTsMs: number | null;
  lastTsMs: number | null;
}

/** A `runs` record of kind ingest, keyed `ingest/<source digest>`. */
export interface IngestRun {
  kind: 'ingest';
  sourceNo: number;
  /** SHA-256 over the files' digests in order: the source's identity. */
  digest: string;
  files: SourceFile[];
  status: 'running' | 'complete';
  featureSetVersion: number;
  backend: string;
  extended: boolean;
  /** HHT kernel the rows' HHT columns came from (absent without HHT). */
  hhtBackend?: string;
  calibrationSha256: string | null;
  progress: IngestProgress;
  counters: IngestCounters;
  /** Invocations that wrote to this source (an interrupted run is resumed by the next). */
  attempts: Array<{ startedAt: string; startFrame: number; backend: string }>;
  finishedAt: string | null;
  /** Rows rewritten so far by a recompute for a new feature-set version (src/store/recompute.ts). */
  recomputedRows?: number;
  /** Present when the source is a live recording session (`btc-engine record`, src/store/record.ts). */
  recording?: RecordingInfo;
}

/**
 * A live recording session: one source per run of `btc-engine record`. Its frames
 * and rows are committed like an ingest's batches; the live counters are those of
 * the WebSocket client at the last commit.
 */
export interface RecordingInfo {
  url: string;
  symbol: string;
  depth: number;
  topics: string[];
  /** Recorder process (a session still `running` whose writer lock is gone was killed). */
  pid: number;
  startedAt: string;
  /** running: being recorded (or killed: the next writer marks it); stopped: ended by a signal or --duration; killed. */
  end: 'running' | 'stopped' | 'killed';
  /** Wall-clock time of the last commit (the end of what a killed session kept). */
  lastCommitAt: string;
  /** WebSocket payload bytes received (data and control). */
  bytes: number;
  reconnects: number;
  resubscribes: number;
  /** Update-id gaps the client saw (each answered by a resubscribe and a fresh snapshot). */
  gaps: number;
  malformed: number;
}

/** The runs key of an ingest. */
export function ingestRunKey(digest: string): string {
  return `ingest/${digest}`;
}
