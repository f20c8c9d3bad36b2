import { useCallback, useEffect, useRef, useState } from 'react';
import { casesContract, type CaseView } from '@shared/contracts/cases';
import { URGENCIES, type Urgency } from '@shared/domain/case-catalogue';
import { parseYuanToFen } from '@shared/domain/money';
import { ApiError, call } from '../client/cloud';
import { plainError } from '../client/error-text';
import { newRequestId } from '../client/request-id';
import { readJson, writeJson } from '../client/storage';
import { useSubscribeAt } from './use-subscribe';

/** Kept on the device so a weak network or leaving the page loses nothing (key beside STORAGE_KEYS' qy.draft.*). */
const KEY = 'qy.draft.case';

export interface PartyDraft {
  name: string;
  phone: string;
}

export interface CaseDraft {
  type: string | null;
  gridId: string | null;
  parties: PartyDraft[];
  description: string;
  amountYuan: string;
  urgency: Urgency;
  onBehalfOf: string;
  /** The request id of a submission that did not finish: a retry sends it again. */
  requestId: string | null;
}

export const emptyCaseDraft = (): CaseDraft => ({
  type: null,
  gridId: null,
  parties: [
    { name: '', phone: '' },
    { name: '', phone: '' },
  ],
  description: '',
  amountYuan: '',
  urgency: 'normal',
  onBehalfOf: '',
  requestId: null,
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function loadCaseDraft(): CaseDraft {
  const raw = readJson(KEY);
  if (typeof raw !== 'object' || raw === null) return emptyCaseDraft();
  const r = raw as Record<string, unknown>;
  const parties = Array.isArray(r.parties)
    ? (r.parties as unknown[]).map((p) => ({ name: str((p as PartyDraft | null)?.name), phone: str((p as PartyDraft | null)?.phone) }))
    : [];
  return {
    type: strOrNull(r.type),
    gridId: strOrNull(r.gridId),
    parties: parties.length ? parties : emptyCaseDraft().parties,
    description: str(r.description),
    amountYuan: str(r.amountYuan),
    urgency: (URGENCIES as readonly unknown[]).includes(r.urgency) ? (r.urgency as Urgency) : 'normal',
    onBehalfOf: str(r.onBehalfOf),
    requestId: strOrNull(r.requestId),
  };
}

export function saveCaseDraft(draft: CaseDraft): void {
  const empty = !draft.type && !draft.description && !draft.requestId && draft.parties.every((p) => !p.name && !p.phone);
  writeJson(KEY, empty ? null : draft);
}

export function clearCaseDraft(): void {
  writeJson(KEY, null);
}

export type ReportErrors = Partial<Record<'type' | 'gridId' | 'parties' | 'description' | 'amountFen', string>>;

/**
 * The 排查单 form: every change is kept as a draft on the device; a retry after a failure reuses
 * the first attempt's request id, so the dispute is recorded once.
 */
export function useCaseReport(defaultGridId: string | null, onReported: (kase: CaseView) => void) {
  const [draft, setDraft] = useState<CaseDraft>(loadCaseDraft);
  const [errors, setErrors] = useState<ReportErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const askSubscribe = useSubscribeAt('case.report');
  const latest = useRef(draft);
  latest.current = draft;

  useEffect(() => {
    saveCaseDraft(draft);
  }, [draft]);

  const set = useCallback(<K extends keyof CaseDraft>(field: K, value: CaseDraft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  }, []);

  const setParty = useCallback((i: number, patch: Partial<PartyDraft>) => {
    setDraft((d) => ({ ...d, parties: d.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
    setErrors((e) => ({ ...e, parties: undefined }));
  }, []);
  const addParty = useCallback(() => setDraft((d) => ({ ...d, parties: [...d.parties, { name: '', phone: '' }] })), []);
  const removeParty = useCallback((i: number) => setDraft((d) => ({ ...d, parties: d.parties.filter((_, j) => j !== i) })), []);

  const submit = useCallback(async () => {
    if (submitting) return;
    const d = latest.current;
    if (!d.type) {
      setErrors({ type: '请选一种纠纷类型' });
      return;
    }
    const amountFen = d.amountYuan.trim() ? parseYuanToFen(d.amountYuan) : 0;
    if (amountFen === null) {
      setErrors({ amountFen: '金额请填不小于 0 的数字，最多两位小数' });
      return;
    }
    // Straight from the tap, before any wait: WeChat only asks for permission from a tap.
    askSubscribe();
    const requestId = d.requestId ?? newRequestId();
    setDraft({ ...d, requestId });
    saveCaseDraft({ ...d, requestId });
    setSubmitting(true);
    setFormError(null);
    setErrors({});
    try {
      const gridId = d.gridId ?? defaultGridId;
      const kase = await call(casesContract, 'screen', {
        type: d.type,
        parties: d.parties.filter((p) => p.name.trim()).map((p) => (p.phone.trim() ? { name: p.name, phone: p.phone } : { name: p.name })),
        gridId: gridId ?? undefined,
        description: d.description,
        amountFen,
        urgency: d.urgency,
        onBehalfOf: d.onBehalfOf.trim() ? d.onBehalfOf : undefined,
        requestId,
      });
      clearCaseDraft();
      setDraft(emptyCaseDraft());
      onReported(kase);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') {
        const byField: ReportErrors = {};
        for (const issue of e.issues) {
          const field = (issue.path.split('.')[0] ?? '') as keyof ReportErrors;
          byField[field] ??= issue.message;
        }
        setErrors(byField);
        // Nothing was written: the next attempt is a new report.
        setDraft((x) => ({ ...x, requestId: null }));
      }
      setFormError(`${plainError(e)}。您填写的内容已保存。`);
    } finally {
      setSubmitting(false);
    }
  }, [askSubscribe, defaultGridId, onReported, submitting]);

  return { draft, errors, formError, submitting, set, setParty, addParty, removeParty, submit };
}