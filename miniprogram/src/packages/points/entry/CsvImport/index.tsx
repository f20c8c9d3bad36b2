import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import type { PointsOut } from '../../../../hooks/use-points';
import { ApiError } from '../../../../client/cloud';
import { plainError } from '../../../../client/error-text';
import { newRequestId } from '../../../../client/request-id';
import { saveTextFile } from '../../../../client/save-text-file';
import type { PointsEntry } from '../../../../hooks/use-points-entry';
import { IMPORT_RULE } from '@shared/domain/points-import-file';

type Preview = PointsOut<'previewImport'> & { csv: string; requestId: string };

/**
 * Scores from the cadre's sheet: pasted, previewed line by line with every problem, and written only
 * when the previewed content is confirmed (one request id per preview, so a resend writes once).
 */
export function CsvImport({ entry }: { entry: PointsEntry }) {
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const failed = (e: unknown) => setReport(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [plainError(e)]);

  const change = (text: string) => {
    setCsv(text);
    setPreview(null);
    setReport([]);
  };

  const check = async () => {
    setReport([]);
    setBusy(true);
    try {
      const res = await entry.previewImport(csv);
      setPreview({ ...res, csv, requestId: newRequestId() });
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const res = await entry.importCsv(preview.csv, preview.requestId);
      setCsv('');
      setPreview(null);
      void Taro.showToast({ title: `已导入 ${res.lines} 行`, icon: 'none' });
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const template = async () => {
    try {
      const t = await entry.importTemplate();
      void Taro.showToast({ title: await saveTextFile(t.fileName, t.csv), icon: 'none' });
    } catch (e) {
      failed(e);
    }
  };

  const bad = preview ? preview.rows.filter((r) => r.errors.length) : [];
  return (
    <>
      <View className='qy-section-title'>从表格导入</View>
      <View className='qy-card'>
        <View className='qy-muted'>{`${IMPORT_RULE}先预览，每一行都对了再确认导入。`}</View>
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void template()}>
            下载模板
          </Button>
        </View>
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
              {preview.errorCount ? `共 ${preview.lines} 行，有 ${preview.errorCount} 处要改，改好后再预览（现在什么都没有保存）` : `共 ${preview.lines} 行，都没有问题`}
            </View>
            {(bad.length ? bad : preview.rows).map((r) => (
              <View key={r.line} className='qy-list-row'>
                <View>{`第 ${r.line} 行：${r.household} · ${r.indicator}${r.score === null ? '' : ` ${r.score} 分`}${r.reason ? `（${r.reason}）` : ''}`}</View>
                {r.errors.map((e) => (
                  <View key={e} className='qy-error'>{`第 ${r.line} 行：${e}`}</View>
                ))}
              </View>
            ))}
          </View>
        )}
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--ghost' disabled={!csv.trim() || busy} onClick={() => void check()}>
            预览
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
