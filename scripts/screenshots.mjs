// npm run screenshots: every page as every persona, normal and large text, 360 and 390 px wide,
// into screenshots/ (not committed). Starts the local runtime on a fresh temporary DATA_DIR over
// the h5 build (npm run build:h5 with TARO_APP_LOCAL=true, as npm start builds it), then drives
// /usr/bin/chromium with playwright-core as tests/e2e/support.ts does.
// Options: --persona=resident,police  --page=home,wish/detail  (substrings of the route path)
//          --text=large (or normal)  --width=360 (or 390): a quicker pass over part of the matrix.
// Chinese text needs a CJK font on the machine (Debian: apt-get install fonts-wqy-zenhei), or every
// character is drawn as a box.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { bundleForNode, ROOT } from './lib.mjs';

const OUT = path.join(ROOT, 'screenshots');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',');
const onlyPersonas = arg('persona');
const onlyPages = arg('page');
const textModes = (arg('text') ?? ['normal', 'large']).map((m) => m === 'large');
const widths = (arg('width') ?? ['360', '390']).map(Number);
if (!existsSync(path.join(ROOT, 'dist/h5/index.html'))) {
  console.error('dist/h5 is missing: build it first (TARO_APP_LOCAL=true npm run build:h5)');
  process.exit(1);
}

// The page table of the e2e checks (every route, with the ids it needs) is TypeScript: bundle it.
const tablePath = await bundleForNode('tests/e2e/pages.ts', '.local-build/e2e-pages.cjs');
const { PAGE_VISITS } = (await import(tablePath)).default;
const server = await bundleForNode('local/server.ts', '.local-build/server.cjs');
// The checks of tests/e2e/every-page.test.ts, run on every shot too: screenshots/problems.json lists
// what they find for each page × persona × text size × width, so nobody has to spot it by eye.
const { layoutProblems, textProblems } = (await import(await bundleForNode('tests/e2e/layout.ts', '.local-build/e2e-layout.cjs'))).default;
const problems = [];

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qy-shots-'));
const port = 18_000 + Math.floor(Math.random() * 2000);
const child = spawn(process.execPath, [server], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  child.stdout.on('data', (d) => String(d).includes('local runtime') && resolve());
  child.on('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
});
const url = `http://127.0.0.1:${port}`;
const api = async (fn, action, data, token) => {
  const res = await fetch(`${url}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ action, data }) });
  const body = await res.json();
  return body.ok ? body.data : null;
};

const browser = await chromium
  .launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  .catch((err) => {
    // Without a browser there is nothing to do: stop the runtime it started, then fail.
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
let taken = 0;
try {
  const personas = (await api('auth', 'personas', {})).items;
  const cadre = (await api('auth', 'devLogin', { persona: 'village-cadre' })).token;
  const cases = (await api('cases', 'list', { scope: 'handling', limit: 1 }, cadre))?.items ?? [];
  const mine = await api('points', 'mine', {}, (await api('auth', 'devLogin', { persona: 'resident' })).token);
  const month = mine?.latest?.month ?? mine?.trend?.[0]?.month ?? '2026-01';
  // As tests/e2e/every-page.test.ts does: the demo has no unit party organisation, the county registers one.
  const admin = (await api('auth', 'devLogin', { persona: 'county-admin' })).token;
  const partyMember = (await api('auth', 'me', {}, (await api('auth', 'devLogin', { persona: 'party-member' })).token))?.user;
  const org = partyMember ? await api('admin', 'registerPartyOrg', { name: '县供电分公司党支部', secretaryId: partyMember.id }, admin) : null;
  const ids = { caseId: cases[0]?.id ?? 'none', pointsMonth: month, lastYear: Number(month.slice(0, 4)), partyOrgId: org?.partyOrg?.id ?? 'none' };

  for (const { persona, name } of personas) {
    if (onlyPersonas && !onlyPersonas.includes(persona)) continue;
    for (const large of textModes) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      // Sign in on the persona picker; answer the one-time large-text offer the way this pass needs.
      const { token } = await api('auth', 'devLogin', { persona });
      await page.goto(`${url}/`);
      await page.evaluate(({ token, large }) => {
        // Taro's h5 storage keeps each value as { data } (Taro.setStorageSync).
        localStorage.setItem('qy.token', JSON.stringify({ data: token }));
        localStorage.setItem('qy.largeText', JSON.stringify({ data: large ? '1' : '0' }));
      }, { token, large });
      for (const [routePath, visit] of Object.entries(PAGE_VISITS)) {
        if (onlyPages && !onlyPages.some((p) => routePath.includes(p))) continue;
        const dir = path.join(OUT, persona, large ? 'large' : 'normal');
        mkdirSync(dir, { recursive: true });
        await page.goto(`${url}/#${visit.url(ids)}`);
        await page.reload();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForTimeout(400);
        for (const width of widths) {
          await page.setViewportSize({ width, height: width === 360 ? 640 : 844 });
          await page.waitForTimeout(150);
          const file = path.join(dir, `${routePath.replace(/^(pages|packages)\//, '').replace(/\/index$/, '').replace(/\//g, '_')}-${width}.png`);
          try {
            await page.screenshot({ path: file, fullPage: true, timeout: 60_000 });
            taken += 1;
            const found = [...(await layoutProblems(page)), ...(await textProblems(page))];
            if (found.length) {
              problems.push({ page: routePath, persona, text: large ? 'large' : 'normal', width, problems: found });
              // Written as found, so a long pass can be read while it runs.
              writeFileSync(path.join(OUT, 'problems.json'), `${JSON.stringify(problems, null, 1)}\n`);
            }
          } catch (err) {
            console.error(`${persona} ${routePath} ${width}: ${err.message.split('\n')[0]}`);
          }
        }
      }
      await context.close();
      console.log(`${name}（${persona}）${large ? '大字' : '标准'}: done`);
    }
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'problems.json'), `${JSON.stringify(problems, null, 1)}\n`);
console.log(`${taken} screenshots in ${path.relative(ROOT, OUT)}/; ${problems.length} with problems found by the e2e checks (problems.json)`);
