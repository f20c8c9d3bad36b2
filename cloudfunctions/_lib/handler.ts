import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import {
  toIssues,
  type ActionName,
  type ActionOutput,
  type Contract,
  type Envelope,
  type ParsedInput,
} from '../../shared/contracts/envelope';
import type { UserRecord } from '../../shared/domain/records';
import { AppError } from './errors';
import { database } from './db';
import { budgetedDb, ContentionError } from './transaction';
import { findUserByOpenid, platformOpenid } from './caller';
import { applyMediaResult, parseMediaCheckEvent } from './storage';
import { checkOutput } from './output-check';

/**
 * Who may call an action before the service's own checks run:
 * - `public`: anyone, even without identity (the local persona list);
 * - `identified`: a WeChat identity, registered or not (me, register);
 * - `member` (default): a registered user; roles and jurisdiction are then checked by the service.
 */
export type Access = 'public' | 'identified' | 'member';

/** Capabilities only the local runtime grants; absent in the cloud, so dev-only actions refuse. */
export interface LocalPowers {
  issueToken(openid: string): Promise<string>;
  /**
   * The local stand-in for WeChat's subscribe-message sender: the share of sends it fails (0 … 1), so a
   * person running the local runtime sees retries, back-off and dead letters (also `LOCAL_SENDER_FAIL`).
   */
  sender: { failRate(): number; setFailRate(rate: number): void };
}

export interface Identity {
  openid: string | null;
  local?: LocalPowers;
  requestId?: string;
}

export interface ActionContext {
  db: Db;
  openid: string | null;
  /** The registered caller; guaranteed non-null for `member` actions. */
  caller: UserRecord | null;
  requestId: string;
  local: LocalPowers | null;
}

export interface MemberContext extends ActionContext {
  caller: UserRecord;
}

type Run<I, O, Ctx> = (input: I, ctx: Ctx) => Promise<O>;

export type ActionDef<I, O> =
  | { access: 'public' | 'identified'; run: Run<I, O, ActionContext> }
  | { access?: 'member'; run: Run<I, O, MemberContext> };

/** An action's parsed input and its output, by contract and action name; each function's types.ts names them for its contract. */
export type In<C extends Contract, K extends ActionName<C>> = ParsedInput<C, K>;
export type Out<C extends Contract, K extends ActionName<C>> = ActionOutput<C, K>;

export type Actions<C extends Contract> = {
  [K in ActionName<C>]: ActionDef<In<C, K>, Out<C, K>>;
};

/**
 * A timer trigger's work. It runs with no caller; it must be safe when two runs overlap
 * (claim rows with conditional updates) because timer invocations can overlap in the cloud.
 */
export interface TimerDef {
  /** 7-field CloudBase cron (second minute hour day month weekday year), written into cloudbaserc.json. */
  cron: string;
  /** How often the local runtime runs it, in milliseconds. */
  localEveryMs: number;
  run(ctx: { db: Db; requestId: string }): Promise<unknown>;
}

export interface CloudFunction {
  name: string;
  timers: Record<string, TimerDef>;
  /** Runs one timer now (local runtime scheduler and tests). */
  runTimer(name: string): Promise<unknown>;
  /** The local gateway's entry: identity is passed explicitly. */
  invoke(event: unknown, identity: Identity): Promise<Envelope<unknown>>;
  /**
   * A WeChat message-push event (today: mediaCheckAsync's answer, `Event: wxa_media_check`), as the
   * platform delivers it to the function and as the local stand-in (local/media-check.ts) delivers it.
   */
  handleEvent(event: unknown): Promise<Envelope<unknown>>;
  /** The cloud entry: identity comes from the platform. */
  main(event: unknown, context?: { request_id?: string }): Promise<Envelope<unknown>>;
}

function fail(code: AppError['code'], message: string, issues?: AppError['issues']): Envelope<never> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

/** CloudBase invokes timer triggers with `{ Type: 'Timer', TriggerName, Time }`. */
function timerName(event: unknown): string | null {
  const e = event as { Type?: unknown; TriggerName?: unknown } | null;
  return e && e.Type === 'Timer' && typeof e.TriggerName === 'string' ? e.TriggerName : null;
}

/** wx-server-sdk and the platform put the mini-program caller into the event as `userInfo`. */
function hasWechatCaller(event: unknown): boolean {
  const info = (event as { userInfo?: { openId?: unknown } } | null)?.userInfo;
  return !!info && typeof info === 'object' && !!info.openId;
}

/** parse → resolve caller → authorise → run the service → envelope. */
export function defineFunction<C extends Contract>(
  contract: C,
  actions: Actions<C>,
  timers: Record<string, TimerDef> = {},
): CloudFunction {
  async function runTimer(name: string, requestId: string = randomUUID()): Promise<unknown> {
    const timer = timers[name];
    if (!timer) throw new Error(`${contract.name} has no timer ${name}`);
    try {
      return await timer.run({ db: budgetedDb(contract.name, database()), requestId });
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', fn: contract.name, timer: name, requestId, message: String((err as Error)?.stack ?? err) }));
      throw err;
    }
  }

  async function invoke(event: unknown, identity: Identity): Promise<Envelope<unknown>> {
    const requestId = identity.requestId ?? randomUUID();
    const body = (event ?? {}) as { action?: unknown; data?: unknown };
    const name = typeof body.action === 'string' ? body.action : '';
    if (!Object.prototype.hasOwnProperty.call(contract.actions, name)) {
      return fail('INVALID_INPUT', `未知的操作：${name || '(空)'}`, [{ path: 'action', message: '未知的操作' }]);
    }
    const schema = contract.actions[name]!;
    const def = actions[name as ActionName<C>] as ActionDef<unknown, unknown>;
    const parsed = schema.input.safeParse(body.data ?? {});
    if (!parsed.success) {
      return fail('INVALID_INPUT', '填写的内容有误，请检查', toIssues(parsed.error));
    }
    try {
      const db = budgetedDb(contract.name, database());
      const access = def.access ?? 'member';
      const openid = identity.openid;
      if (access !== 'public' && !openid) throw new AppError('UNAUTHENTICATED', '请先登录');
      const caller = openid ? await findUserByOpenid(db, openid) : null;
      if (access === 'member' && !caller) throw new AppError('FORBIDDEN', '请先完成注册');
      const ctx: ActionContext = { db, openid, caller, requestId, local: identity.local ?? null };
      const result = await (def.run as Run<unknown, unknown, ActionContext>)(parsed.data, ctx);
      const out = checkOutput(schema.output, result);
      if (!out.success) {
        throw new Error(`output of ${contract.name}.${name} breaks its contract: ${JSON.stringify(toIssues(out.error))}`);
      }
      return { ok: true, data: out.data };
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message, err.issues);
      const e = err as { message?: string; code?: string; stack?: string };
      // Others kept writing the same records for the whole time budget. Not a refusal (CONFLICT is for a
      // full slot, a claimed wish): nothing was written and the same request may simply be sent again.
      if (err instanceof ContentionError) {
        console.warn(JSON.stringify({ level: 'warn', fn: contract.name, action: name, requestId, contention: err.attempts }));
        return fail('INTERNAL', `现在办理的人很多，请稍后再试（编号 ${requestId.slice(0, 8)}）`);
      }
      console.error(
        JSON.stringify({
          level: 'error',
          fn: contract.name,
          action: name,
          requestId,
          code: e?.code ?? null,
          message: e?.message ?? String(err),
          stack: e?.stack ?? null,
        }),
      );
      return fail('INTERNAL', `系统繁忙，请稍后再试（编号 ${requestId.slice(0, 8)}）`);
    }
  }

  async function handleEvent(event: unknown): Promise<Envelope<unknown>> {
    const media = parseMediaCheckEvent(event);
    if (!media) return fail('INVALID_INPUT', '未知的事件');
    const outcome = await applyMediaResult(budgetedDb(contract.name, database()), media);
    return { ok: true, data: { outcome } };
  }

  return {
    name: contract.name,
    timers,
    runTimer: (name) => runTimer(name),
    invoke,
    handleEvent,
    main: async (event, context) => {
      // Message push (the image check's answer) comes from the platform, never with a mini-program caller.
      if (parseMediaCheckEvent(event)) {
        if (hasWechatCaller(event)) return fail('FORBIDDEN', '没有权限');
        return handleEvent(event);
      }
      const timer = timerName(event);
      const openid = platformOpenid();
      if (timer) {
        // Any mini-program user can send `{ Type: 'Timer' }` through callFunction; only the
        // platform's own trigger arrives with no WeChat caller (no WX_OPENID, no userInfo).
        if (openid || hasWechatCaller(event)) {
          console.warn(JSON.stringify({ level: 'warn', fn: contract.name, timer, requestId: context?.request_id ?? null, refused: 'timer event from a WeChat caller', openid: openid ? `${openid.slice(0, 4)}…` : null }));
          return fail('FORBIDDEN', '没有权限');
        }
        await runTimer(timer, context?.request_id);
        return { ok: true, data: null };
      }
      return invoke(event, { openid, requestId: context?.request_id });
    },
  };
}
