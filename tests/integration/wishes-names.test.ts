import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

type Item = { id: string; wisherName: string };

async function approved(title: string, extra: object = {}): Promise<string> {
  const wish = ok(await t.call('wishes', 'submit', { title, content: '下周要去县医院复查，想请人陪同。', category: 'health', requestId: `names-${title.length}-${Object.keys(extra).length}`, ...extra }, await t.login('resident')));
  ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, await t.login('village-cadre')));
  return wish.id;
}

describe('names on the wish wall', () => {
  it('shows the wisher as 张女士 to neighbours and in full to the village cadre and the wisher', async () => {
    const id = await approved('想请人陪同去复查');
    const find = async (persona: 'supervisor' | 'village-cadre' | 'resident') =>
      (ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, await t.login(persona))).items as Item[]).find((w) => w.id === id)!;
    expect((await find('supervisor')).wisherName).toBe('张女士');
    expect((await find('village-cadre')).wisherName).toBe('张桂芳');
    expect((await find('resident')).wisherName).toBe('张桂芳');
    expect(ok(await t.call('wishes', 'get', { wishId: id }, await t.login('supervisor'))).wisherName).toBe('张女士');
  });

  it('hides even the surname of a health wish posted as 不公开姓名', async () => {
    const id = await approved('想请人帮忙代买药品', { hideName: true });
    const items = ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, await t.login('supervisor'))).items as Item[];
    expect(items.find((w) => w.id === id)!.wisherName).toBe('不公开姓名');
    expect(items.map((w) => w.wisherName).filter((n) => /^[\u4e00-\u9fa5]{2,4}$/.test(n) && !/(女士|先生)$/.test(n))).toEqual([]);
  });
});
