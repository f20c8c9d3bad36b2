import Taro from '@tarojs/taro';

/**
 * Hands a text file to the person: in a browser it is downloaded under `fileName`; inside WeChat
 * (no downloads folder) it is copied, to paste into a sheet or send to a computer.
 * Answers what happened, in words for a toast.
 */
export async function saveTextFile(fileName: string, text: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined' && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
    return '模板已下载';
  }
  await Taro.setClipboardData({ data: text.replace(/^\uFEFF/, '') });
  return '模板已复制，可粘贴到表格里填写';
}
