import type { PhotoStatus, PhotoType } from './photos';

/** A stored photo: cleaned (no EXIF), checked by WeChat's image check, attached to at most one record. */
export interface PhotoRecord {
  _id: string;
  /** Where the cleaned bytes are (a CloudBase fileID in the cloud, `local:` on disk). */
  fileId: string;
  ownerId: string;
  /** The feature that asked for it (`sanitation`), for the privacy export and clean-up. */
  purpose: string;
  type: PhotoType;
  width: number;
  height: number;
  bytes: number;
  status: PhotoStatus;
  /** mediaCheckAsync's trace id: the asynchronous answer finds the photo by it. */
  traceId: string | null;
  checker: string;
  /** The record it is shown on, once attached (its `photos` entries follow the check). */
  target: { collection: string; id: string } | null;
  checkedAt: string | null;
  label: number | null;
  createdAt: string;
}

/** A photo as a record that shows it keeps it: the check's state is copied so lists need no second read. */
export interface PhotoRef {
  photoId: string;
  fileId: string;
  ownerId: string;
  status: PhotoStatus;
  /** before: what was reported; after: the handler's photo of the fix. */
  role: 'before' | 'after';
}

/** A record that shows photos: `photosChecked` is true when none of them waits for its check. */
export interface WithPhotos {
  photos: PhotoRef[];
  photosChecked: boolean;
}
