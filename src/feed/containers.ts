/**
 * Recording containers → decompressed bytes. Plain JSONL / `<recv time> <frame>`
 * lines, gzip of either (also concatenated members), and zip archives such as
 * Bybit's `.data.zip` (every entry in name order). A truncated or corrupt
 * container yields what could be recovered plus a problem description; it never
 * throws for bad content (only for an unreadable path).
 */
import { readFileSync } from 'node:fs';
import { constants as zc, gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';

export interface ContainerPart {
  /** Display name: the file, or `file!entry` inside a zip. */
  name: string;
  bytes: Buffer;
}

export interface ContainerResult {
  parts: ContainerPart[];
  /** Problems found (truncated gzip, corrupt zip): each counts as one rejected input. */
  problems: string[];
}

/** Reads and decompresses one input file. */
export function readContainer(path: string): ContainerResult {
  const raw = readFileSync(path);
  return decodeContainer(path, raw);
}

/** Decompresses bytes already in memory, by content (magic numbers), not by file name. */
export function decodeContainer(name: string, raw: Buffer): ContainerResult {
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) return gunzip(name, raw);
  if (raw.length >= 4 && raw.readUInt32LE(0) === 0x04034b50) return unzip(name, raw);
  return { parts: [{ name, bytes: raw }], problems: [] };
}

function gunzip(name: string, raw: Buffer): ContainerResult {
  try {
    return { parts: [{ name, bytes: gunzipSync(raw) }], problems: [] };
  } catch (err) {
    // Salvage everything before the damage: a sync flush returns what inflated cleanly.
    let bytes: Buffer = Buffer.alloc(0);
    try {
      bytes = gunzipSync(raw, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch {
      // Nothing recoverable.
    }
    const cut = bytes.lastIndexOf(10);
    // A partial last line is dropped with the damage rather than parsed as a bad frame.
    const kept = cut >= 0 ? bytes.subarray(0, cut + 1) : Buffer.alloc(0);
    return {
      parts: [{ name, bytes: kept }],
      problems: [`gzip stream is damaged (${(err as Error).message}); kept ${kept.length} bytes of complete lines`],
    };
  }
}

function unzip(name: string, raw: Buffer): ContainerResult {
  try {
    const entries = unzipSync(new Uint8Array(raw.buffer, raw.byteOffset, raw.length));
    const parts = Object.keys(entries)
      .filter((k) => !k.endsWith('/'))
      .sort()
      .map((k) => ({ name: `${name}!${k}`, bytes: Buffer.from(entries[k].buffer, entries[k].byteOffset, entries[k].length) }));
    return { parts, problems: [] };
  } catch (err) {
    return { parts: [], problems: [`zip archive is unreadable (${(err as Error).message})`] };
  }
}
