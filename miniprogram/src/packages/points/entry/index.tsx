import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useSignedInUser } from '../../../hooks/use-session';
import { ApiError } from '../../../client/cloud';
import { plainError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import { monthLabel, pointsCall, thisMonth, usePoints, type PointsOut } from '../../../hooks/use-points';
import { HeldReason, RELEASE_OBJECTION } from '../components';
import '../points.scss';
import { useSubscribeAt } from '../../../hooks/use-subscribe';

type Cell = { score: number; reason: string };
type Edits = Record<string, Record<string, Cell>>;
type Sheet = PointsOut<'sheet'>;

/** Reasons the evaluation group uses most, one tap each. */
const QUICK_REASONS = ['经网格员核实', '多次提醒未整改', '群众反映属实', '已批评教育'];
const BATCH = 100;

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function HouseholdCard(props: {
  row: Sheet['rows'][number];
  indicators: Sheet['month']['indicators'];
  edits: Record<string, Cell> | undefined;
  editable: boolean;
  open: boolean;
  problem: string | undefined;
  onToggle: () => void;
  onChange: (code: string, cell: Cell | null) => void;
  onFull: () => void;
}) {
  const { row, indicators, edits, editable, open, problem } = props;
  const cell = (code: string, max: number): Cell => edits?.[code] ?? { score: row.scores[code]?.score ?? max, reason: row.scores[code]?.reason ?? '' };
  const total = indicators.reduce((s, i) => s + cell(i.code, i.max).score, 0);
  const dirty = edits && Object.keys(edits).length > 0;
  return (
    <View className='qy-card'>
      <View className='pt-line' onClick={props.onToggle}>
        <View className='pt-line__main'>
          {row.headName}户
          <View className='qy-muted'>{dirty ? '有改动，未保存' : row.complete ? '十项已评' : '还没评完'}</View>
        </View>
        <Text className='pt-score'>{total} 分</Text>
        <Text>{open ? '收起' : '打分'}</Text>
      </View>
      {problem && <View className='qy-error'>{problem}</View>}
      {open && editable && (
        <View>
          {!row.complete && (
            <Button className='qy-btn qy-btn--ghost' onClick={props.onFull}>
              十项都是满分
            </Button>
          )}
          {indicators.map((i) => {
            const c = cell(i.code, i.max);
            return (
              <View key={i.code}>
                <View className='pt-line'>
                  <View className='pt-line__main'>
                    {i.name}
                    <View className='qy-muted'>满分 {i.max}</View>
                  </View>
                  <View className='pt-stepper'>
                    <View className='pt-stepper__btn' aria-label={`${i.name}减一分`} onClick={() => props.onChange(i.code, { ...c, score: Math.max(0, c.score - 1) })}>
                      −
                    </View>
                    <Text className='pt-stepper__value'>{c.score}</Text>
                    <View className='pt-stepper__btn' aria-label={`${i.name}加一分`} onClick={() => props.onChange(i.code, { ...c, score: Math.min(i.max, c.score + 1) })}>
                      +
                    </View>
                  </View>
                </View>
                {c.score < i.max && (
                  <View>
                    <View className='pt-reasons'>
                      {QUICK_REASONS.map((r) => (
                        <View key={r} className={`qy-chip ${c.reason === r ? 'qy-chip--on' : ''}`} onClick={() => props.onChange(i.code, { ...c, reason: r })}>
                          {r}
                        </View>
                      ))}
                    </View>
                    <Input className='qy-input' value={c.reason} placeholder={`${i.name}扣分原因（必填）`} maxlength={100} onInput={(e) => props.onChange(i.code, { ...c, reason: e.detail.value })} />
                  </View>
                )}
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}

export default function PointsEntry() {
  const { user } = useSignedInUser();
  const villageId = user?.roles.find((r) => r.role === 'village-cadre')?.unitId ?? null;
  const [month, setMonth] = useState(thisMonth());
  const sheet = usePoints('sheet', villageId ? { villageId, month } : null);
  const objections = usePoints('objections', villageId ? { villageId, month } : null);
  const [edits, setEdits] = useState<Edits>({});
  const [open, setOpen] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [spec, setSpec] = useState<(ConfirmSpec & { run: (text: string) => Promise<void> }) | null>(null);
  const [income, setIncome] = useState('');
  const [csv, setCsv] = useState('');
  const [csvReport, setCsvReport] = useState<string[]>([]);
  const askSubscribe = useSubscribeAt('points.publish');

  useEffect(() => {
    setEdits({});
    setProblems({});
  }, [month]);

  const data = sheet.data;
  const editable = data?.month.status === 'draft';
  const changed = useMemo(() => Object.entries(edits).filter(([, e]) => Object.keys(e).length > 0), [edits]);

  if (!villageId) return <PageShell><View className='qy-notice'>只有村（社区）干部可以评分</View></PageShell>;
  if (sheet.loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell><View className='qy-notice'>{sheet.error ?? '加载失败'}</View></PageShell>;

  const indicators = data.month.indicators;
  const change = (householdId: string, code: string, cell: Cell | null) =>
    setEdits((prev) => {
      const next = { ...(prev[householdId] ?? {}) };
      if (cell) next[code] = cell;
      else delete next[code];
      return { ...prev, [householdId]: next };
    });
  const fullMarks = (householdId: string) =>
    setEdits((prev) => ({ ...prev, [householdId]: Object.fromEntries(indicators.map((i) => [i.code, { score: i.max, reason: '' }])) }));

  const save = async () => {
    setSaving(true);
    setProblems({});
    try {
      for (let i = 0; i < changed.length; i += BATCH) {
        const part = changed.slice(i, i + BATCH);
        try {
          await pointsCall('enter', {
            villageId,
            month,
            rows: part.map(([householdId, e]) => ({ householdId, scores: Object.entries(e).map(([code, c]) => ({ code, score: c.score, reason: c.reason || null })) })),
          });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'INVALID_INPUT') {
            const byHousehold: Record<string, string> = {};
            for (const issue of err.issues) {
              const row = Number(/^rows\.(\d+)/.exec(issue.path)?.[1]);
              const id = part[row]?.[0];
              if (id) byHousehold[id] = issue.message.replace(/^第 \d+ 行：/, '');
            }
            setProblems(byHousehold);
            void Taro.showToast({ title: '有几处要改一下，请看红字', icon: 'none' });
            return;
          }
          throw err;
        }
      }
      setEdits({});
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void sheet.reload();
    } catch (err) {
      void Taro.showToast({ title: plainError(err, { CONFLICT: '这个月已公示或定稿，不能再改分' }), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const confirmRun = (s: ConfirmSpec, run: (text: string) => Promise<void>) => setSpec({ ...s, run });
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
    } catch (e) {
      throw new Error(e instanceof ApiError ? e.message : plainError(e));
    }
    setSpec(null);
    void Taro.showToast({ title: done, icon: 'none' });
    void sheet.reload();
    void objections.reload();
  };

  const m = data.month;
  const open_ = (objections.data?.items ?? []).filter((o) => o.status === 'open');
  return (
    <PageShell>
      <View className='qy-title'>{m.villageName}积分评议</View>
      <View className='qy-chips'>
        {[thisMonth(), previousMonth(thisMonth()), previousMonth(previousMonth(thisMonth()))].map((x) => (
          <View key={x} className={`qy-chip ${x === month ? 'qy-chip--on' : ''}`} onClick={() => setMonth(x)}>
            {monthLabel(x, true)}
          </View>
        ))}
      </View>
      <View className='qy-card'>
        <View>
          {monthLabel(month, true)}：{m.statusLabel}，已评 {m.ratedCount} / {m.householdCount} 户
        </View>
        {m.publicityEndsAt && m.status === 'published' && <View className='qy-muted'>公示到 {formatDate(m.publicityEndsAt)}</View>}
        {m.openObjections > 0 && <View className='qy-error'>有 {m.openObjections} 条异议待处理</View>}
        <View className='qy-actions'>
          {m.status === 'draft' && (
            <Button
              className='qy-btn'
              disabled={m.ratedCount < m.householdCount || changed.length > 0}
              onClick={() =>
                confirmRun({ title: '公示本月积分', message: `公示后各户可以看到自己的得分和全村排名，${m.householdCount} 户都会收到通知；公示期间不能再改分。`, confirmText: '公示' }, () =>
                  act(() => {
                    askSubscribe();
                    return pointsCall('publish', { villageId, month });
                  }, '已公示'),
                )
              }
            >
              公示本月积分
            </Button>
          )}
          {m.status === 'published' && (
            <Button
              className='qy-btn'
              onClick={() =>
                confirmRun({ title: '定稿', message: '定稿后分数写入积分账本，不能再改；以后的更正只能走积分调整。', confirmText: '定稿' }, () =>
                  act(() => pointsCall('finalise', { villageId, month }), '已定稿'),
                )
              }
            >
              定稿
            </Button>
          )}
        </View>
      </View>

      {open_.length > 0 && <View className='qy-section-title'>待处理的异议</View>}
      {open_.map((o) => (
        <View key={o.id} className='qy-card'>
          <View>
            {o.headName}户{o.indicatorName ? ` · ${o.indicatorName}` : ''}
          </View>
          <View className='qy-muted'>{o.raisedByName}：{o.reason}</View>
          <HeldReason
            objection={o}
            onRelease={() => confirmRun(RELEASE_OBJECTION, () => act(() => pointsCall('releaseObjection', { objectionId: o.id }), '已放行'))}
          />
          <View className='qy-actions'>
            {o.code && (
              <Button
                className='qy-btn'
                onClick={() =>
                  confirmRun(
                    { title: '采纳异议', message: `${o.indicatorName}恢复为满分，并告诉这户人家。`, confirmText: '采纳', input: { label: '处理说明', placeholder: '例如：经网格员核实属实', required: true, maxLength: 300 } },
                    (reason) => {
                      const max = indicators.find((i) => i.code === o.code)?.max ?? 10;
                      return act(() => pointsCall('decide', { objectionId: o.id, decision: 'uphold', reason, code: o.code!, score: max }), '已采纳');
                    },
                  )
                }
              >
                采纳，恢复满分
              </Button>
            )}
            <Button
              className='qy-btn qy-btn--plain'
              onClick={() =>
                confirmRun(
                  { title: '不采纳', message: '分数不变，说明会发给这户人家。', confirmText: '不采纳', input: { label: '不采纳的理由', placeholder: '请写明理由', required: true, maxLength: 300 } },
                  (reason) => act(() => pointsCall('decide', { objectionId: o.id, decision: 'reject', reason }), '已答复'),
                )
              }
            >
              不采纳
            </Button>
          </View>
        </View>
      ))}

      <View className='qy-section-title'>各户打分</View>
      {!editable && <View className='qy-notice'>本月已{m.statusLabel === '已定稿' ? '定稿' : '公示'}，分数只能查看。</View>}
      {data.rows.map((row) => (
        <HouseholdCard
          key={row.householdId}
          row={row}
          indicators={indicators}
          edits={edits[row.householdId]}
          editable={editable}
          open={open === row.householdId}
          problem={problems[row.householdId]}
          onToggle={() => setOpen(open === row.householdId ? null : row.householdId)}
          onChange={(code, cell) => change(row.householdId, code, cell)}
          onFull={() => fullMarks(row.householdId)}
        />
      ))}
      {editable && changed.length > 0 && (
        <View className='pt-sticky'>
          <Button className='qy-btn' loading={saving} disabled={saving} onClick={() => void save()}>
            保存 {changed.length} 户的分数
          </Button>
        </View>
      )}

      {editable && (
        <>
          <View className='qy-section-title'>从表格导入</View>
          <View className='qy-card'>
            <View className='qy-muted'>把表格内容粘贴到下面，第一行是：户号,指标,得分,扣分原因。有错的行会逐行列出，全部改对才会保存。</View>
            <Textarea className='qy-textarea' value={csv} maxlength={200000} placeholder={'户号,指标,得分,扣分原因\nh-fengfang-1-01,环保卫生,8,门前柴草乱堆'} onInput={(e) => setCsv(e.detail.value)} />
            {csvReport.map((line) => (
              <View key={line} className='qy-error'>{line}</View>
            ))}
            <View className='qy-actions'>
              <Button
                className='qy-btn qy-btn--ghost'
                disabled={!csv.trim()}
                onClick={async () => {
                  setCsvReport([]);
                  try {
                    const res = await pointsCall('importCsv', { villageId, month, csv });
                    setCsv('');
                    void Taro.showToast({ title: `已导入 ${res.lines} 行`, icon: 'none' });
                    void sheet.reload();
                  } catch (e) {
                    setCsvReport(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [plainError(e)]);
                  }
                }}
              >
                导入
              </Button>
            </View>
          </View>
        </>
      )}

      <View className='qy-section-title'>年度分红</View>
      <View className='qy-card'>
        <View className='qy-muted'>填写{new Date().getFullYear() - 1}年村集体收入，按“4321”分配，20% 按积分分给各户。</View>
        <Input className='qy-input' type='digit' value={income} placeholder='集体收入（元）' onInput={(e) => setIncome(e.detail.value)} />
        <View className='qy-actions'>
          <Button
            className='qy-btn qy-btn--ghost'
            disabled={!(Number(income) > 0)}
            onClick={() => {
              const year = new Date().getFullYear() - 1;
              const incomeFen = Math.round(Number(income) * 100);
              confirmRun({ title: '计算分红', message: `${year}年集体收入 ${income} 元，分红计算后不能再改。`, confirmText: '计算' }, () =>
                act(() => pointsCall('distribute', { villageId, year, incomeFen }), '分红已计算').then(() => {
                  void Taro.navigateTo({ url: `/packages/points/dividends/index?villageId=${villageId}&year=${year}` });
                }),
              );
            }}
          >
            计算并公布分红
          </Button>
          <Button className='qy-btn qy-btn--plain' onClick={() => void Taro.navigateTo({ url: `/packages/points/dividends/index?villageId=${villageId}&year=${new Date().getFullYear() - 1}` })}>
            查看分红表
          </Button>
        </View>
      </View>
      <ConfirmDialog spec={spec} onConfirm={(text) => (spec ? spec.run(text) : Promise.resolve())} onClose={() => setSpec(null)} />
    </PageShell>
  );
}
