import Taro from '@tarojs/taro';
import { notificationsContract } from '@shared/contracts/notifications';
import { GRANT_RESULTS, type GrantResult } from '@shared/domain/notifications-records';
import { MAX_TEMPLATES_PER_REQUEST, type SubscribeMoment, type TemplateKey } from '@shared/domain/subscribe';
import { call } from './cloud';
import { newRequestId } from './request-id';

interface Template {
  templateKey: TemplateKey;
  templateId: string;
}

const templatesByMoment = new Map<SubscribeMoment, Template[]>();

/**
 * Loads the template ids for a tap before the tap happens: WeChat shows the permission dialog only
 * when asked straight from a tap, with no network wait in between. Call it when the page opens.
 */
export async function prepareSubscribe(moment: SubscribeMoment): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || templatesByMoment.has(moment)) return;
  try {
    const { templates } = await call(notificationsContract, 'subscribeTemplates', { moment });
    templatesByMoment.set(moment, templates);
  } catch {
    // Without the ids the tap simply asks for nothing; every message still reaches the inbox.
  }
}

/** WeChat's answer `{ [templateId]: 'accept' | 'reject' | 'ban' | 'filter' }` as the report the server takes. */
export function grantResults(templates: readonly Template[], answer: Record<string, unknown>): { templateKey: TemplateKey; result: GrantResult }[] {
  return templates.flatMap((t) => {
    const result = answer[t.templateId];
    return typeof result === 'string' && (GRANT_RESULTS as readonly string[]).includes(result)
      ? [{ templateKey: t.templateKey, result: result as GrantResult }]
      : [];
  });
}

/**
 * Asks for subscribe-message permission. Call it first thing in the tap handler (before any await):
 * the dialog opens synchronously. Resolves once the person answered; never throws, since declining
 * only means the messages stay in the inbox.
 */
export function askToSubscribe(moment: SubscribeMoment): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve();
  const templates = (templatesByMoment.get(moment) ?? []).slice(0, MAX_TEMPLATES_PER_REQUEST);
  if (templates.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    Taro.requestSubscribeMessage({
      tmplIds: templates.map((t) => t.templateId),
      entityIds: [],
      success: (answer) => {
        const results = grantResults(templates, answer as unknown as Record<string, unknown>);
        if (results.length) void call(notificationsContract, 'reportGrants', { results, requestId: newRequestId() }).catch(() => undefined);
        resolve();
      },
      fail: () => resolve(),
    });
  });
}
