import { FUNCTIONS } from '../../cloudfunctions/registry';
import { goto, phone, see, signInAs, startE2E, tap, tapButton, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';

jest.setTimeout(120_000);

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

describe('micro-wish end to end in Chromium on the h5 build', () => {
  it('lets a resident submit, a cadre approve, a party member claim and fulfil, the resident confirm — each told in their inbox', async () => {
    const resident = (await phone(e)).page;
    const cadre = (await phone(e)).page;
    const member = (await phone(e)).page;
    await signInAs(e, resident, '张桂芳');
    await signInAs(e, cadre, '陈建军');
    await signInAs(e, member, '赵志强');

    // The resident submits a wish with taps and two short texts.
    await tap(resident, '许个心愿');
    await resident.locator('input >> visible=true').first().fill('想请人帮忙修院门');
    await resident.locator('textarea >> visible=true').first().fill('院门的合页坏了，关不上，老伴腿脚不便。');
    await tap(resident, '生活小事');
    await tapButton(resident, '提交心愿');
    await resident.waitForURL(/packages\/wish\/detail\/index\?id=/);
    const wishId = new URL(resident.url().replace('/#/', '/')).searchParams.get('id')!;
    expect(wishId).toBeTruthy();
    await see(resident, '待审核');

    // The cadre sees it in the inbox and approves it.
    // The notices ride on the wish until the dispatch timer writes them out (every minute; run by hand here).
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, cadre, ROUTES.inbox.url());
    await see(cadre, '新的微心愿待审核');
    await goto(e, cadre, ROUTES.wish.detail.url({ id: wishId }));
    await tapButton(cadre, '审核通过');
    await tapButton(cadre, '确定通过');
    await see(cadre, '待认领');

    // The party member, alerted as a member of the grid party group, claims and fulfils it.
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, member, ROUTES.inbox.url());
    await see(member, '网格里有新的微心愿');
    await goto(e, member, ROUTES.wish.detail.url({ id: wishId }));
    await tapButton(member, '认领');
    await tapButton(member, '确定认领');
    await see(member, '已认领');
    await tapButton(member, '完成');
    await member.locator('textarea >> visible=true').last().fill('已经上门把院门的合页换好了');
    await tapButton(member, '提交完成情况');
    await see(member, '待确认');

    // The resident sees each step in the inbox and confirms.
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, resident, ROUTES.inbox.url());
    for (const title of ['您的心愿已通过审核', '您的心愿有人认领了', '心愿已完成，请您确认']) {
      await see(resident, title);
    }
    await goto(e, resident, ROUTES.wish.detail.url({ id: wishId }));
    await tapButton(resident, '确认完成');
    await tapButton(resident, '确定已完成');
    await see(resident, '已完成');
    await see(resident, '赵志强');

    // The party member is thanked in the inbox and the service record counts the wish.
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, member, ROUTES.inbox.url());
    await see(member, '心愿已确认完成');
    const stored = await e.t.call('wishes', 'get', { wishId }, await e.t.login('resident'));
    expect(stored.body).toMatchObject({ ok: true, data: { status: 'completed', claimantName: '赵志强' } });
  });
});
