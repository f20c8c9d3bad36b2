import { SendError, type Sender, type SubscribeMessage } from '../cloudfunctions/_lib/sender';

export interface SentRecord {
  message: SubscribeMessage;
  at: number;
}

/**
 * LOCAL STAND-IN for WeChat's subscribeMessage.send: nothing leaves the machine. It records what
 * would have been sent and can be told to fail, so tests can prove retries and exactly-once delivery.
 */
export class LocalSender implements Sender {
  readonly name = 'local-stand-in';
  readonly sent: SentRecord[] = [];
  private failures: { left: number; errcode: number | null; message: string } = { left: 0, errcode: null, message: '' };
  private latencyMs = 0;
  private rate = 0;

  /** `keep`: how many sent messages to remember (the long-running local server keeps the latest few). */
  constructor(private readonly options: { keep?: number } = {}) {}

  /** The next `n` sends throw; `errcode` null is a network-style failure (retried), 43101 a refusal. */
  failNext(n: number, errcode: number | null = -1, message = '本地替身：模拟发送失败'): this {
    this.failures = { left: n, errcode, message };
    return this;
  }

  /**
   * From now on each send fails with probability `rate` (0 … 1) as a network failure would, so a
   * person running the local runtime sees retries, back-off and dead letters. `random` is for tests.
   */
  failRate(rate: number, random: () => number = Math.random): this {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`a failure rate is between 0 and 1: ${rate}`);
    this.rate = rate;
    this.random = random;
    return this;
  }

  get failureRate(): number {
    return this.rate;
  }

  private random: () => number = Math.random;

  /** Each send waits this long, so overlapping dispatcher runs really interleave. */
  withLatency(ms: number): this {
    this.latencyMs = ms;
    return this;
  }

  async send(message: SubscribeMessage): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    else await new Promise<void>((r) => setImmediate(r));
    if (this.failures.left > 0) {
      this.failures.left -= 1;
      throw new SendError(this.failures.message, this.failures.errcode);
    }
    if (this.rate > 0 && this.random() < this.rate) throw new SendError('本地替身：按设定的失败比例模拟发送失败', -1);
    this.sent.push({ message, at: Date.now() });
    const keep = this.options.keep ?? Infinity;
    if (this.sent.length > keep) this.sent.splice(0, this.sent.length - keep);
  }

  /** How many messages went to each openid and template (exactly-once checks). */
  countBy(key: (m: SubscribeMessage) => string): Map<string, number> {
    const out = new Map<string, number>();
    for (const s of this.sent) out.set(key(s.message), (out.get(key(s.message)) ?? 0) + 1);
    return out;
  }

  clear(): void {
    this.sent.length = 0;
    this.failures = { left: 0, errcode: null, message: '' };
    this.latencyMs = 0;
    this.rate = 0;
  }
}

/** `LOCAL_SENDER_FAIL=0.3`: the share of sends the local stand-in fails; unset or empty is 0. */
export function failRateFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error(`LOCAL_SENDER_FAIL must be a number from 0 to 1 (the share of subscribe messages the local stand-in fails), not "${value}"`);
  }
  return rate;
}
