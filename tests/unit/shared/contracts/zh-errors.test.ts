import { z } from 'zod';
import { wishesContract } from '../../../../shared/contracts/wishes';

describe('the Chinese error map of the contracts', () => {
  it('words a missing field in Chinese, never zod’s English Required', () => {
    const r = wishesContract.actions.submit.input.safeParse({});
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages.join(' ')).not.toMatch(/[A-Za-z]/);
    expect(messages).toContain('请填写');
  });
  it('asks for a choice where an enum is left empty', () => {
    const r = z.object({ kind: z.enum(['a', 'b']) }).safeParse({});
    expect(r.success ? null : r.error.issues[0]!.message).toBe('请选一项');
  });
  it('keeps a message a schema sets itself', () => {
    const r = wishesContract.actions.submit.input.safeParse({ title: '修', content: '院门坏了啊', category: 'health' });
    expect(r.success ? null : r.error.issues[0]!.message).toBe('至少 2 个字');
  });
  it('words numbers and wrong types in Chinese too', () => {
    expect(z.number().max(10).safeParse(11).error?.issues[0]?.message).toBe('不能大于 10');
    expect(z.string().safeParse(3).error?.issues[0]?.message).toBe('填写的格式不对');
  });
});
