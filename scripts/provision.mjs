// npm run provision -- --env <envId|local> --county counties/<county>.json [--dry-run]: see scripts/provision.ts.
import { bundleForNode, run } from './lib.mjs';

const cli = await bundleForNode('scripts/provision.ts', '.local-build/provision.cjs');
process.exit(await run(process.execPath, ['--enable-source-maps', cli, ...process.argv.slice(2)]));
