import { checkText, currentChecker, useContentChecker, wordListChecker } from '../../../../cloudfunctions/_lib/content-check';

afterEach(() => useContentChecker(null));
const ctx = { openid: 'o-1', caller: { _id: 'u-1' } };

describe('checkText', () => {
  it('uses the labelled local word-list stand-in outside a cloud function', () => {
    expect(currentChecker().name).toBe('local-word-list-stand-in');
  });

  it('passes ordinary text and holds flagged text with the reason and author', async () => {
    expect((await checkText(ctx, { title: '帮忙买菜', content: '想请人帮忙买菜' })).held).toEqual([]);
    const { held } = await checkText(ctx, { title: '帮忙买菜', content: '有人在搞六合彩' });
    expect(held).toEqual([{ field: 'content', authorId: 'u-1', reason: '疑似违法犯罪内容', label: 20006, heldAt: expect.any(String) }]);
  });

  it('holds for review what the checker answers review, and skips empty fields', async () => {
    useContentChecker({ name: 'fake', check: async () => ({ suggest: 'review', label: 21000 }) });
    const { held } = await checkText(ctx, { note: '一段话', thanks: undefined, other: '' });
    expect(held.map((h) => [h.field, h.reason])).toEqual([['note', '疑似其他违规内容']]);
  });

  it('passes the openid, scene and text to the checker as msgSecCheck v2 takes them', async () => {
    const seen: unknown[] = [];
    useContentChecker({ name: 'spy', check: async (input) => (seen.push(input), { suggest: 'pass', label: 100 }) });
    await checkText(ctx, { content: '你好' }, 2);
    expect(seen).toEqual([{ openid: 'o-1', scene: 2, content: '你好' }]);
  });

  it('the stand-in word list flags its sample words', async () => {
    expect(await wordListChecker.check({ openid: 'o', scene: 3, content: '代开发票联系我' })).toEqual({ suggest: 'risky', label: 10001 });
  });
});
