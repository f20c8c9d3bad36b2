import Taro from '@tarojs/taro';
import { fitWithin, MAX_EDGE_PX, QUALITY_STEPS, TARGET_BYTES } from '@shared/domain/photos';
import { ApiError, getToken } from './cloud';

/**
 * Photos from the person's camera or album to storage, for any feature: chosen, shrunk on the phone
 * (longer edge ≤ 1280 px, ≤ 300 KB; re-encoding also drops EXIF: position, phone model), uploaded to
 * `incoming/<userId>/…` and answered with the file id. The feature then hands the id to its own
 * function action (e.g. `sanitation.photo`), which checks the bytes again, cleans them and starts the
 * image check. On WeChat: `Taro.compressImage` and `Taro.cloud.uploadFile`; on h5: a canvas and the
 * local gateway's storage route.
 */

export interface ChosenPhoto {
  /** A path or object URL the page can show before upload. */
  preview: string;
  upload(): Promise<string>;
}

const randomName = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

async function chooseOne(): Promise<{ path: string; file?: File }> {
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
    const f = res.tempFiles[0];
    if (!f) throw new ApiError('INVALID_INPUT', '没有选到照片');
    return { path: f.tempFilePath };
  }
  const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
  const f = res.tempFiles[0] as (Taro.chooseImage.ImageFile & { originalFileObj?: File }) | undefined;
  if (!f) throw new ApiError('INVALID_INPUT', '没有选到照片');
  return { path: f.path, file: f.originalFileObj };
}

/** WeChat: shrink with compressImage at falling quality until it fits; the result has no EXIF. */
async function shrinkOnWeapp(path: string): Promise<string> {
  const info = await Taro.getImageInfo({ src: path });
  const { width } = fitWithin(info.width, info.height, MAX_EDGE_PX);
  const fs = Taro.getFileSystemManager();
  let out = path;
  for (const q of QUALITY_STEPS) {
    const res = await Taro.compressImage({ src: path, quality: Math.round(q * 100), compressedWidth: width } as Taro.compressImage.Option);
    out = res.tempFilePath;
    const size = await new Promise<number>((resolve) => fs.getFileInfo({ filePath: out, success: (r) => resolve(r.size), fail: () => resolve(0) }));
    if (size > 0 && size <= TARGET_BYTES) break;
  }
  return out;
}

/** h5: draw on a canvas at the fitted size and re-encode as JPEG at falling quality until it fits. */
async function shrinkOnH5(file: File | undefined, path: string): Promise<Blob> {
  const src = file ? URL.createObjectURL(file) : path;
  const img = await new Promise<HTMLImageElement>((resolve, reject) => {
    const el = new Image();
    el.onload = () => resolve(el);
    el.onerror = () => reject(new ApiError('INVALID_INPUT', '这不是照片文件，请拍照或从相册选择照片'));
    el.src = src;
  });
  const { width, height } = fitWithin(img.naturalWidth, img.naturalHeight, MAX_EDGE_PX);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(img, 0, 0, width, height);
  if (file) URL.revokeObjectURL(src);
  let blob: Blob | null = null;
  for (const q of QUALITY_STEPS) {
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', q));
    if (blob && blob.size <= TARGET_BYTES) break;
  }
  if (!blob) throw new ApiError('INVALID_INPUT', '照片处理失败，请重新拍一张');
  return blob;
}

async function uploadOnH5(cloudPath: string, blob: Blob): Promise<string> {
  const base = process.env.TARO_APP_API_BASE ?? '/api';
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(`${base}/_storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body: blob });
  } catch {
    throw new ApiError('NETWORK', '网络不好，照片没有传上去，请再试一次');
  }
  const body = (await res.json()) as { ok: boolean; data?: { fileID: string }; error?: { code: ApiError['code']; message: string } };
  if (!body.ok || !body.data) throw new ApiError(body.error?.code ?? 'INTERNAL', body.error?.message ?? '照片没有传上去，请再试一次');
  return body.data.fileID;
}

/** Lets the person take or pick one photo; `upload()` shrinks and uploads it and answers the file id. */
export async function choosePhoto(userId: string): Promise<ChosenPhoto> {
  const chosen = await chooseOne();
  return {
    preview: chosen.path,
    async upload() {
      const cloudPath = `incoming/${userId}/${randomName()}.jpg`;
      if (process.env.TARO_ENV === 'weapp') {
        const filePath = await shrinkOnWeapp(chosen.path);
        try {
          const res = await Taro.cloud.uploadFile({ cloudPath, filePath });
          return res.fileID;
        } catch {
          throw new ApiError('NETWORK', '网络不好，照片没有传上去，请再试一次');
        }
      }
      return uploadOnH5(cloudPath, await shrinkOnH5(chosen.file, chosen.path));
    },
  };
}
