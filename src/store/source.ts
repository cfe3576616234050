/**
 * The identity of an ingest's input: SHA-256 of each file's bytes (as stored on
 * disk, compressed or not), and of those digests in order. Content decides, not
 * names: the same recording under another path is the same source, and an edited
 * file is a new one.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { SourceFile } from './schema.js';

export interface SourceIdentity {
  files: SourceFile[];
  digest: string;
}

/** Digests `paths` in order (one streaming read of each). */
export async function identifySource(paths: string[]): Promise<SourceIdentity> {
  const files: SourceFile[] = [];
  const all = createHash('sha256');
  for (const name of paths) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(name, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
    const sha256 = h.digest('hex');
    files.push({ name, bytes: statSync(name).size, sha256 });
    all.update(sha256);
  }
  return { files, digest: all.digest('hex') };
}

/** SHA-256 of one file's bytes (the calibration a store's rows were computed with). */
export async function fileSha256(path: string): Promise<string> {
  return (await identifySource([path])).files[0].sha256;
}
