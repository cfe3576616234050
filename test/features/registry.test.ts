/** The registry holds exactly the 51 core features of FEATURES.md §7, in its order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_FEATURES, FEATURE_INDEX } from '../../src/features/registry.js';
import { PROJECT_ROOT } from '../../src/native/load.js';

test('51 unique core features, in the order of the spec table', () => {
  assert.equal(CORE_FEATURES.length, 51);
  assert.equal(new Set(CORE_FEATURES.map((d) => d.name)).size, 51);
  // The spec's §7 table: "| <n> | `<column>` | …" rows.
  const spec = readFileSync(join(PROJECT_ROOT, '..', 'shared', 'FEATURES.md'), 'utf8');
  const section = spec.slice(spec.indexOf('## 7.'), spec.indexOf('## 8.'));
  const names = [...section.matchAll(/^\| (\d+) \| `([a-z0-9_]+)` \|/gm)].map((m) => [Number(m[1]), m[2]] as const);
  assert.equal(names.length, 51);
  names.forEach(([n, name], i) => {
    assert.equal(n, i + 1);
    assert.equal(CORE_FEATURES[i].name, name, `column ${n}`);
    assert.equal(FEATURE_INDEX[name], i);
  });
});
