/**
 * A stand-in for the gateway in UI tests: `fetch` answers each call with `{ ok: true, data }` from
 * `answer(action, data)`, and `sent()` lists what the page sent, in order. Install it in `beforeEach`.
 */
export interface FakeGateway {
  fetchMock: jest.Mock;
  sent: () => { action: string; data: Record<string, unknown> }[];
  install: (answer: (action: string, data: Record<string, unknown>) => unknown) => void;
}

export function fakeGateway(): FakeGateway {
  const fetchMock = jest.fn();
  return {
    fetchMock,
    sent: () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> }),
    install(answer) {
      fetchMock.mockReset();
      fetchMock.mockImplementation((_url: string, init: RequestInit) => {
        const { action, data } = JSON.parse(init.body as string) as { action: string; data: Record<string, unknown> };
        return Promise.resolve({ status: 200, json: () => Promise.resolve({ ok: true, data: answer(action, data ?? {}) }) });
      });
      global.fetch = fetchMock as unknown as typeof fetch;
    },
  };
}
