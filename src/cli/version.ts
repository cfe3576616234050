/** This engine's package version (recorded in a new store's meta, shown by `paper`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../native/load.js';

export function engineVersion(): string {
  try {
    return `btc-engine ${(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
  } catch {
    return 'btc-engine';
  }
}
