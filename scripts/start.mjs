// npm start: build the h5 app if needed, then serve it and /api/* from the local runtime.
import { bundleForNode, ensureH5Build, run } from './lib.mjs';

const built = await ensureH5Build();
if (built !== 0) process.exit(built);
const server = await bundleForNode('local/server.ts', '.local-build/server.cjs');
process.exit(await run(process.execPath, ['--enable-source-maps', server]));
