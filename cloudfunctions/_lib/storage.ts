/**
 * Photos for every feature: where the bytes live (CloudBase cloud storage, or the local runtime's disk
 * store with the same calls), what the server does with an upload before keeping it (the real type from
 * the first bytes, the size limit, EXIF and other metadata stripped), and WeChat's asynchronous image
 * check (`mediaCheckAsync`), whose answer arrives later as a message-push event: until it passes, a
 * photo is shown to its author only. A refused upload leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import { canSeePhoto, MAX_PHOTOS, MAX_UPLOAD_BYTES, type PhotoStatus } from '../../shared/domain/photos';
import type { PhotoRecord, PhotoRef, WithPhotos } from '../../shared/domain/photo-records';
import type { Suggest } from '../../shared/domain/moderation';
import { clock } from './clock';
import { COLLECTIONS } from './collections';
import { cloudApp, findById, readByIds, type Tx } from './db';
import { conflict, forbidden, invalid, notFound } from './errors';
import { cleanImage } from './image';
import { runTransaction } from './transaction';
import { inCloudFunction, wxOpenApi } from './wx-cloud';

// ── Where the bytes live ─────────────────────────────────────────────────────────────────────────

export interface FileStore {
  readonly name: string;
  /** Stores bytes at a path; returns the file id to keep. */
  put(cloudPath: string, bytes: Buffer): Promise<string>;
  /** The bytes of a file, or null when there is none. */
  read(fileId: string): Promise<Buffer | null>;
  remove(fileIds: readonly string[]): Promise<void>;
  /** Addresses a page may load for a while (CloudBase temporary URLs; signed local paths). */
  tempUrls(fileIds: readonly string[], maxAgeSeconds: number): Promise<Map<string, string>>;
  /** The path inside the store a file id names. */
  pathOf(fileId: string): string | null;
}

/** The cloud: CloudBase storage through @cloudbase/node-sdk. */
export const cloudFileStore: FileStore = {
  name: 'cloudbase',
  async put(cloudPath, bytes) {
    const res = await cloudApp().uploadFile({ cloudPath, fileContent: bytes });
    return res.fileID;
  },
  async read(fileId) {
    try {
      const res = await cloudApp().downloadFile({ fileID: fileId });
      const content = res.fileContent;
      return content === undefined ? null : Buffer.isBuffer(content) ? content : Buffer.from(content);
    } catch {
      return null;
    }
  },
  async remove(fileIds) {
    if (fileIds.length) await cloudApp().deleteFile({ fileList: [...fileIds] });
  },
  async tempUrls(fileIds, maxAgeSeconds) {
    const out = new Map<string, string>();
    if (!fileIds.length) return out;
    const res = await cloudApp().getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) });
    for (const f of res.fileList ?? []) if (f.tempFileURL) out.set(f.fileID, f.tempFileURL);
    return out;
  },
  // cloud://<env>.<bucket>/<cloudPath>
  pathOf(fileId) {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
    return m ? m[1]! : null;
  },
};

let store: FileStore | null = null;

/** The local runtime installs its disk store; tests may install their own. */
export function useFileStore(s: FileStore | null): void {
  store = s;
}

export function currentFileStore(): FileStore {
  if (store) return store;
  if (inCloudFunction()) return cloudFileStore;
  throw new Error('no file store installed (the local runtime installs local/storage.ts)');
}

// ── WeChat's image check ─────────────────────────────────────────────────────────────────────────

export interface MediaChecker {
  readonly name: string;
  /** Starts the check; the answer arrives later as a `wxa_media_check` event with the returned trace id. */
  start(input: { openid: string; url: string; photo: Pick<PhotoRecord, '_id' | 'width' | 'height' | 'type'> }): Promise<{ traceId: string }>;
}

/** The cloud: mediaCheckAsync v2 (`security.mediaCheckAsync` in the function's config.json); scene 3 论坛. */
export const wechatMediaChecker: MediaChecker = {
  name: 'wechat',
  async start({ openid, url }) {
    const security = wxOpenApi().security;
    if (!security.mediaCheckAsync) throw new Error('wx-server-sdk has no security.mediaCheckAsync');
    const res = await security.mediaCheckAsync({ mediaUrl: url, mediaType: 2, version: 2, scene: 3, openid });
    if (res?.errCode) throw new Error(`mediaCheckAsync errCode ${res.errCode}: ${res.errMsg ?? ''}`);
    if (!res?.traceId) throw new Error('mediaCheckAsync answered without a traceId');
    return { traceId: res.traceId };
  },
};

let mediaChecker: MediaChecker | null = null;

export function useMediaChecker(c: MediaChecker | null): void {
  mediaChecker = c;
}

export function currentMediaChecker(): MediaChecker {
  if (mediaChecker) return mediaChecker;
  if (inCloudFunction()) return wechatMediaChecker;
  throw new Error('no media checker installed (the local runtime installs its stand-in, local/media-check.ts)');
}

/** The asynchronous answer as WeChat pushes it (message push, `Event: wxa_media_check`). */
export interface MediaCheckResult {
  traceId: string;
  suggest: Suggest;
  label: number | null;
}

/** The push event's fields we read; anything else is not a media-check answer (null). */
export function parseMediaCheckEvent(event: unknown): MediaCheckResult | null {
  const e = event as { MsgType?: unknown; Event?: unknown; trace_id?: unknown; result?: { suggest?: unknown; label?: unknown } } | null;
  if (!e || e.MsgType !== 'event' || e.Event !== 'wxa_media_check' || typeof e.trace_id !== 'string') return null;
  const s = e.result?.suggest;
  const suggest: Suggest = s === 'pass' || s === 'risky' || s === 'review' ? s : 'review';
  const label = e.result?.label;
  return { traceId: e.trace_id, suggest, label: label === undefined || label === null ? null : Number(label) };
}

// ── Uploads ──────────────────────────────────────────────────────────────────────────────────────

/** Where the client uploads before the server has looked: `incoming/<userId>/<name>.jpg`. */
export const INCOMING_NAME = /^incoming\/([A-Za-z0-9_-]{1,64})\/[A-Za-z0-9_-]{8,64}\.(jpg|jpeg|png)$/;

export const PHOTO_URL_SECONDS = 2 * 3600;

const REFUSALS = {
  'too-large': `图片太大了（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB），请重新拍一张`,
  'not-image': '这不是照片文件，请拍照或从相册选择照片',
  empty: '图片是空的，请重新拍一张',
} as const;

/**
 * Takes a file the caller uploaded to `incoming/<their id>/…`: refuses (and deletes) what is not a JPEG
 * or PNG or is over the limit, stores the cleaned copy, deletes the upload and starts the image check.
 * The photo is the caller's, attached to nothing yet.
 */
export async function acceptUpload(ctx: { db: Db; openid: string | null; caller: { _id: string } }, input: { fileId: string; purpose: string }): Promise<PhotoRecord> {
  const files = currentFileStore();
  const path = files.pathOf(input.fileId);
  const m = path ? INCOMING_NAME.exec(path) : null;
  if (!m) throw invalid('图片地址不正确，请重新上传', [{ path: 'fileId', message: '不是刚上传的图片' }]);
  if (m[1] !== ctx.caller._id) throw forbidden('只能使用自己上传的图片');
  const raw = await files.read(input.fileId);
  if (!raw) throw notFound('没有找到上传的图片，请重新上传');
  const clean = cleanImage(raw, MAX_UPLOAD_BYTES);
  if (!clean.ok) {
    await files.remove([input.fileId]);
    throw invalid(REFUSALS[clean.reason], [{ path: 'fileId', message: REFUSALS[clean.reason] }]);
  }
  const id = `ph${randomUUID().replace(/-/g, '')}`;
  const fileId = await files.put(`photos/${input.purpose}/${id}.${clean.type === 'jpeg' ? 'jpg' : 'png'}`, clean.bytes);
  await files.remove([input.fileId]);
  const photo: PhotoRecord = {
    _id: id,
    fileId,
    ownerId: ctx.caller._id,
    purpose: input.purpose,
    type: clean.type,
    width: clean.width,
    height: clean.height,
    bytes: clean.bytes.length,
    status: 'pending',
    traceId: null,
    checker: '',
    target: null,
    checkedAt: null,
    label: null,
    createdAt: clock.nowIso(),
  };
  await ctx.db.collection(COLLECTIONS.photos.name).add(photo);
  const checker = currentMediaChecker();
  try {
    const url = (await files.tempUrls([fileId], PHOTO_URL_SECONDS)).get(fileId) ?? '';
    const { traceId } = await checker.start({ openid: ctx.openid ?? '', url, photo });
    await ctx.db.collection(COLLECTIONS.photos.name).doc(id).update({ traceId, checker: checker.name });
    return { ...photo, traceId, checker: checker.name };
  } catch (err) {
    // The check could not start: the photo stays pending (its author sees it, nobody else) for a person to look at.
    console.error(JSON.stringify({ level: 'warn', where: 'acceptUpload', checker: checker.name, message: String((err as Error)?.message ?? err) }));
    return photo;
  }
}

/**
 * Refuses what attachPhotos would refuse, in one read for all the photos and writing nothing: for a
 * record that attaches them later (a 随手拍 is received first, its order made by a timer).
 */
export async function checkPhotosAttachable(db: Db, photoIds: readonly string[], ownerId: string): Promise<void> {
  if (photoIds.length > MAX_PHOTOS) throw invalid(`最多 ${MAX_PHOTOS} 张照片`, [{ path: 'photoIds', message: `最多 ${MAX_PHOTOS} 张照片` }]);
  const ids = [...new Set(photoIds)];
  if (!ids.length) return;
  const found = new Map((await readByIds<PhotoRecord>(db, COLLECTIONS.photos.name, ids)).map((p) => [p._id, p]));
  for (const id of ids) {
    const p = found.get(id);
    if (!p || p.ownerId !== ownerId) throw notFound('没有找到这张照片，请重新上传');
    if (p.target) throw conflict('这张照片已经用在别处了');
  }
}

/**
 * Attaches the caller's unattached photos to a record inside the caller's transaction; the refs carry
 * each photo's check state at this moment (later answers update them, see applyMediaResult).
 * `dropInvalid`: a photo that is gone, not the owner's or shows something else is left out instead of
 * refusing (photos checked earlier by checkPhotosAttachable may have changed since).
 */
export async function attachPhotos(
  tx: Tx,
  photoIds: readonly string[],
  ownerId: string,
  target: { collection: string; id: string },
  role: PhotoRef['role'],
  opts: { dropInvalid?: boolean } = {},
): Promise<PhotoRef[]> {
  if (photoIds.length > MAX_PHOTOS) throw invalid(`最多 ${MAX_PHOTOS} 张照片`, [{ path: 'photoIds', message: `最多 ${MAX_PHOTOS} 张照片` }]);
  const refs: PhotoRef[] = [];
  for (const photoId of new Set(photoIds)) {
    const p = await findById<PhotoRecord>(tx, COLLECTIONS.photos.name, photoId);
    const elsewhere = !!p?.target && (p.target.collection !== target.collection || p.target.id !== target.id);
    if (opts.dropInvalid && (!p || p.ownerId !== ownerId || elsewhere)) continue;
    if (!p || p.ownerId !== ownerId) throw notFound('没有找到这张照片，请重新上传');
    if (elsewhere) throw conflict('这张照片已经用在别处了');
    await tx.collection(COLLECTIONS.photos.name).doc(p._id).update({ target });
    refs.push({ photoId: p._id, fileId: p.fileId, ownerId: p.ownerId, status: p.status, role });
  }
  return refs;
}

export const photosChecked = (refs: readonly PhotoRef[]) => refs.every((r) => r.status !== 'pending');

function statusOf(suggest: Suggest): PhotoStatus {
  return suggest === 'pass' ? 'pass' : 'rejected';
}

/**
 * The image check's answer: the photo and the record showing it change together, so a record whose
 * last photo passed becomes checked in the same write. An answer for an unknown or already answered
 * trace is ignored (WeChat may push twice).
 */
export async function applyMediaResult(db: Db, result: MediaCheckResult): Promise<'applied' | 'unknown' | 'repeat'> {
  const res = await db.collection(COLLECTIONS.photos.name).where({ traceId: result.traceId }).limit(1).get();
  const found = (res.data as PhotoRecord[])[0];
  if (!found) return 'unknown';
  return runTransaction(db, async (tx: Tx) => {
    const p = await findById<PhotoRecord>(tx, COLLECTIONS.photos.name, found._id);
    if (!p || p.status !== 'pending') return 'repeat';
    const status = statusOf(result.suggest);
    const now = clock.nowIso();
    await tx.collection(COLLECTIONS.photos.name).doc(p._id).update({ status, checkedAt: now, label: result.label });
    if (p.target) {
      const doc = await findById<WithPhotos & { _id: string }>(tx, p.target.collection, p.target.id);
      if (doc?.photos) {
        const photos = doc.photos.map((r) => (r.photoId === p._id ? { ...r, status } : r));
        await tx.collection(p.target.collection).doc(doc._id).update({ photos, photosChecked: photosChecked(photos) });
      }
    }
    return 'applied';
  });
}

export interface PhotoView {
  id: string;
  url: string | null;
  status: PhotoStatus;
  mine: boolean;
  role: PhotoRef['role'];
}

/** The photos a viewer may see, with addresses to load them: a photo not (yet) passed reaches only its author. */
export async function photoViews(refs: readonly PhotoRef[], viewerId: string): Promise<PhotoView[]> {
  const visible = refs.filter((r) => canSeePhoto(r, viewerId));
  if (!visible.length) return [];
  const urls = await currentFileStore().tempUrls(visible.map((r) => r.fileId), PHOTO_URL_SECONDS);
  return visible.map((r) => ({ id: r.photoId, url: urls.get(r.fileId) ?? null, status: r.status, mine: r.ownerId === viewerId, role: r.role }));
}
