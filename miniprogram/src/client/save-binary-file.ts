import Taro from '@tarojs/taro';

/**
 * Hands a binary file whose content is base64 (an .xlsx: a report, an import template) to the person:
 * in a browser it is downloaded under `fileName`; inside WeChat it is written to the user data folder
 * and opened, where the menu lets the person forward it to a chat or a computer. Answers what happened,
 * in words for a toast.
 */
export async function saveBinaryFile(fileName: string, base64: string, mime: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined' && typeof URL.createObjectURL === 'function') {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
    return '表格已下载';
  }
  const filePath = `${(Taro.env as { USER_DATA_PATH?: string }).USER_DATA_PATH ?? ''}/${fileName}`;
  await new Promise<void>((resolve, reject) =>
    Taro.getFileSystemManager().writeFile({ filePath, data: base64, encoding: 'base64', success: () => resolve(), fail: reject }),
  );
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  return '表格已打开，可点右上角转发或保存';
}
