import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('wishes.contact', () => {
  it('gives the claimant the wisher’s number after the claim only, and audits who saw it', async () => {
    const resident = await t.login('resident');
    const cadre = await t.login('village-cadre');
    const member = await t.login('party-member');
    const wish = ok(await t.call('wishes', 'submit', { title: '想请人帮忙搬煤', content: '一吨蜂窝煤在门口，想请人帮忙搬进院子。', category: 'elder-care', requestId: 'contact-test-1' }, resident));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, cadre));

    const before = await t.call('wishes', 'contact', { wishId: wish.id }, member);
    expect(before.status).toBe(403);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, member)).canContact).toBe(false);

    ok(await t.call('wishes', 'claim', { wishId: wish.id }, member));
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, member)).canContact).toBe(true);
    await dispatchNow();
    const audits = await t.count('auditLog', { action: 'wishes.contact' });
    const contact = ok(await t.call('wishes', 'contact', { wishId: wish.id }, member));
    expect(contact).toEqual({ name: '张桂芳', phone: '13800002461', via: 'wisher' });
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'wishes.contact', actorId: 'party-member', 'target.id': wish.id })).toBe(1);
    expect(await t.count('auditLog', { action: 'wishes.contact' })).toBe(audits + 1);

    // The village cadre may call too; a neighbour may not.
    expect(ok(await t.call('wishes', 'contact', { wishId: wish.id }, cadre)).via).toBe('wisher');
    expect((await t.call('wishes', 'contact', { wishId: wish.id }, await t.login('supervisor'))).status).toBe(403);
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, resident)).canContact).toBe(false);
  });
});
