import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HTTP_STATUS, type Envelope, type ErrorCode } from '../shared/contracts/envelope';
import type { CloudFunction, LocalPowers } from '../cloudfunctions/_lib/handler';
import type { ReadCache } from './read-cache';
import type { SessionStore } from './sessions';
import { FILES_ROUTE, UPLOAD_ROUTE, type DiskFileStore } from './storage';
import { INCOMING_NAME } from '../cloudfunctions/_lib/storage';
import { MAX_UPLOAD_BYTES } from '../shared/domain/photos';

/** A body larger than this is refused with 413 before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface GatewayOptions {
  functions: Record<string, CloudFunction>;
  sessions: SessionStore;
  /** The h5 build to serve at `/`; absent in API-only tests. */
  staticDir?: string;
  /** Answers repeated reads whose data has not changed from memory (see read-cache.ts). */
  readCache?: ReadCache;
  /** The local stand-in sender whose failure rate a county admin may set (LocalPowers.sender). */
  sender: { failureRate: number; failRate(rate: number): unknown };
  /** The local stand-in for cloud storage: uploads and signed reads (absent: no storage routes). */
  files?: DiskFileStore;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function send(res: http.ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  // The text itself goes to the socket, which encodes it as it writes: a Buffer.from first copies a
  // list's 10 KB into a fresh allocation each time (8.6% of an uncached wishes.list, cpu profile).
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text, 'utf8') });
  res.end(text, 'utf8');
}

function sendError(res: http.ServerResponse, code: ErrorCode, message: string, status = HTTP_STATUS[code]): void {
  const body: Envelope<never> = { ok: false, error: { code, message } };
  send(res, status, body);
}

function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function serveStatic(root: string, urlPath: string, res: http.ServerResponse): void {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  let file = path.join(root, clean);
  if (!file.startsWith(root)) return sendError(res, 'NOT_FOUND', '找不到页面');
  if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!existsSync(file)) return sendError(res, 'NOT_FOUND', '页面还没有构建：请先运行 npm run build:h5');
  const ext = path.extname(file);
  // Hashed asset names never change content; index.html must always be fresh.
  const cache = ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': cache });
  createReadStream(file).pipe(res);
}

/** One HTTP server: `POST /api/<fn>` runs the same function code as the cloud; `/` serves the h5 app. */
export function createGateway(options: GatewayOptions): http.Server {
  const { functions, sessions, readCache } = options;
  const staticRoot = options.staticDir ? path.resolve(options.staticDir) : null;
  const { sender } = options;
  const local: LocalPowers = {
    issueToken: (openid) => sessions.issue(openid),
    sender: { failRate: () => sender.failureRate, setFailRate: (rate) => void sender.failRate(rate) },
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 'INVALID_INPUT', '请使用 POST 调用', 405);
    const fn = Object.prototype.hasOwnProperty.call(functions, name) ? functions[name] : undefined;
    if (!fn) return sendError(res, 'NOT_FOUND', `没有名为 ${name} 的云函数`);
    const raw = await readBody(req);
    if (raw === 'too-large') return sendError(res, 'INVALID_INPUT', '请求内容过大（上限 64 KB）', 413);
    const auth = req.headers.authorization;
    let openid: string | null = null;
    if (auth) {
      const token = /^Bearer (.+)$/.exec(auth)?.[1] ?? '';
      openid = await sessions.resolve(token);
      if (!openid) return sendError(res, 'UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    const key = readCache ? readCache.key(name, openid, raw) : null;
    const remembered = key !== null ? readCache!.get(key) : null;
    if (remembered !== null) return sendText(res, 200, remembered);
    let event: unknown;
    try {
      event = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      return sendError(res, 'INVALID_INPUT', '请求内容不是合法的 JSON');
    }
    const requestId = randomUUID();
    const invoke = () => fn!.invoke(event, { openid, local, requestId });
    if (!readCache) {
      const result = await invoke();
      return send(res, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
    }
    const { result, text } = await readCache.run(key, invoke, (r) => r.ok);
    sendText(res, result.ok ? 200 : HTTP_STATUS[result.error.code], text);
  }

  /**
   * What Taro.cloud.uploadFile does in the cloud: a signed-in caller stores bytes at a path under
   * `incoming/`. Over the limit is refused before anything is written; the function that takes the
   * upload checks the rest (type, metadata) and deletes what it refuses.
   */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const files = options.files;
    if (!files) return sendError(res, 'NOT_FOUND', '没有这个接口');
    if (req.method !== 'POST') return sendError(res, 'INVALID_INPUT', '请使用 POST 上传', 405);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!token || !(await sessions.resolve(token))) {
      req.resume();
      return sendError(res, 'UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    const cloudPath = url.searchParams.get('cloudPath') ?? '';
    if (!INCOMING_NAME.test(cloudPath)) {
      req.resume();
      return sendError(res, 'INVALID_INPUT', '上传路径不正确');
    }
    const raw = await readBody(req, MAX_UPLOAD_BYTES);
    if (raw === 'too-large') return sendError(res, 'INVALID_INPUT', `图片太大了（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB），请重新拍一张`, 413);
    const fileID = await files.put(cloudPath, raw);
    send(res, 200, { ok: true, data: { fileID } });
  }

  function serveFile(res: http.ServerResponse, url: URL): void {
    const file = options.files?.resolveSigned(decodeURIComponent(url.pathname.slice(FILES_ROUTE.length)), url.searchParams.get('e'), url.searchParams.get('s'));
    if (!file) return sendError(res, 'NOT_FOUND', '图片不存在或链接已过期');
    const type = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'private, max-age=3600' });
    createReadStream(file).pipe(res);
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === UPLOAD_ROUTE) {
      handleUpload(req, res, url).catch((err: unknown) => {
        console.error(JSON.stringify({ level: 'error', where: 'gateway-upload', message: String((err as Error)?.stack ?? err) }));
        if (!res.headersSent) sendError(res, 'INTERNAL', '系统繁忙，请稍后再试');
      });
      return;
    }
    if (url.pathname.startsWith(FILES_ROUTE) && req.method === 'GET') return serveFile(res, url);
    const route = /^\/api\/([A-Za-z][A-Za-z0-9_-]*)$/.exec(url.pathname);
    if (url.pathname === '/api/health') return send(res, 200, { ok: true });
    if (route) {
      handleApi(req, res, route[1]!).catch((err: unknown) => {
        console.error(JSON.stringify({ level: 'error', where: 'gateway', message: String((err as Error)?.stack ?? err) }));
        if (!res.headersSent) sendError(res, 'INTERNAL', '系统繁忙，请稍后再试');
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) return sendError(res, 'NOT_FOUND', '没有这个接口');
    if (!staticRoot) return sendError(res, 'NOT_FOUND', '找不到页面');
    serveStatic(staticRoot, url.pathname, res);
  });
}
