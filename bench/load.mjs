// Load generator run as its own process so it does not share an event loop with the server it
// measures: N keep-alive connections each sending the same POST back to back for a fixed time.
import http from 'node:http';

const [url, bodyJson, token, connections, warmupMs, durationMs] = process.argv.slice(2);
const target = new URL(url);
const body = Buffer.from(bodyJson);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const headers = { 'content-type': 'application/json', 'content-length': body.length, ...(token ? { authorization: `Bearer ${token}` } : {}) };

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let recording = false;
const latencies = [];
let errors = 0;
const deadline = Date.now() + Number(warmupMs) + Number(durationMs);
setTimeout(() => (recording = true), Number(warmupMs));
let measuredFrom = 0;
setTimeout(() => (measuredFrom = Date.now()), Number(warmupMs));

async function worker() {
  while (Date.now() < deadline) {
    const r = await once();
    if (!recording) continue;
    if (r.status !== 200) errors++;
    latencies.push(r.ms);
  }
}
await Promise.all(Array.from({ length: Number(connections) }, worker));
const seconds = (Date.now() - measuredFrom) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: pct(50), p99: pct(99) }));
agent.destroy();
