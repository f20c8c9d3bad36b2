import { z } from 'zod';
import { defineContract } from '../../../../shared/contracts/envelope';
import { defineFunction } from '../../../../cloudfunctions/_lib/handler';
import { AppError } from '../../../../cloudfunctions/_lib/errors';

const contract = defineContract('demo', {
  echo: { input: z.object({ text: z.string().min(1) }).strict(), output: z.object({ text: z.string() }) },
  leak: { input: z.object({}).strict(), output: z.object({ name: z.string() }) },
  boom: { input: z.object({}).strict(), output: z.object({}) },
  refuse: { input: z.object({}).strict(), output: z.object({}) },
});

const fn = defineFunction(contract, {
  echo: { access: 'public', run: async (input) => ({ text: input.text }) },
  // Returns a field the contract does not declare: it must not reach the client.
  leak: { access: 'public', run: async () => ({ name: '张三', phone: '13812345678' }) as { name: string } },
  boom: { access: 'public', run: async () => { throw new Error('database exploded'); } },
  refuse: { access: 'public', run: async () => { throw new AppError('CONFLICT', '已被认领'); } },
});

describe('handler factory', () => {
  it('answers INVALID_INPUT with field issues before running the service', async () => {
    const res = await fn.invoke({ action: 'echo', data: { text: '' } }, { openid: null });
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String), issues: [{ path: 'text', message: expect.any(String) }] } });
  });

  it('answers INVALID_INPUT for an unknown action', async () => {
    const res = await fn.invoke({ action: 'nope' }, { openid: null });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'action' }] } });
  });

  it('strips fields the output contract does not declare', async () => {
    const res = await fn.invoke({ action: 'leak', data: {} }, { openid: null });
    expect(res).toEqual({ ok: true, data: { name: '张三' } });
  });

  it('turns an unexpected error into INTERNAL, logged once as JSON with the request id', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await fn.invoke({ action: 'boom', data: {} }, { openid: null, requestId: 'req-12345678' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(spy).toHaveBeenCalledTimes(1);
    const logged = JSON.parse(String(spy.mock.calls[0]![0]));
    expect(logged).toMatchObject({ level: 'error', fn: 'demo', action: 'boom', requestId: 'req-12345678', message: 'database exploded' });
    spy.mockRestore();
  });

  it('passes an AppError through as its own code', async () => {
    expect(await fn.invoke({ action: 'refuse', data: {} }, { openid: null })).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已被认领' } });
  });

  it('answers UNAUTHENTICATED for a member action without identity', async () => {
    const member = defineFunction(contract, {
      echo: { run: async (i) => ({ text: i.text }) },
      leak: { run: async () => ({ name: 'x' }) },
      boom: { run: async () => ({}) },
      refuse: { run: async () => ({}) },
    });
    expect(await member.invoke({ action: 'echo', data: { text: 'a' } }, { openid: null })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
