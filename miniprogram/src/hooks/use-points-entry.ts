import { useCallback, useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { previousMonth } from '@shared/domain/china-time';
import { parseYuanToFen } from '@shared/domain/money';
import { ApiError } from '../client/cloud';
import { pointsCall, usePoints, type PointsIn, type PointsOut } from './use-points';

export type Cell = { score: number; reason: string };
type Edits = Record<string, Record<string, Cell>>;
export type Sheet = PointsOut<'sheet'>;
/** What is imported: text pasted from a sheet, or an Excel file's bytes (base64), read on the server. */
export type ImportFile = { csv: string } | { xlsx: string };

/** Households written per `enter` call: the contract's limit. */
const BATCH = 100;

/**
 * A village cadre's month of points: the rating sheet with unsaved score edits, the open
 * objections, CSV import and the year's dividends. The month and the dividend year come from the
 * server's clock (`sheet.currentMonth`), never the phone's. Verbs throw ApiError for the page to word;
 * after a write the sheet and the objections load again.
 */
export function usePointsEntry(villageId: string | null) {
  /** null: the current month, as the server counts it. */
  const [chosen, setChosen] = useState<string | null>(null);
  const sheet = usePoints('sheet', villageId ? (chosen ? { villageId, month: chosen } : { villageId }) : null);
  const currentMonth = sheet.data?.currentMonth ?? null;
  const month = chosen ?? currentMonth;
  const objections = usePoints('objections', villageId && month ? { villageId, month } : null);
  const [edits, setEdits] = useState<Edits>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const indicators = useMemo(() => sheet.data?.month.indicators ?? [], [sheet.data]);
  const changed = useMemo(() => Object.entries(edits).filter(([, e]) => Object.keys(e).length > 0), [edits]);
  const reloadSheet = sheet.reload;
  const reloadObjections = objections.reload;
  const reload = useCallback(() => {
    void reloadSheet();
    void reloadObjections();
  }, [reloadSheet, reloadObjections]);

  const chooseMonth = useCallback((m: string) => {
    setChosen(m);
    setEdits({});
    setProblems({});
  }, []);

  const change = useCallback(
    (householdId: string, code: string, cell: Cell | null) =>
      setEdits((prev) => {
        const next = { ...(prev[householdId] ?? {}) };
        if (cell) next[code] = cell;
        else delete next[code];
        return { ...prev, [householdId]: next };
      }),
    [],
  );
  const fullMarks = useCallback(
    (householdId: string) => setEdits((prev) => ({ ...prev, [householdId]: Object.fromEntries(indicators.map((i) => [i.code, { score: i.max, reason: '' }])) })),
    [indicators],
  );

  /**
   * 其余按满分: on the server, every indicator not yet saved of every household gets full marks, as
   * one audited action (points.fillRemainingFull). Scores edited here and not yet saved stay as edits
   * and win when saved. Answers how many scores were filled.
   */
  const fillRemainingFull = async (): Promise<PointsOut<'fillRemainingFull'>> => {
    if (!villageId || !month) throw new ApiError('INVALID_INPUT', '请先选择月份');
    const out = await pointsCall('fillRemainingFull', { villageId, month });
    void reloadSheet();
    return out;
  };

  /**
   * Saves the edited households in batches. A field problem answers 'problems' and marks each
   * household's card; other failures throw.
   */
  const saveScores = async (): Promise<'saved' | 'problems'> => {
    if (!villageId || !month) throw new ApiError('INVALID_INPUT', '请先选择月份');
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
          if (!(err instanceof ApiError && err.code === 'INVALID_INPUT')) throw err;
          const byHousehold: Record<string, string> = {};
          for (const issue of err.issues) {
            const row = Number(/^rows\.(\d+)/.exec(issue.path)?.[1]);
            const id = part[row]?.[0];
            if (id) byHousehold[id] = issue.message.replace(/^第 \d+ 行：/, '');
          }
          setProblems(byHousehold);
          return 'problems';
        }
      }
      setEdits({});
      void reloadSheet();
      return 'saved';
    } finally {
      setSaving(false);
    }
  };

  // Unsaved scores must not be lost to a reload or a back tap: the platform asks first.
  const unsaved = changed.length > 0;
  useEffect(() => {
    if (!unsaved) return undefined;
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
      const warn = (e: BeforeUnloadEvent) => {
        e.preventDefault();
        e.returnValue = '';
      };
      window.addEventListener('beforeunload', warn);
      return () => window.removeEventListener('beforeunload', warn);
    }
    const t = Taro as unknown as { enableAlertBeforeUnload?: (o: { message: string }) => void; disableAlertBeforeUnload?: () => void };
    t.enableAlertBeforeUnload?.({ message: '还有没保存的分数，确定离开吗？' });
    return () => t.disableAlertBeforeUnload?.();
  }, [unsaved]);

  const write = async <T>(work: () => Promise<T>): Promise<T> => {
    const out = await work();
    reload();
    return out;
  };
  const ref = () => {
    if (!villageId || !month) throw new ApiError('INVALID_INPUT', '请先选择月份');
    return { villageId, month };
  };
  /** The year whose collective income is split now: last year, by the server's clock. */
  const dividendYear = currentMonth ? Number(currentMonth.slice(0, 4)) - 1 : null;

  return {
    data: sheet.data,
    loading: sheet.loading,
    error: sheet.error,
    month,
    /** This month and the two before it, newest first. */
    months: currentMonth ? [currentMonth, previousMonth(currentMonth), previousMonth(currentMonth, 2)] : [],
    chooseMonth,
    openObjections: (objections.data?.items ?? []).filter((o) => o.status === 'open'),
    rating: { edits, changed, problems, saving, change, fullMarks, fillRemainingFull, save: saveScores },
    publish: () => write(() => pointsCall('publish', ref())),
    finalise: () => write(() => pointsCall('finalise', ref())),
    decideObjection: (input: PointsIn<'decide'>) => write(() => pointsCall('decide', input)),
    releaseObjection: (objectionId: string) => write(() => pointsCall('releaseObjection', { objectionId })),
    /** Every line of the file (pasted text or an Excel file) with its problems; nothing is written. */
    previewImport: (file: ImportFile) => pointsCall('previewImport', { ...ref(), ...file }),
    importTemplate: () => pointsCall('importTemplate', ref()),
    /** Writes the previewed file; the same `requestId` sent again writes nothing more. */
    importCsv: (file: ImportFile, requestId: string) => write(() => pointsCall('importCsv', { ...ref(), ...file, requestId })),
    dividendYear,
    /**
     * Splits last year's collective income typed in yuan ('12,345.6'): parsed to fen exactly;
     * text that is not an amount answers INVALID_INPUT without a call.
     */
    distribute: async (incomeYuan: string) => {
      const incomeFen = parseYuanToFen(incomeYuan);
      if (!villageId || dividendYear === null) throw new ApiError('INVALID_INPUT', '请稍等，正在加载');
      if (!incomeFen) throw new ApiError('INVALID_INPUT', '请填写集体收入（元）', [{ path: 'incomeFen', message: '请填写集体收入（元）' }]);
      return write(() => pointsCall('distribute', { villageId, year: dividendYear, incomeFen }));
    },
  };
}

export type PointsEntry = ReturnType<typeof usePointsEntry>;
