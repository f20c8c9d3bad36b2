import { inCloudFunction, wxErrorCode, wxOpenApi } from './wx-cloud';

/** One subscribe message, as subscribeMessage.send takes it. */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

/** A failed send; `errcode` is WeChat's code when WeChat answered (43101, 47003 …), else null. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Delivers subscribe messages. Resolves when WeChat accepted the message; throws SendError otherwise. */
export interface Sender {
  readonly name: string;
  send(message: SubscribeMessage): Promise<void>;
}

/** The cloud implementation: the documented cloud call, with `subscribeMessage.send` in config.json. */
export const wechatSender: Sender = {
  name: 'wechat',
  async send(message) {
    let res: { errCode?: number; errMsg?: string };
    try {
      res = await wxOpenApi().subscribeMessage.send({ ...message, lang: 'zh_CN' });
    } catch (err) {
      throw new SendError(String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? err), wxErrorCode(err));
    }
    if (res?.errCode) throw new SendError(res.errMsg ?? `errCode ${res.errCode}`, res.errCode);
  },
};

let chosen: Sender | null = null;

/** The local runtime and tests put their stand-in here (local/sender.ts). */
export function useSender(sender: Sender | null): void {
  chosen = sender;
}

/**
 * The sender for this process, or null where no WeChat channel exists (outside a cloud function
 * with no stand-in installed): then messages are kept in the inbox only.
 */
export function currentSender(): Sender | null {
  return chosen ?? (inCloudFunction() ? wechatSender : null);
}
