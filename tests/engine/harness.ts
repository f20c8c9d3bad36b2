/**
 * Opens a LocalEngine on a fresh temporary SQLite file and attaches it under the REAL SDK, so the
 * conformance tests speak only the production query API. The SDK's network transport never runs:
 * SILENCE is set before the SDK loads (also in tests/setup-node.js) and Db.reqClass is replaced.
 */
process.env.SILENCE = 'true';
import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { attachEngine, detachEngine, keepSdkOffline, LocalEngine } from '../../local/engine';
import type { EngineOptions, IndexSpec } from '../../local/engine';

export type SdkDb = ReturnType<ReturnType<typeof tcb.init>['database']>;

export interface Harness {
  db: SdkDb;
  engine: LocalEngine;
  file: string;
  /** Closes the engine and opens a new one on the same file (a process restart). */
  reopen(): void;
  close(): void;
}

export function tempFile(): string {
  return path.join(os.tmpdir(), `engine-test-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
}

export function openHarness(opts: { indexes?: IndexSpec[] } & Partial<EngineOptions> = {}): Harness {
  const file = opts.file ?? tempFile();
  keepSdkOffline();
  const app = tcb.init({ env: 'local-test' });
  const db = app.database();
  let engine = new LocalEngine({ ...opts, file });
  attachEngine(engine);
  const h: Harness = {
    db,
    file,
    get engine() {
      return engine;
    },
    reopen() {
      engine.close();
      engine = new LocalEngine({ ...opts, file });
      attachEngine(engine);
    },
    close() {
      detachEngine();
      engine.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
  return h;
}

/** Awaits a promise that must reject and returns the error for inspection. */
export async function rejectionOf(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The SDK's GeoJSON classes: its type declarations name only Geo.Point, the runtime has them all. */
export interface GeoClasses {
  Point: new (longitude: number, latitude: number) => object;
  LineString: new (points: object[]) => object;
  Polygon: new (lines: object[]) => object;
}

export function geoOf(db: SdkDb): GeoClasses {
  return db.Geo as unknown as GeoClasses;
}
