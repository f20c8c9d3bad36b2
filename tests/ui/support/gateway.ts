/**
 * A stand-in for the gateway in UI tests: `fetch` answers each call with `{ ok: true, data }` from
 * `answer(action, data)` — or `{ ok: false, error }` when the answer is `refuse(...)` — and `sent()`
 * lists what the page sent, in order. Install it in `beforeEach`.
 */
export interface FakeGateway {
  fetchMock: jest.Mock;
  sent: () => { action: string; data: Record<string, unknown> }[];
  install: (answer: (action: string, data: Record<string, unknown>) => unknown) => void;
}

const REFUSAL = Symbol('refusal');
type Refusal = { [REFUSAL]: { code: string; message: string; issues?: { path: string; message: string }[] } };

/** An error envelope for `install`'s answer: `refuse('CONFLICT', '这个月已公示')`. */
export function refuse(code: string, message: string, issues?: { path: string; message: string }[]): Refusal {
  return { [REFUSAL]: { code, message, ...(issues ? { issues } : {}) } };
}

const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && REFUSAL in x;

export function fakeGateway(): FakeGateway {
  const fetchMock = jest.fn();
  return {
    fetchMock,
    sent: () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> }),
    install(answer) {
      fetchMock.mockReset();
      fetchMock.mockImplementation((_url: string, init: RequestInit) => {
        const { action, data } = JSON.parse(init.body as string) as { action: string; data: Record<string, unknown> };
        const out = answer(action, data ?? {});
        const body = isRefusal(out) ? { ok: false, error: out[REFUSAL] } : { ok: true, data: out };
        return Promise.resolve({ status: 200, json: () => Promise.resolve(body) });
      });
      global.fetch = fetchMock as unknown as typeof fetch;
    },
  };
}
