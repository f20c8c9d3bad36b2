import type { Persona } from '../../shared/contracts/common';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'village-cadre', 'grid-leader', 'supervisor'] as Persona[]) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

const PHONE = '13700001111';
const ID_NUMBER = '61032819550101123X';

describe('numbers typed into a wish', () => {
  it('are masked to a party member and a cadre, in the wish, the wall and the messages, and shown as written to its author', async () => {
    const content = `家里水管坏了，请联系我${PHONE}，身份证${ID_NUMBER}，白天都在家。`;
    const wish = ok(await t.call('wishes', 'submit', { title: `修水管 ${PHONE}`, content, category: 'daily-life' }, tokens.resident));
    expect(wish.content).toBe(content);
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));

    const own = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident));
    expect(own.content).toBe(content);
    expect(own.title).toBe(`修水管 ${PHONE}`);

    for (const who of ['party-member', 'village-cadre', 'grid-leader'] as const) {
      const seen = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens[who]));
      expect(seen.content).toBe('家里水管坏了，请联系我137****1111，身份证6****************X，白天都在家。');
      expect(seen.title).toBe('修水管 137****1111');
      const everything = JSON.stringify([
        seen,
        ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, tokens[who])),
        ok(await t.call('notifications', 'list', { limit: 50 }, tokens[who])),
      ]);
      expect(everything).not.toContain(PHONE);
      expect(everything).not.toContain(ID_NUMBER);
    }
  });

  it('in a fulfilment note are shown to the claimant who wrote it and masked to the wisher', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '帮忙买药', content: '腿脚不便，想请人帮忙买降压药。', category: 'daily-life' }, tokens.resident));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, tokens['party-member']));
    const note = `药已送到，以后需要打我电话0917-4211234`;
    expect(ok(await t.call('wishes', 'fulfil', { wishId: wish.id, note }, tokens['party-member'])).fulfilNote).toBe(note);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident)).fulfilNote).toBe('药已送到，以后需要打我电话0917-*****34');
    expect(JSON.stringify(await exportOf(t, tokens.resident))).not.toContain('4211234');
  });
});
