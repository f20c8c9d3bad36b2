// The official miniprogram-ci's offline checks of the weapp build — the code-quality list DevTools
// shows before upload (package sizes, compression, lazy code loading, unused files, code only another
// subpackage needs) and its code analysis — fail here on anything it reports as failed, before WeChat
// would. Needs no AppID key: the key file it insists on is a throwaway made for this run.
// Usage: node scripts/check-weapp-ci.mjs   (after npm run build:weapp)
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
if (!existsSync(path.join(ROOT, 'dist/weapp/app.json'))) {
  console.error('no weapp build: run npm run build:weapp first');
  process.exit(1);
}
const ci = require('miniprogram-ci');
const dir = mkdtempSync(path.join(os.tmpdir(), 'mpci-'));
const privateKeyPath = path.join(dir, 'offline.key');
writeFileSync(privateKeyPath, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
try {
  // The repository root: its project.config.json names dist/weapp as the mini-program root.
  const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: ROOT, privateKeyPath, ignores: ['node_modules/**/*'] });
  const quality = await ci.checkCodeQuality(project);
  const analysis = await ci.analyseCode(project, { silent: true });
  const failed = quality.filter((q) => !q.success);
  for (const q of quality) console.log(`${q.success ? 'ok  ' : 'FAIL'} ${q.name}: ${q.text}${q.success || !q.detail ? '' : ` ${JSON.stringify(q.detail).slice(0, 400)}`}`);
  const files = analysis?.files?.length ?? 0;
  if (!files) failed.push({ name: 'CODE_ANALYSIS', text: 'code analysis found no files' });
  console.log(`code analysis: ${files} files`);
  if (failed.length) {
    console.error(`miniprogram-ci: ${failed.length} check(s) failed: ${failed.map((f) => f.name).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  // miniprogram-ci leaves a file watcher open ("Ready for changes"): end the process ourselves.
  rmSync(dir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);
