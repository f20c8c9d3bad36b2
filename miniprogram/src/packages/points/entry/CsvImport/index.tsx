import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import type { PointsOut } from '../../../../hooks/use-points';
import { ApiError } from '../../../../client/cloud';
import { plainError } from '../../../../client/error-text';
import { pickFile } from '../../../../client/pick-file';
import { newRequestId } from '../../../../client/request-id';
import { saveBinaryFile } from '../../../../client/save-binary-file';
import { saveTextFile } from '../../../../client/save-text-file';
import type { ImportFile, PointsEntry } from '../../../../hooks/use-points-entry';
import { IMPORT_RULE, XLSX_MAX_BYTES } from '@shared/domain/points-import-file';

type Preview = PointsOut<'previewImport'> & { file: ImportFile; requestId: string };
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Scores from the cadre's sheet: an Excel file (.xlsx) chosen from the phone or a chat, or text
 * pasted from it; previewed line by line with every problem, and written only when the previewed
 * content is confirmed (one request id per preview, so a resend writes once).
 */
export function CsvImport({ entry }: { entry: PointsEntry }) {
  const [csv, setCsv] = useState('');
  const [xlsx, setXlsx] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const failed = (e: unknown) => setReport(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [e instanceof ApiError ? e.message || plainError(e) : plainError(e)]);

  const change = (text: string) => {
    setCsv(text);
    setXlsx(null);
    setPreview(null);
    setReport([]);
  };

  const check = async (file: ImportFile) => {
    setReport([]);
    setPreview(null);
    setBusy(true);
    try {
      const res = await entry.previewImport(file);
      setPreview({ ...res, file, requestId: newRequestId() });
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    try {
      const picked = await pickFile('xlsx', XLSX_MAX_BYTES);
      if (!picked) return;
      if ('tooLarge' in picked) {
        setReport([`「${picked.name}」有 ${Math.ceil(picked.tooLarge / 1024)} KB，超过了一次导入的上限 ${XLSX_MAX_BYTES / 1024} KB：请把表格分成几份（例如每个村民小组一份）分别导入`]);
        return;
      }
      setCsv('');
      setXlsx({ name: picked.name, base64: picked.base64 });
      await check({ xlsx: picked.base64 });
    } catch (e) {
      setReport([`没能读取这个文件，请再选一次（${plainError(e)}）`]);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const res = await entry.importCsv(preview.file, preview.requestId);
      setCsv('');
      setXlsx(null);
      setPreview(null);
      void Taro.showToast({ title: `已导入 ${res.lines} 行`, icon: 'none' });
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const template = async (kind: 'xlsx' | 'csv') => {
    try {
      const t = await entry.importTemplate();
      const said = kind === 'xlsx' ? await saveBinaryFile(t.xlsxFileName, t.xlsx, XLSX_MIME) : await saveTextFile(t.fileName, t.csv);
      void Taro.showToast({ title: said, icon: 'none' });
    } catch (e) {
      failed(e);
    }
  };

  return (
    <>
      <View className='qy-section-title'>从表格导入</View>
      <View className='qy-card'>
        <View className='qy-muted'>{`${IMPORT_RULE}先预览，每一行都对了再确认导入。`}</View>
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void template('xlsx')}>
            下载 Excel 模板
          </Button>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void template('csv')}>
            下载文本模板
          </Button>
        </View>
        <View className='qy-actions'>
          <Button className='qy-btn' disabled={busy} onClick={() => void choose()}>
            {process.env.TARO_ENV === 'h5' ? '选 Excel 文件' : '从聊天里选 Excel 文件'}
          </Button>
        </View>
        {xlsx && <View className='qy-notice'>{`已选：${xlsx.name}`}</View>}
        <View className='qy-muted'>或者把表格里的内容复制粘贴到下面：</View>
        <Textarea className='qy-textarea' value={csv} maxlength={200000} placeholder={'户主,门牌,指标,得分,扣分原因\n王建平,冯坊1组1号,环保卫生,6,门前柴草乱堆，占用巷道'} onInput={(e) => change(e.detail.value)} />
        {report.map((line) => (
          <View key={line} className='qy-error'>{line}</View>
        ))}
        {preview && (
          <View>
            {preview.fileErrors.map((line) => (
              <View key={line} className='qy-error'>{line}</View>
            ))}
            <View className={preview.errorCount ? 'qy-error' : 'qy-notice'}>
              {preview.errorCount ? `共 ${preview.lines} 行，有 ${preview.errorCount} 处要改，改好后再预览（现在什么都没有保存）` : `共 ${preview.lines} 行，都没有问题，确认后才会保存`}
            </View>
            {preview.rows.map((r) => (
              <View key={r.line} className='qy-list-row'>
                <View>{`第 ${r.line} 行：${r.household}${r.indicator ? ` · ${r.indicator}` : ''}${r.score === null ? '' : ` ${r.score} 分`}${r.reason ? `（${r.reason}）` : ''}`}</View>
                {r.errors.map((e) => (
                  <View key={e} className='qy-error'>{`第 ${r.line} 行：${e}`}</View>
                ))}
              </View>
            ))}
          </View>
        )}
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--ghost' disabled={!csv.trim() || busy} onClick={() => void check({ csv })}>
            预览粘贴的内容
          </Button>
          {preview && preview.errorCount === 0 && preview.lines > 0 && (
            <Button className='qy-btn' loading={busy} disabled={busy} onClick={() => void confirm()}>
              {`确认导入 ${preview.lines} 行`}
            </Button>
          )}
        </View>
      </View>
    </>
  );
}
