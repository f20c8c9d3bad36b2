#!/usr/bin/env node
/**
 * Runs the official TencentCloudBase/node-sdk `test/database/` tests, unchanged, against the local engine
 * through the unchanged SDK in this repository's node_modules. Their code is never copied into the
 * repository: this script copies `test/` from a checkout into a scratch folder, adds the shims their
 * imports need (`src/index` → @cloudbase/node-sdk, `lib/const/code`, `power-assert` → assert, the
 * database package's `src/*` → its `dist/commonjs/*`) and runs jest there with the engine attached.
 *
 *   node tests/engine/official/run.mjs <node-sdk checkout> [scratch dir] [-- jest args]
 *
 * See docs/local-engine.md for the expected result.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const positional = dash < 0 ? argv : argv.slice(0, dash);
const jestArgs = dash < 0 ? [] : argv.slice(dash + 1);
const [checkout, scratchArg] = positional;
if (!checkout) {
  console.error('usage: node tests/engine/official/run.mjs <node-sdk checkout> [scratch dir] [-- jest args]');
  process.exit(2);
}
const scratch = path.resolve(scratchArg ?? '/tmp/node-sdk-official');
const nm = path.join(repo, 'node_modules');

rmSync(scratch, { recursive: true, force: true });
mkdirSync(path.join(scratch, 'src'), { recursive: true });
mkdirSync(path.join(scratch, 'lib/const'), { recursive: true });
cpSync(path.join(checkout, 'test'), path.join(scratch, 'test'), { recursive: true });

const shims = {
  'src/index.js': `const sdk = require('@cloudbase/node-sdk');\nmodule.exports = { ...sdk, default: sdk };\n`,
  'lib/const/code.js': `module.exports = require(${JSON.stringify(path.join(nm, '@cloudbase/node-sdk/dist/const/code.js'))});\n`,
  // Jest 23, which their tests were written for, ignored a promise returned by a describe() callback;
  // jest 29 refuses it. Run the callback and drop the promise, as jest 23 did.
  'jest23-describe.js': `
const wrap = (d) => (name, fn) => d(name, function () { fn.call(this); });
const sync = Object.assign(wrap(describe), describe);
sync.only = wrap(describe.only);
sync.skip = wrap(describe.skip);
global.describe = sync;
`,
  'power-assert.js': `module.exports = require('assert');\n`,
  'test/config.local.js': `module.exports = { secretId: 'local', secretKey: 'local', env: 'local-test' };\n`,
  'attach-engine.js': `
process.env.SILENCE = 'true';
const os = require('os');
const path = require('path');
const { attachEngine, keepSdkOffline, LocalEngine } = require(${JSON.stringify(path.join(repo, 'local/engine'))});
keepSdkOffline();
const file = path.join(os.tmpdir(), 'official-' + process.pid + '-' + Math.random().toString(16).slice(2) + '.sqlite');
// The geo indexes their cloud environment has (geoNear needs one, in the cloud and here).
const indexes = [
  { collection: 'db-test-geo-advanced', fields: [{ field: 'point', direction: '2dsphere' }] },
  { collection: 'attractions', fields: [{ field: 'location', direction: '2dsphere' }] },
];
const engine = new LocalEngine({ file, indexes });
attachEngine(engine);
afterAll(() => {
  engine.close();
  for (const suffix of ['', '-wal', '-shm']) require('fs').rmSync(file + suffix, { force: true });
});
`,
  'jest.config.js': `
// Their tests were compiled by ts-jest without esModuleInterop (\`import * as assert\` is callable); ours with it.
const swc = (noInterop) => [${JSON.stringify(path.join(nm, '@swc/jest'))}, { jsc: { parser: { syntax: 'typescript' }, target: 'es2021' }, module: { type: 'commonjs', noInterop } }];
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/database/**/*.test.ts'],
  transform: { [\`^\${__dirname}/(test|src|lib)/.+\\\\.(t|j)s$\`]: swc(true), '^.+\\\\.(t|j)s$': swc(false) },
  modulePaths: [${JSON.stringify(nm)}],
  moduleNameMapper: {
    '^power-assert$': '<rootDir>/power-assert.js',
    '^@cloudbase/database/src/(.*)$': ${JSON.stringify(path.join(nm, '@cloudbase/database/dist/commonjs/$1'))},
  },
  setupFilesAfterEnv: ['<rootDir>/attach-engine.js', '<rootDir>/jest23-describe.js', '<rootDir>/test/setup.js'],
};
`,
};
for (const [file, text] of Object.entries(shims)) writeFileSync(path.join(scratch, file), text);

const jest = path.join(nm, 'jest/bin/jest.js');
const run = spawnSync(process.execPath, [jest, '-c', path.join(scratch, 'jest.config.js'), '--runInBand', ...jestArgs], {
  cwd: scratch,
  stdio: 'inherit',
  // Their fixtures build dates in local time and expect China's offset (dateToString tests).
  env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' },
});
process.exit(run.status ?? 1);
