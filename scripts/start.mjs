// npm start: build the h5 app if needed, then serve it and /api/* from the local runtime.
import { bundleForNode, ensureH5Build, run, RUNTIME_NODE_FLAGS } from './lib.mjs';

const built = await ensureH5Build();
if (built !== 0) process.exit(built);
const server = await bundleForNode('local/server.ts', '.local-build/server.cjs');
process.exit(await run(process.execPath, [...RUNTIME_NODE_FLAGS, '--enable-source-maps', server]));
