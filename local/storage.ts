/**
 * LOCAL STAND-IN for CloudBase cloud storage: the same FileStore calls (cloudfunctions/_lib/storage.ts)
 * on disk under DATA_DIR/storage. File ids are `local:<path>`; temporary URLs are signed gateway paths
 * (`/api/_storage/files/<path>?e=<expiry>&s=<signature>`) that stop working when they expire, as
 * CloudBase's do. The gateway's upload route (`POST /api/_storage/upload`) takes what
 * `Taro.cloud.uploadFile` sends to the cloud, with the same size limit the functions enforce.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileStore } from '../cloudfunctions/_lib/storage';

export const FILES_ROUTE = '/api/_storage/files/';
export const UPLOAD_ROUTE = '/api/_storage/upload';

/** A path inside the store: segments of letters, digits, `_`, `-` and one dot before the extension. */
const SAFE_PATH = /^(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?$/;

export class DiskFileStore implements FileStore {
  readonly name = 'local-disk-stand-in';
  private readonly secret = randomBytes(32);

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(fileId: string): string | null {
    if (!fileId.startsWith('local:')) return null;
    const p = fileId.slice('local:'.length);
    return SAFE_PATH.test(p) ? p : null;
  }

  private fileOf(cloudPath: string): string {
    if (!SAFE_PATH.test(cloudPath)) throw new Error(`unsafe storage path ${cloudPath}`);
    return path.join(this.root, cloudPath);
  }

  async put(cloudPath: string, bytes: Buffer): Promise<string> {
    const file = this.fileOf(cloudPath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return `local:${cloudPath}`;
  }

  async read(fileId: string): Promise<Buffer | null> {
    const p = this.pathOf(fileId);
    if (!p) return null;
    const file = this.fileOf(p);
    return existsSync(file) ? readFileSync(file) : null;
  }

  async remove(fileIds: readonly string[]): Promise<void> {
    for (const id of fileIds) {
      const p = this.pathOf(id);
      if (p) rmSync(this.fileOf(p), { force: true });
    }
  }

  private sign(cloudPath: string, expiresAt: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}|${expiresAt}`).digest('base64url');
  }

  async tempUrls(fileIds: readonly string[], maxAgeSeconds: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const expiresAt = Date.now() + maxAgeSeconds * 1000;
    for (const id of fileIds) {
      const p = this.pathOf(id);
      if (p) out.set(id, `${FILES_ROUTE}${p}?e=${expiresAt}&s=${this.sign(p, expiresAt)}`);
    }
    return out;
  }

  /** The file a signed URL names, or null when the signature is wrong or expired. */
  resolveSigned(cloudPath: string, e: string | null, s: string | null): string | null {
    if (!SAFE_PATH.test(cloudPath) || !e || !s || !/^\d+$/.test(e)) return null;
    const expiresAt = Number(e);
    if (expiresAt < Date.now()) return null;
    const want = Buffer.from(this.sign(cloudPath, expiresAt));
    const got = Buffer.from(s);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    const file = this.fileOf(cloudPath);
    return existsSync(file) ? file : null;
  }

  /** Every stored path (tests: to prove a refused upload left nothing). */
  list(): string[] {
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else out.push(`${prefix}${entry.name}`);
      }
    };
    walk(this.root, '');
    return out.sort();
  }
}
