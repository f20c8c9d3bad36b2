// Size report: the weapp main package (everything outside subpackage roots) and the h5 first-load
// JavaScript (the scripts index.html loads), gzipped. `--check` fails when a budget is exceeded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib.mjs';

export const BUDGETS = { weappMainKB: 600, h5FirstLoadGzipKB: 150 };

function dirBytes(dir, skip = new Set()) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (skip.has(full)) continue;
    total += e.isDirectory() ? dirBytes(full, skip) : statSync(full).size;
  }
  return total;
}

export function weappSizes() {
  const dir = path.join(ROOT, 'dist/weapp');
  if (!existsSync(path.join(dir, 'app.json'))) return null;
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => path.join(dir, p.root.replace(/\/$/, '')));
  const sub = Object.fromEntries(roots.filter(existsSync).map((r) => [path.relative(dir, r), dirBytes(r)]));
  return { mainBytes: dirBytes(dir, new Set(roots)), subpackages: sub };
}

export function h5Sizes() {
  const dir = path.join(ROOT, 'dist/h5');
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  for (const src of scripts) {
    const file = path.join(dir, src.replace(/^\//, ''));
    if (!existsSync(file)) continue;
    const buf = readFileSync(file);
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  return { scripts: scripts.length, rawBytes: raw, gzipBytes: gz };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let ok = true;
  const w = weappSizes();
  if (w) {
    const kb = w.mainBytes / 1024;
    console.log(`weapp main package: ${kb.toFixed(1)} KB (budget ${BUDGETS.weappMainKB} KB)`);
    for (const [root, bytes] of Object.entries(w.subpackages)) console.log(`  subpackage ${root}: ${(bytes / 1024).toFixed(1)} KB`);
    if (kb > BUDGETS.weappMainKB) ok = false;
  } else if (check) {
    console.log('weapp build missing (run npm run build:weapp)');
    ok = false;
  }
  const h = h5Sizes();
  if (h) {
    const kb = h.gzipBytes / 1024;
    console.log(`h5 first-load JS: ${kb.toFixed(1)} KB gzip (${(h.rawBytes / 1024).toFixed(1)} KB raw, ${h.scripts} scripts; budget ${BUDGETS.h5FirstLoadGzipKB} KB gzip)`);
    if (kb > BUDGETS.h5FirstLoadGzipKB) ok = false;
  }
  if (check && !ok) {
    console.log('size budget exceeded');
    process.exit(1);
  }
}
