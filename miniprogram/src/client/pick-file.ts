import Taro from '@tarojs/taro';

export interface PickedFile {
  name: string;
  /** Bytes of the file. */
  size: number;
  /** The file's content, base64-encoded, as a function call carries it. */
  base64: string;
}

/** A `data:…;base64,` URL's content. */
const afterComma = (dataUrl: string) => dataUrl.slice(dataUrl.indexOf(',') + 1);

/**
 * Lets the person choose one file ending in `extension` (e.g. 'xlsx'): in a browser from the
 * computer or phone; inside WeChat from a chat (where cadres receive their sheets), read as base64.
 * Answers null when the person cancels. A file larger than `maxBytes` is not read: `tooLarge` tells.
 */
export async function pickFile(extension: string, maxBytes: number): Promise<PickedFile | { tooLarge: number; name: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await new Promise<File | null>((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = `.${extension}`;
      input.style.display = 'none';
      input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
      input.addEventListener('cancel', () => resolve(null));
      document.body.appendChild(input);
      input.click();
      setTimeout(() => input.remove(), 0);
    });
    if (!file) return null;
    if (file.size > maxBytes) return { tooLarge: file.size, name: file.name };
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsDataURL(file);
    });
    return { name: file.name, size: file.size, base64: afterComma(dataUrl) };
  }
  let chosen: { path: string; size: number; name: string } | undefined;
  try {
    chosen = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: [extension] })).tempFiles[0];
  } catch {
    return null; // cancelled
  }
  if (!chosen) return null;
  if (chosen.size > maxBytes) return { tooLarge: chosen.size, name: chosen.name };
  const base64 = await new Promise<string>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({
      filePath: chosen.path,
      encoding: 'base64',
      success: (res) => resolve(String(res.data)),
      fail: reject,
    }),
  );
  return { name: chosen.name, size: chosen.size, base64 };
}
