// npm test: every test — unit, engine conformance, integration through the gateway, ui, native
// components, and e2e in Chromium on the h5 build. Ends with one line: "tests: N passed, N failed".
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureH5Build, ROOT, run } from './lib.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    hasApt = true;
  } catch {}
  if (!root || !hasApt) {
    console.error(`Chromium is missing for the e2e tests: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH) and try again.`);
    return false;
  }
  console.log("installing Debian's chromium for the e2e tests …");
  // A CJK font too: the large-text checks measure real glyphs, not fallback boxes.
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
  return existsSync(CHROMIUM);
}

const jestArgs = process.argv.slice(2);
if (!ensureChromium()) process.exit(1);
if ((await ensureH5Build()) !== 0) {
  console.error('the h5 build failed; the e2e tests need it');
  process.exit(1);
}

mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
const resultsFile = path.join(ROOT, '.cache/jest-results.json');
// --forceExit: a test that leaks a handle must not hang CI for its whole time budget; the leak still
// shows as jest's "did not exit" warning in the log.
const code = await run('npx', ['jest', '--forceExit', '--json', `--outputFile=${resultsFile}`, ...jestArgs], {
  env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
});

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A suite that fails to load has no test results: count it as a failure, not as nothing.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
if (code !== 0 && failed === 0) failed = 1;
writeFileSync(path.join(ROOT, '.cache/test-summary.json'), JSON.stringify({ passed, failed }));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
