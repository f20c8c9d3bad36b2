import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

const LOAD = path.resolve(__dirname, '../bench/load.mjs');

/** Drives `url` from a separate process with `connections` keep-alive connections. */
export function load(url: string, body: unknown, token: string | null, connections = 32, warmupMs = 1000, durationMs = 4000): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [LOAD, url, JSON.stringify(body), token ?? '', String(connections), String(warmupMs), String(durationMs)], (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult);
    });
  });
}

/** The baseline: a bare node:http endpoint answering a fixed JSON body. */
export function bareJsonServer(payload: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
