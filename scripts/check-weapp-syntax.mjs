// Every .js file of the weapp build must parse at the syntax level project.config.json promises:
// with `es6: false` and `enhance: false` WeChat uploads the files as they are, and a phone whose
// JavaScript engine is older than the syntax shows a white screen (iOS below 13.4 has no `?.`).
// Usage: node scripts/check-weapp-syntax.mjs [dist/weapp]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { ROOT } from './lib.mjs';

const dir = path.resolve(ROOT, process.argv[2] ?? 'dist/weapp');
const setting = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).setting ?? {};
// es6/enhance on: WeChat compiles to ES5 itself on upload (ES2020 and newer syntax included).
const ecmaVersion = setting.es6 || setting.enhance ? 2022 : 5;

function* jsFiles(d) {
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) yield* jsFiles(p);
    else if (name.endsWith('.js')) yield p;
  }
}

let files = 0;
const bad = [];
for (const file of jsFiles(dir)) {
  files++;
  try {
    parse(readFileSync(file, 'utf8'), { ecmaVersion, sourceType: 'script', allowReturnOutsideFunction: true });
  } catch (err) {
    bad.push(`${path.relative(dir, file)}: ${err.message}`);
  }
}
if (files === 0) {
  console.error(`no .js files under ${path.relative(ROOT, dir)}: build the weapp first (npm run build:weapp)`);
  process.exit(1);
}
if (bad.length) {
  console.error(`${bad.length} of ${files} weapp files do not parse as ES${ecmaVersion === 5 ? 5 : ecmaVersion} (project.config.json es6=${!!setting.es6}, enhance=${!!setting.enhance}):`);
  for (const b of bad) console.error(`  ${b}`);
  process.exit(1);
}
console.log(`weapp syntax: ${files} files parse as ES${ecmaVersion === 5 ? 5 : ecmaVersion}`);
