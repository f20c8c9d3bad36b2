import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import { ApiError } from '../../../../client/cloud';
import { plainError } from '../../../../client/error-text';
import type { PointsEntry } from '../../../../hooks/use-points-entry';

/** Scores pasted from a spreadsheet; every wrong line is listed and nothing is saved until all are right. */
export function CsvImport({ entry }: { entry: PointsEntry }) {
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<string[]>([]);

  const importCsv = async () => {
    setReport([]);
    try {
      const res = await entry.importCsv(csv);
      setCsv('');
      void Taro.showToast({ title: `已导入 ${res.lines} 行`, icon: 'none' });
    } catch (e) {
      setReport(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [plainError(e)]);
    }
  };

  return (
    <>
      <View className='qy-section-title'>从表格导入</View>
      <View className='qy-card'>
        <View className='qy-muted'>把表格内容粘贴到下面，第一行是：户号,指标,得分,扣分原因。有错的行会逐行列出，全部改对才会保存。</View>
        <Textarea className='qy-textarea' value={csv} maxlength={200000} placeholder={'户号,指标,得分,扣分原因\n户号（见本页住户名单）,环保卫生,8,门前柴草乱堆'} onInput={(e) => setCsv(e.detail.value)} />
        {report.map((line) => (
          <View key={line} className='qy-error'>{line}</View>
        ))}
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--ghost' disabled={!csv.trim()} onClick={() => void importCsv()}>
            导入
          </Button>
        </View>
      </View>
    </>
  );
}
