import { FUNCTIONS } from '../../cloudfunctions/registry';
import { expectReadable, layoutProblems, settle, turnOnLargeText } from './layout';
import { goto, phone, see, signInAs, startE2E, tap, tapButton, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';

jest.setTimeout(180_000);

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

describe('large-text mode (大字模式) in Chromium on the h5 build', () => {
  it('runs the wish flow with taps and two short texts, every screen free of overlapping or cut text', async () => {
    const { page: resident } = await phone(e);
    await signInAs(e, resident, '张桂芳');
    await turnOnLargeText(e, resident);
    await expectReadable(resident, 'me');

    await goto(e, resident, ROUTES.home.url());
    await see(resident, '许个心愿');
    await expectReadable(resident, 'home');

    await tap(resident, '许个心愿');
    await see(resident, '选一个类别');
    await expectReadable(resident, 'submit form');
    await resident.locator('input >> visible=true').first().fill('想请人帮忙换个灯泡');
    await resident.locator('textarea >> visible=true').first().fill('厨房的灯泡坏了，个子矮够不着，想请人帮忙换一下。');
    await tap(resident, '生活小事');
    await expectReadable(resident, 'submit form, filled');
    await tapButton(resident, '提交心愿');
    await resident.waitForURL(/packages\/wish\/detail\/index\?id=/);
    const wishId = new URL(resident.url().replace('/#/', '/')).searchParams.get('id')!;
    await see(resident, '待审核');
    await expectReadable(resident, 'wish detail (wisher)');

    // The cadre reviews in large text too, with the confirmation dialog open.
    const { page: cadre } = await phone(e);
    await signInAs(e, cadre, '陈建军');
    await turnOnLargeText(e, cadre);
    // The notices ride on the wish until the dispatch timer writes them out (every minute; run by hand here).
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, cadre, ROUTES.inbox.url());
    await see(cadre, '新的微心愿待审核');
    await expectReadable(cadre, 'inbox (cadre)');
    await goto(e, cadre, ROUTES.wish.detail.url({ id: wishId }));
    await see(cadre, '审核通过');
    await expectReadable(cadre, 'wish detail (cadre)');
    await tapButton(cadre, '审核通过');
    await see(cadre, '确定通过');
    await expectReadable(cadre, 'approve dialog');
    await tapButton(cadre, '确定通过');
    await see(cadre, '待认领');

    await goto(e, resident, ROUTES.wishes.url());
    await see(resident, '想请人帮忙换个灯泡');
    await expectReadable(resident, 'wish wall');
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, resident, ROUTES.inbox.url());
    await see(resident, '您的心愿已通过审核');
    await expectReadable(resident, 'inbox (wisher)');
  });

  it('runs the booking flow with taps only, every screen free of overlapping or cut text', async () => {
    const { page } = await phone(e);
    await signInAs(e, page, '张桂芳');
    await turnOnLargeText(e, page);
    await goto(e, page, ROUTES.home.url());
    await tap(page, '警民之家');
    await see(page, '预约服务');
    await expectReadable(page, 'police home');
    await tap(page, '预约服务');
    await see(page, '办什么事');
    await expectReadable(page, 'slot picker: services');
    await tap(page, '身份证办理与换领');
    await see(page, '几点');
    await expectReadable(page, 'slot picker');
    await page.locator('[role="button"][aria-label*="还剩"] >> visible=true').first().click();
    await see(page, '确定预约');
    await expectReadable(page, 'booking dialog');
    await tapButton(page, '确定预约');
    await page.waitForURL(/packages\/police\/mine\/index/);
    await see(page, '改时间');
    await expectReadable(page, 'my bookings');
  });

  it('shows the privacy guide, the close-account dialog and the data export readably', async () => {
    const { page } = await phone(e);
    await signInAs(e, page, '张桂芳');
    await turnOnLargeText(e, page);
    await tapButton(page, '隐私保护指引');
    await see(page, '账号与居住信息');
    await expectReadable(page, 'privacy guide');
    // 注销账号 at the bottom of the guide: the card and its confirm dialog, left with 再想想.
    await tapButton(page, '注销账号');
    await see(page, '确认注销账号？');
    await expectReadable(page, 'close-account dialog');
    await tapButton(page, '再想想');
    await tapButton(page, '导出我的数据');
    await see(page, '我的数据');
    await expectReadable(page, 'my data');
  });

  it('has a layout check that does catch overlapping, cut, off-screen, cramped and low-contrast text and small tap targets', async () => {
    const { page } = await phone(e);
    await signInAs(e, page, '张桂芳');
    await settle(page);
    expect(await layoutProblems(page)).toEqual([]);
    await page.evaluate(() => {
      const root = Array.from(document.querySelectorAll('.qy-page')).find((el) => (el as HTMLElement).offsetParent !== null)!;
      root.insertAdjacentHTML(
        'afterbegin',
        '<div style="width:60px;overflow:hidden;white-space:nowrap;line-height:1.5">一段被框住剪掉的很长的文字</div>' +
          '<div style="position:relative;line-height:1.5"><span>底下的文字</span><span style="position:absolute;left:0;top:0">压在上面</span></div>' +
          '<div style="white-space:nowrap;line-height:1.5">一行太长的文字一直排到屏幕外面去了一行太长的文字一直排到屏幕外面去了</div>' +
          '<p style="line-height:1">挤在一起的行</p><button style="height:20px;line-height:1.5">小</button>' +
          '<p style="line-height:1.5;color:#aaa;background:#fff">浅灰色的字</p>',
      );
    });
    const kinds = (await layoutProblems(page)).map((p) => `${p.kind}:${p.text}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'cut:一段被框住剪掉的很长的文字',
        'overlap:底下的文字 ⟷ 压在上面',
        expect.stringMatching(/^off-screen:一行太长的文字/),
        'line-height:挤在一起的行',
        'tap-target:小',
        'contrast:浅灰色的字',
      ]),
    );
  });
});
