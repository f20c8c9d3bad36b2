import path from 'node:path';
import { listen, openRuntime } from './runtime';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, '.data'));
  const port = Number(process.env.PORT ?? 8080);
  const runtime = await openRuntime({ dataDir, staticDir: path.join(root, 'dist/h5'), timers: true });
  const actual = await listen(runtime.server, port);
  console.log(`千阳智治 local runtime: http://127.0.0.1:${actual}/  (data: ${path.join(dataDir, 'local.sqlite')})`);
  const stop = () => {
    runtime.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
