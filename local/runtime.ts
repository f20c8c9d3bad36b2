import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Db } from '@cloudbase/database';
import { database } from '../cloudfunctions/_lib/db';
import { FUNCTIONS } from '../cloudfunctions/registry';
import { attachEngine, keepSdkOffline, LocalEngine } from './engine';
import { createGateway } from './gateway';
import { ReadCache } from './read-cache';
import { seedIfEmpty } from './seed';
import { localTarget } from '../scripts/provision/local-target';
import { provisionSchema } from '../scripts/provision/provision';
import { SESSIONS, SessionStore } from './sessions';
import { startTimers } from './timers';
import { useSender } from '../cloudfunctions/_lib/sender';
import { failRateFromEnv, LocalSender } from './sender';
import { DiskFileStore } from './storage';
import { LocalMediaChecker } from './media-check';
import { useFileStore, useMediaChecker } from '../cloudfunctions/_lib/storage';

export interface RuntimeOptions {
  /** Folder of the SQLite file; `.data` by default, `DATA_DIR` to move it. */
  dataDir: string;
  staticDir?: string;
  seed?: boolean;
  /** Run timer triggers on their local interval (the server does; tests run timers by hand). */
  timers?: boolean;
  /** Answer repeated unchanged reads from memory (default on; `READ_CACHE=off` turns it off). */
  readCache?: boolean;
  /**
   * How long the local image-check stand-in takes to answer, in ms (`LOCAL_MEDIA_CHECK_MS`, 1500 by
   * default); 0 holds every answer until `mediaCheck.flush()` (tests).
   */
  mediaCheckDelayMs?: number;
}

export interface Runtime {
  db: Db;
  engine: LocalEngine;
  sessions: SessionStore;
  readCache: ReadCache | null;
  /** The stand-in for WeChat's sender the runtime installed (tests may install their own instead). */
  sender: LocalSender;
  /** The stand-ins for cloud storage and the asynchronous image check. */
  files: DiskFileStore;
  mediaCheck: LocalMediaChecker;
  server: http.Server;
  close(): Promise<void>;
}

/**
 * The one-machine runtime: the SQLite-backed engine behind the production SDK, Qianyang provisioned
 * from its county file with the demo's people on first start, and the HTTP gateway in front of the same function code the cloud runs.
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  mkdirSync(options.dataDir, { recursive: true });
  // As in the cloud, a write to a collection nobody created fails: every collection comes from the
  // table in cloudfunctions/_lib/collections.ts through the same provisioning a county runs.
  const engine = new LocalEngine({ file: path.join(options.dataDir, 'local.sqlite'), requireCollections: true });
  // Before the SDK's init() (inside database()) can start its cloud metadata probe.
  keepSdkOffline();
  const db = database();
  attachEngine(engine);
  const target = localTarget(engine, db);
  // An empty environment as `npm run provision` leaves one before any county file: the collections
  // and indexes; the demo then provisions Qianyang's file and adds its people.
  await provisionSchema(target);
  if (options.seed !== false) await seedIfEmpty(db, target);
  // Subscribe messages go to the labelled local stand-in; tests may install their own after this.
  const sender = new LocalSender({ keep: 1000 }).failRate(failRateFromEnv(process.env.LOCAL_SENDER_FAIL));
  useSender(sender);
  // Photos: the disk stand-in for cloud storage and the labelled stand-in for mediaCheckAsync, whose
  // answers come back as the message-push event the cloud delivers, to the same entry.
  const files = new DiskFileStore(path.join(options.dataDir, 'storage'));
  useFileStore(files);
  const delay = options.mediaCheckDelayMs ?? Number(process.env.LOCAL_MEDIA_CHECK_MS ?? 1500);
  const mediaCheck = new LocalMediaChecker((event) => FUNCTIONS.sanitation!.handleEvent(event), delay);
  useMediaChecker(mediaCheck);
  const sessions = new SessionStore(db, () => engine.store.versionOf(SESSIONS));
  const cacheOn = options.readCache ?? process.env.READ_CACHE !== 'off';
  const readCache = cacheOn ? new ReadCache(engine) : null;
  const server = createGateway({ functions: FUNCTIONS, sessions, staticDir: options.staticDir, readCache: readCache ?? undefined, sender, files });
  const stopTimers = options.timers ? startTimers(FUNCTIONS) : () => undefined;
  return {
    db,
    engine,
    sessions,
    readCache,
    sender,
    files,
    mediaCheck,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopTimers();
        mediaCheck.stop();
        server.close(() => {
          readCache?.close();
          engine.close();
          resolve();
        });
        server.closeAllConnections?.();
      }),
  };
}

export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
