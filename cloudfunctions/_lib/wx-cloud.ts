import { createRequire } from 'node:module';

/**
 * WeChat "cloud calls" (云调用) exist only through wx-server-sdk inside a CloudBase function whose
 * config.json lists the permission. This is the narrow slice of it the product uses.
 */
export interface WxOpenApi {
  subscribeMessage: {
    send(params: {
      touser: string;
      templateId: string;
      page?: string;
      data: Record<string, { value: string }>;
      miniprogramState?: 'developer' | 'trial' | 'formal';
      lang?: 'zh_CN';
    }): Promise<{ errCode?: number; errMsg?: string }>;
  };
  security: {
    msgSecCheck(params: {
      openid: string;
      scene: 1 | 2 | 3 | 4;
      version: 2;
      content: string;
      title?: string;
    }): Promise<{ errCode?: number; errMsg?: string; result?: { suggest?: string; label?: number | string } }>;
    /** Image check; the answer arrives later as a `wxa_media_check` message-push event with this trace id. */
    mediaCheckAsync?(params: { mediaUrl: string; mediaType: 1 | 2; version: 2; scene: 1 | 2 | 3 | 4; openid: string }): Promise<{ errCode?: number; errMsg?: string; traceId?: string }>;
  };
}

interface WxServerSdk {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  openapi: WxOpenApi;
}

let sdk: WxServerSdk | null = null;
let replaced: WxOpenApi | null = null;

/** Tests only: answer cloud calls with a fake of the same shape. */
export function useWxOpenApi(api: WxOpenApi | null): void {
  replaced = api;
}

/**
 * Loaded on first use, and through createRequire so the bundler leaves it alone: wx-server-sdk is
 * installed by CloudBase from the function's package.json (it is not bundled), and the local
 * runtime never loads it.
 */
export function wxOpenApi(): WxOpenApi {
  if (replaced) return replaced;
  if (!sdk) {
    const load = createRequire(__filename);
    const cloud = load('wx-server-sdk') as WxServerSdk;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    sdk = cloud;
  }
  return sdk.openapi;
}

/** True inside a CloudBase (SCF) function: only there do cloud calls work. */
export function inCloudFunction(): boolean {
  return process.env.TENCENTCLOUD_RUNENV === 'SCF' || Boolean(process.env.SCF_FUNCTIONNAME);
}

/** wx-server-sdk rejects with `{ errCode, errMsg }` when WeChat answers an error. */
export function wxErrorCode(err: unknown): number | null {
  const e = err as { errCode?: unknown; errcode?: unknown } | null;
  const code = e?.errCode ?? e?.errcode;
  return typeof code === 'number' ? code : typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : null;
}
