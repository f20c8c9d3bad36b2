import { alertsContract, DASHBOARD_SECTION_IDS } from '@shared/contracts/alerts';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { useAction } from './use-action';

type C = typeof alertsContract;
export type AlertsAction = ActionName<C>;
export type AlertsInput<K extends AlertsAction> = ActionInput<C, K>;
export type AlertsOutput<K extends AlertsAction> = ActionOutput<C, K>;
export type AlertView = AlertsOutput<'alert'>;
export type AlertSummary = AlertsOutput<'current'>['items'][number];

/** The alerts function words CONFLICT / FORBIDDEN / NOT_FOUND for the case at hand; keep them. */
export const alertsErrorText = serverWordedError;

/** One action of the `alerts` function; throws ApiError. */
export function alertsCall<K extends AlertsAction>(action: K, input: AlertsInput<K>): Promise<AlertsOutput<K>> {
  return call(alertsContract, action, input);
}

/** Loads a read action, again whenever the page shows; `null` waits. */
export function useAlerts<K extends AlertsAction>(action: K, input: AlertsInput<K> | null, missingText?: string) {
  return useAction(alertsContract, action, input, { errorText: serverWordedError, reloadOnShow: true, missingText });
}

/**
 * The 驾驶舱 as an Excel workbook: every section read again, one small call each (as the page shows them),
 * then the workbook the server builds from the figures it computed for those reads, so no call reads every
 * module's figures at once and the file holds only the server's figures.
 */
export async function dashboardWorkbook(input: AlertsInput<'exportDashboard'>): Promise<AlertsOutput<'exportDashboard'>> {
  await Promise.all(DASHBOARD_SECTION_IDS.map((section) => alertsCall('dashboard', { ...input, section })));
  return alertsCall('exportDashboard', input);
}
