// npm run build:functions: one self-contained index.js per cloud function, as CloudBase deploys it.
// Everything is bundled except @cloudbase/node-sdk, which CloudBase installs from package.json.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './lib.mjs';

const SRC = path.join(ROOT, 'cloudfunctions');
const OUT = path.join(ROOT, 'dist/functions');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const EXTERNAL = ['@cloudbase/node-sdk'];
// WeChat cloud calls (subscribe messages, content security) go through wx-server-sdk, which CloudBase
// installs for the functions whose config.json asks for openapi permissions. It is loaded lazily in
// the cloud only, so it is not a local dependency.
const CLOUD_ONLY = { 'wx-server-sdk': '4.0.2' };

const names = readdirSync(SRC).filter((n) => !n.startsWith('_') && statSync(path.join(SRC, n)).isDirectory() && existsSync(path.join(SRC, n, 'index.ts')));
rmSync(OUT, { recursive: true, force: true });
for (const name of names) {
  const dir = path.join(OUT, name);
  mkdirSync(dir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(SRC, name, 'index.ts')],
    outfile: path.join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: EXTERNAL,
    minify: true,
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  const config = JSON.parse(readFileSync(path.join(SRC, name, 'config.json'), 'utf8'));
  const dependencies = Object.fromEntries(EXTERNAL.map((d) => [d, pkg.dependencies[d]]));
  if ((config.permissions?.openapi ?? []).length > 0) Object.assign(dependencies, CLOUD_ONLY);
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version: pkg.version, private: true, main: 'index.js', dependencies }, null, 2) + '\n',
  );
  copyFileSync(path.join(SRC, name, 'config.json'), path.join(dir, 'config.json'));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`${name.padEnd(16)} ${(bytes / 1024).toFixed(1)} KB`);
}
