// node scripts/notice-census.mjs <file>: sums up NOTICE_CENSUS (tests/support/runtime.ts) — each kind of
// notice that names someone other than its recipient without saying whom (aboutId), with the test files
// that wrote one. Run the integration tests with NOTICE_CENSUS=<file> first.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/notice-census.mjs <file written by NOTICE_CENSUS>');
  process.exit(2);
}
const kinds = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { kind, notices, test } = JSON.parse(line);
  const k = kinds.get(kind) ?? { notices: 0, tests: new Set() };
  k.notices += notices;
  k.tests.add(test);
  kinds.set(kind, k);
}
if (kinds.size === 0) console.log('every notice that names someone other than its recipient says whom (aboutId)');
for (const [kind, k] of [...kinds].sort((a, b) => b[1].notices - a[1].notices)) console.log(`${kind}: ${k.notices} notices without aboutId naming another person (${[...k.tests].join(', ')})`);
