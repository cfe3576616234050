#!/usr/bin/env node
/**
 * `npm test`: runs every compiled *.test.js under dist/test with node's test
 * runner. Node 20 expands neither globs nor only test files in a directory
 * (it would run the helpers too), so the list is made here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'test');
if (!existsSync(root)) {
  console.error('dist/test is missing: run npm install (or npm run build) first');
  process.exit(1);
}
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.js'))
  .sort()
  .map((f) => join(root, f));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...process.argv.slice(2), ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
