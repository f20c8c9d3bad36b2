import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'dist/functions');
const NAMES = readdirSync(path.join(ROOT, 'cloudfunctions')).filter((n) => !n.startsWith('_') && existsSync(path.join(ROOT, 'cloudfunctions', n, 'index.ts')));

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-functions.mjs')], { cwd: ROOT, stdio: 'pipe' });
}, 60_000);

describe('npm run build:functions', () => {
  it.each(NAMES)('bundles %s into one index.js with package.json and config.json', (name) => {
    for (const f of ['index.js', 'package.json', 'config.json']) expect(existsSync(path.join(OUT, name, f))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(OUT, name, 'package.json'), 'utf8'));
    const config = JSON.parse(readFileSync(path.join(OUT, name, 'config.json'), 'utf8'));
    // Only what must stay external is installed by CloudBase; zod and our code are inside the bundle.
    // wx-server-sdk only where the function makes WeChat cloud calls (openapi permissions).
    const cloudCalls = config.permissions.openapi.length > 0;
    expect(Object.keys(pkg.dependencies).sort()).toEqual(cloudCalls ? ['@cloudbase/node-sdk', 'wx-server-sdk'] : ['@cloudbase/node-sdk']);
    expect(readFileSync(path.join(OUT, name, 'index.js'), 'utf8')).not.toMatch(/require\(["']zod["']\)/);
  });

  it.each(NAMES)('%s bundle answers main() with the envelope, identity from the platform', async (name) => {
    const mod = require(path.join(OUT, name, 'index.js')) as { main: (e: unknown, c?: unknown) => Promise<unknown> };
    expect(await mod.main({ action: 'no-such-action', data: {} }, {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', issues: [{ path: 'action' }] },
    });
    delete process.env.WX_OPENID;
    // No WX_OPENID from the platform: a member action is refused before any database call.
    const fn = (await import(path.join(ROOT, 'cloudfunctions/registry'))).FUNCTIONS[name];
    expect(fn).toBeDefined();
    const memberAction = name === 'auth' ? 'me' : name === 'wishes' ? 'list' : null;
    if (memberAction) {
      const data = name === 'wishes' ? { scope: 'mine' } : {};
      expect(await mod.main({ action: memberAction, data }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });
});
