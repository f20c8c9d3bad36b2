import Taro from '@tarojs/taro';

/**
 * Hands a binary file (an .xlsx) to the person: in a browser it is downloaded under `fileName`; inside
 * WeChat it is written to the user data folder and opened, where the person can forward or save it.
 * Answers what happened, in words for a toast.
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
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64');
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  return '表格已打开，可以转发或保存';
}
