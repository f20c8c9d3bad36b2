import { useCallback } from 'react';
import { casesContract, type CaseSummary, type CaseView } from '@shared/contracts/cases';
import type { ActionInput, ActionOutput } from '@shared/contracts/envelope';
import type { CaseStatus } from '@shared/domain/case-state';
import { call } from '../client/cloud';
import { wordedError } from '../client/error-text';
import { useAction } from './use-action';
import { useCursorList } from './use-cursor-list';

type Contract = typeof casesContract;
export type CaseScope = ActionInput<Contract, 'list'>['scope'];
export type CaseConfig = ActionOutput<Contract, 'config'>;
export type CaseSheetAction = 'assess' | 'recordSession' | 'conclude' | 'followUp';
type Omitted<T> = T extends unknown ? Omit<T, 'caseId'> : never;
export type CaseActionInput<A extends CaseSheetAction> = Omitted<ActionInput<Contract, A>>;

const PAGE_SIZE = 20;

/** The county's dispute types and deadlines, and where the caller may report. */
export function useCaseConfig() {
  const { data: config, error, reload } = useAction(casesContract, 'config', {});
  return { config, error, reload };
}

/** One scope of cases, a page at a time; changing scope or status starts over. */
export function useCaseList(scope: CaseScope, status?: CaseStatus) {
  return useCursorList<CaseSummary>(`${scope}|${status ?? ''}`, (cursor) =>
    call(casesContract, 'list', { scope, status, cursor, limit: PAGE_SIZE }),
  );
}

const caseErrorText = wordedError(casesContract, 'get', { NOT_FOUND: '没有找到这个纠纷，或您无权查看' });

/** One case with its four sheets and timeline; `act` fills a sheet the server allowed. */
export function useCase(id: string | undefined) {
  const { data: kase, loading, error, reload, setData: setCase } = useAction(casesContract, 'get', id ? { caseId: id } : null, {
    errorText: caseErrorText,
    missingText: '没有找到这个纠纷',
  });

  /** Throws ApiError so the sheet form can show field errors and conflicts. */
  const act = useCallback(
    async <A extends CaseSheetAction>(action: A, input: CaseActionInput<A>): Promise<CaseView> => {
      if (!id) throw new Error('no case id');
      const payload = { ...input, caseId: id } as unknown as ActionInput<Contract, A>;
      const next = (await call(casesContract, action, payload)) as CaseView;
      setCase(next);
      return next;
    },
    [id, setCase],
  );

  /** A current handler frees the text content security held (all of it, or one part); throws ApiError. */
  const release = useCallback(
    async (field?: string): Promise<CaseView> => {
      if (!id) throw new Error('no case id');
      const next = await call(casesContract, 'release', field ? { caseId: id, field } : { caseId: id });
      setCase(next);
      return next;
    },
    [id, setCase],
  );

  const propose = useCallback(
    (risk: CaseView['risk'] & string) => (id ? call(casesContract, 'propose', { caseId: id, risk }) : Promise.reject(new Error('no case id'))),
    [id],
  );

  return { kase, loading, error, reload, act, release, propose };
}

const summaryErrorText = wordedError(casesContract, 'summary', { NOT_FOUND: '没有找到这个纠纷，或您无权查看' });

/** What a 网格党小组 member may read of a case their alert names: type, place, level and who handles it. */
export function useCaseSummary(id: string | undefined) {
  const { data: brief, loading, error, reload } = useAction(casesContract, 'summary', id ? { caseId: id } : null, {
    errorText: summaryErrorText,
    missingText: '没有找到这个纠纷',
  });
  return { brief, loading, error, reload };
}

export type RoutingRuleSet = ActionOutput<Contract, 'routingRules'>;
export type RoutingPreview = ActionOutput<Contract, 'previewRouting'>;
type RuleInput = RoutingRuleSet['rules'][number];

/** County admin: the routing rules in force, a draft of edits, its preview on last month's cases, and saving it as a new version. */
export function useRoutingRules() {
  const { data: set, error, reload, setData: setSet } = useAction(casesContract, 'routingRules', {});
  const preview = useCallback((rules: RuleInput[]) => call(casesContract, 'previewRouting', { rules }), []);
  const save = useCallback(
    async (rules: RuleInput[], changeNote: string) => {
      if (!set) throw new Error('rules not loaded');
      const next = await call(casesContract, 'updateRouting', { rules, baseVersion: set.version, changeNote });
      setSet(next);
      return next;
    },
    [set, setSet],
  );
  return { set, error, reload, preview, save };
}

const figuresErrorText = wordedError(casesContract, 'figures', { FORBIDDEN: '只有村、镇、县干部可以查看本辖区的统计' });

/** Figures for one unit (the caller's widest by default). */
export function useCaseFigures(unitId: string | undefined) {
  const { data: figures, loading, error, reload } = useAction(casesContract, 'figures', { unitId, months: 12 }, { errorText: figuresErrorText });
  return { figures, loading, error, reload };
}
