// Small helpers shared by the npm scripts (start, test, bench, build:functions).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when `output` is missing or older than any file under `inputs`. */
export function isStale(output, inputs) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((dir) => newestMtime(path.join(ROOT, dir)) > built);
}

/**
 * How node runs the local runtime (npm start), and every bench with it. A 64 MB young generation: a
 * list answer allocates a page of document copies, and with node's default 16 MB the scavenger took
 * 8.4% of a wishes.list call's time against 3.7% (cpu profile of 10,000 calls, 32 at a time).
 */
export const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=64'];

export const APP_SOURCES = ['miniprogram', 'shared', 'config', 'babel.config.js'];

export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Builds the h5 app when its sources changed since the last build. */
export async function ensureH5Build() {
  const index = path.join(ROOT, 'dist/h5/index.html');
  if (!isStale(index, APP_SOURCES)) return 0;
  console.log('building the h5 app (taro build --type h5) …');
  return run('npx', ['taro', 'build', '--type', 'h5'], { env: { ...process.env, NODE_ENV: 'production', TARO_APP_LOCAL: 'true' } });
}

/** Bundles a TypeScript entry for node (dependencies stay in node_modules). */
export async function bundleForNode(entry, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: path.join(ROOT, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(ROOT, outfile);
}
