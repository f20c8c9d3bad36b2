// npm 11 skips dependency install scripts; better-sqlite3 is the one native module we need,
// so build it here when its binding is missing (compiles from source, about two minutes).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dir = require.resolve('better-sqlite3/package.json').replace(/package\.json$/, '');
const binding = `${dir}build/Release/better_sqlite3.node`;
if (!existsSync(binding)) {
  console.log('building better-sqlite3 from source …');
  execSync('npm rebuild better-sqlite3 --foreground-scripts --ignore-scripts=false', { stdio: 'inherit' });
}
