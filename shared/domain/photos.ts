/**
 * Photos as pure rules, shared by the client (which shrinks before upload) and the server (which
 * refuses what is not a small image). A photo others will see passes WeChat's image check first
 * (`mediaCheckAsync`, whose answer arrives later): until it passes, only its author sees it.
 */

/** The longest edge the client sends, in pixels. */
export const MAX_EDGE_PX = 1280;
/** What the client aims for after shrinking. */
export const TARGET_BYTES = 300 * 1024;
/** What the server accepts at most: a shrunk photo is far below; a 10 MB original is refused. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Photos per report (随手拍) and per fix. */
export const MAX_PHOTOS = 3;

export const PHOTO_TYPES = ['jpeg', 'png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export const PHOTO_STATUSES = ['pending', 'pass', 'rejected'] as const;
export type PhotoStatus = (typeof PHOTO_STATUSES)[number];

export const PHOTO_STATUS_LABELS: Record<PhotoStatus, string> = {
  pending: '图片审核中，暂时只有您能看到',
  pass: '',
  rejected: '图片未通过审核，只有您能看到',
};

/** A photo is shown to its author always, to others only once it passed the check. */
export function canSeePhoto(photo: { ownerId: string; status: PhotoStatus }, viewerId: string): boolean {
  return photo.ownerId === viewerId || photo.status === 'pass';
}

/** The size after scaling so the longer edge is at most `max` (never enlarged). */
export function fitWithin(width: number, height: number, max: number = MAX_EDGE_PX): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** JPEG qualities the client tries, best first, until the file is within TARGET_BYTES. */
export const QUALITY_STEPS = [0.8, 0.7, 0.6, 0.5, 0.4] as const;
