// npm run bench: every bench/*.bench.ts in its own process (so one does not disturb the next),
// each reporting figures with the baseline it measured in the same run; then the size report.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, RUNTIME_NODE_FLAGS } from './lib.mjs';
import { h5Sizes, weappSizes, BUDGETS } from './size-report.mjs';

const only = process.argv.slice(2);
const files = readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
mkdirSync(path.join(ROOT, '.local-build'), { recursive: true });
const all = {};
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const outfile = path.join(ROOT, `.local-build/bench-${name}.cjs`);
  await esbuild.build({
    stdin: {
      contents: `import * as m from ${JSON.stringify(path.join(ROOT, 'bench', file))};
        const fn = Object.entries(m).find(([k, v]) => k.startsWith('bench') && typeof v === 'function')[1];
        fn().then((r) => { console.log('@@RESULT' + JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`,
      resolveDir: path.join(ROOT, 'bench'),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  process.stdout.write(`\n== ${name}\n`);
  let out;
  try {
    out = execFileSync(process.execPath, [...RUNTIME_NODE_FLAGS, outfile], { cwd: ROOT, env: { ...process.env, SILENCE: 'true', TCB_ENV: 'local-bench' }, maxBuffer: 64 * 1024 * 1024 }).toString();
  } catch (err) {
    console.log(`  failed: ${err.message.split('\n')[0]}`);
    all[name] = { error: err.message };
    continue;
  }
  const line = out.split('\n').find((l) => l.startsWith('@@RESULT'));
  const results = JSON.parse(line.slice('@@RESULT'.length));
  all[name] = results;
  for (const r of results) {
    const v = r.unit === 'ratio' ? r.value.toFixed(3) : r.value >= 100 ? r.value.toFixed(0) : r.value.toFixed(3);
    console.log(`  ${r.name.padEnd(58)} ${String(v).padStart(12)} ${r.unit}${r.note ? `   (${r.note})` : ''}`);
  }
}
const w = weappSizes();
const h = h5Sizes();
console.log('\n== sizes');
if (w) console.log(`  weapp main package ${(w.mainBytes / 1024).toFixed(1)} KB (budget ${BUDGETS.weappMainKB} KB)`);
else console.log('  weapp main package: no build (npm run build:weapp)');
if (h) console.log(`  h5 first-load JS ${(h.gzipBytes / 1024).toFixed(1)} KB gzip (budget ${BUDGETS.h5FirstLoadGzipKB} KB)`);
else console.log('  h5 first-load JS: no build (npm run build:h5)');
all.sizes = { weapp: w, h5: h };
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(all, null, 2));
