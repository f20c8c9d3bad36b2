/**
 * One jest run for every kind of test; each kind is a project with its own environment.
 * ui and native keep their own configs next to their tests.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021' }, module: { type: 'commonjs' } }];
const node = (name, dir, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testMatch: [`<rootDir>/tests/${dir}/**/*.test.ts`],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  setupFiles: ['<rootDir>/tests/setup-node.js'],
  ...extra,
});
const fs = require('node:fs');
const path = require('node:path');
const own = (dir) => (fs.existsSync(path.join(__dirname, 'tests', dir, 'jest.config.js')) ? [`<rootDir>/tests/${dir}/jest.config.js`] : []);

module.exports = {
  rootDir: __dirname,
  // An integration or e2e file starts a runtime in beforeAll (engine, provisioning, the seeded county):
  // a few seconds on a loaded two-core machine, more than jest's 5 s default. testTimeout is global in jest 29.
  testTimeout: 30_000,
  projects: [
    node('unit', 'unit'),
    node('engine', 'engine'),
    node('integration', 'integration'),
    node('e2e', 'e2e'),
    ...own('ui'),
    ...own('native'),
  ],
};
