import { expectReadable, turnOnLargeText } from './layout';
import { goto, phone, see, signInAs, startE2E, tapButton, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';

jest.setTimeout(180_000);

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

describe('小微权力 pages in large-text mode (Chromium, h5 build)', () => {
  it('shows the list, an item with its flowchart and cards, applying, and the matter on its flowchart without cut or overlapping text', async () => {
    const { page } = await phone(e);
    await signInAs(e, page, '张桂芳');
    await turnOnLargeText(e, page);
    await goto(e, page, ROUTES.powers.list.url());
    await see(page, '冯坊村小微权力清单');
    await expectReadable(page, 'power list');

    await goto(e, page, ROUTES.powers.item.url({ code: 'MS-01', villageId: 'v-fengfang' }));
    await see(page, '廉政风险警示提醒卡');
    await expectReadable(page, 'item detail');

    await goto(e, page, ROUTES.powers.apply.url({ code: 'ZM-01' }));
    await see(page, '提交申请');
    await expectReadable(page, 'apply');
    await tapButton(page, '提交申请');
    await page.waitForURL(/packages\/powers\/matter\/index\?id=/);
    await see(page, '正在办理');
    await expectReadable(page, 'matter detail (applicant)');

    await goto(e, page, ROUTES.powers.mine.url());
    await see(page, '我办的事');
    await expectReadable(page, 'my matters');
  });

  it('shows the cadre queue, the supervisor page and the county counts readably', async () => {
    const { page: cadre } = await phone(e);
    await signInAs(e, cadre, '陈建军');
    await turnOnLargeText(e, cadre);
    await goto(e, cadre, ROUTES.powers.queue.url());
    await see(cadre, '轮到我办的');
    await expectReadable(cadre, 'queue');

    const { page: sup } = await phone(e);
    await signInAs(e, sup, '杨淑珍');
    await turnOnLargeText(e, sup);
    await goto(e, sup, ROUTES.powers.supervise.url());
    await see(sup, '待答复');
    await expectReadable(sup, 'supervisor complaints');
    await sup.locator('text="三提醒谈话" >> visible=true').first().click();
    await see(sup, '记录一次提醒谈话');
    await expectReadable(sup, 'supervisor talks');

    const { page: county } = await phone(e);
    await signInAs(e, county, '吴敏');
    await turnOnLargeText(e, county);
    await goto(e, county, ROUTES.powers.talks.url());
    await see(county, '232');
    await expectReadable(county, 'county talk counts');
  });
});
