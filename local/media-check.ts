/**
 * LOCAL STAND-IN for WeChat's asynchronous image check (mediaCheckAsync). It is not an image filter:
 * it answers `risky` for an image of exactly 66 × 66 pixels (so the hold can be shown and tested) and
 * `pass` for every other, and it answers the way WeChat does — later, as a `wxa_media_check`
 * message-push event with the trace id it returned, delivered to a function's `handleEvent`, the entry
 * the cloud's message push reaches. Never runs in the cloud.
 */
import { randomUUID } from 'node:crypto';
import type { MediaChecker } from '../cloudfunctions/_lib/storage';

/** The one shape the stand-in flags. */
export const STAND_IN_FLAGGED = { width: 66, height: 66 } as const;

export interface MediaCheckEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'wxa_media_check';
  appid: string;
  trace_id: string;
  version: 2;
  errcode: 0;
  errmsg: 'ok';
  result: { suggest: 'pass' | 'risky'; label: number };
  detail: { strategy: 'content_model'; errcode: 0; suggest: 'pass' | 'risky'; label: number; prob: number }[];
}

export class LocalMediaChecker implements MediaChecker {
  readonly name = 'local-media-check-stand-in';
  private readonly pending = new Map<string, { event: MediaCheckEvent; timer: NodeJS.Timeout | null }>();

  /**
   * @param deliver where answers go (the runtime passes a function's handleEvent)
   * @param delayMs how long an answer takes; 0 holds answers until `flush()` (tests)
   */
  constructor(
    private readonly deliver: (event: MediaCheckEvent) => Promise<unknown>,
    private readonly delayMs: number,
  ) {}

  async start({ photo }: Parameters<MediaChecker['start']>[0]): Promise<{ traceId: string }> {
    const traceId = `local-${randomUUID()}`;
    const flagged = photo.width === STAND_IN_FLAGGED.width && photo.height === STAND_IN_FLAGGED.height;
    const suggest = flagged ? 'risky' : 'pass';
    const label = flagged ? 20002 : 100;
    const event: MediaCheckEvent = {
      ToUserName: 'gh_local',
      FromUserName: 'local-media-check',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'local',
      trace_id: traceId,
      version: 2,
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: flagged ? 90 : 0 }],
    };
    const timer = this.delayMs > 0 ? setTimeout(() => void this.send(traceId), this.delayMs) : null;
    timer?.unref();
    this.pending.set(traceId, { event, timer });
    return { traceId };
  }

  private async send(traceId: string): Promise<void> {
    const p = this.pending.get(traceId);
    if (!p) return;
    this.pending.delete(traceId);
    if (p.timer) clearTimeout(p.timer);
    await this.deliver(p.event).catch((err: unknown) => console.error(JSON.stringify({ level: 'error', where: 'local-media-check', message: String(err) })));
  }

  /** Answers every check still waiting, now. */
  async flush(): Promise<number> {
    const ids = [...this.pending.keys()];
    for (const id of ids) await this.send(id);
    return ids.length;
  }

  get waiting(): number {
    return this.pending.size;
  }

  stop(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }
}
