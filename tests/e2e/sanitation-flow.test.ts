import path from 'node:path';
import type { Page } from 'playwright-core';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { sanitation } from '../../cloudfunctions/sanitation';
import type { Persona } from '../../shared/contracts/common';
import { ROUTES } from '../../miniprogram/src/routes';
import { expectReadable, textProblems, turnOnLargeText } from './layout';
import { goto, phone, see as seeText, signInAs, startE2E, tapButton, type E2E } from './support';
import { SqlCounts, j } from '../support/county-checks';
import { ok } from '../support/runtime';

/**
 * 随手拍 end to end on the h5 build (issue 14): a resident reports overflowing bins with a photo file
 * (chosen through the page's file picker, as a phone's album) and reads the receipt (受理), the dispatch
 * timer makes the order (派单), it goes to its handler, who
 * accepts it and reports it fixed with an after photo, and the reporter confirms the fix: the order is
 * closed. Every step is checked against the stored order (plain SQL on the SQLite file).
 */
jest.setTimeout(300_000);

const PHOTO = path.resolve(__dirname, '../fixtures/photos/bin-with-gps.jpg');
const NAMES: Record<string, string> = {};
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  for (const c of ok(await e.t.call('auth', 'personas', {})).items as { persona: Persona; name: string }[]) NAMES[c.persona] = c.name;
});
afterAll(() => e?.close());

/** Waits for the text; when it never shows, fails with what the page does show. */
async function see(page: Page, text: string): Promise<void> {
  await seeText(page, text).catch(async (err) => {
    throw new Error(`${String(err)}\npage shows: ${(await page.locator('.qy-page >> visible=true, body').last().innerText()).slice(0, 600)}`);
  });
}

async function as(persona: Persona): Promise<Page> {
  const p = await phone(e);
  await signInAs(e, p.page, NAMES[persona]!);
  return p.page;
}

/** Taps the page's photo button and answers the file picker it opens with the test photo. */
async function choosePhoto(page: Page, button: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await tapButton(page, button);
  await (await chooser).setFiles(PHOTO);
}

describe('a 随手拍 from report to confirmation on the h5 build', () => {
  it('reports with a photo, the handler accepts and fixes it, the reporter confirms', async () => {
    const sql = new SqlCounts(e.t.runtime.engine);
    const order = (id: string) => sql.all<{ status: string; handler: string | null; photos: number }>(COLLECTIONS.sanitationOrders.name, `${j('status')} AS status, ${j('handlerId')} AS handler, json_array_length(${j('photos')}) AS photos`, 'WHERE _id = ?', id)[0]!;

    const resident = await as('resident');
    await turnOnLargeText(e, resident);
    await goto(e, resident, ROUTES.sanitation.report.url());
    await see(resident, '第一步：拍照（最多');
    await choosePhoto(resident, '拍照');
    await see(resident, '再拍一张');
    await tapButton(resident, '垃圾满溢');
    await resident.locator('input >> visible=true').last().fill('三组路口小卖部旁');
    await resident.locator('textarea >> visible=true').last().fill('垃圾桶满了两天了，没人来拉');
    await tapButton(resident, '第三步：发送');
    // 受理: the receipt says who handles it and within how many hours; the order follows with 派单.
    await see(resident, '已收到您的随手拍');
    await see(resident, '将交给村（社区）处理');
    await see(resident, '24 小时内处理');
    await expectReadable(resident, 'receipt after the report');

    const reportOf = () =>
      sql.all<{ orderId: string | null; photos: number }>(COLLECTIONS.sanitationReports.name, `${j('orderId')} AS orderId, json_array_length(${j('photoIds')}) AS photos`, `WHERE ${j('reporterId')} = 'resident' AND ${j('note')} = '垃圾桶满了两天了，没人来拉'`);
    expect(reportOf()).toEqual([{ orderId: null, photos: 1 }]);
    // 我的随手拍 shows it received, being dispatched.
    await tapButton(resident, '看我的随手拍');
    await see(resident, '已受理，正在派单');

    // 派单: the sanitation timer (the test runtime runs timers by hand; `npm start` every 5 s).
    await sanitation.runTimer('dispatch');
    const reports = reportOf();
    expect(reports).toHaveLength(1);
    const orderId = reports[0]!.orderId!;
    expect(order(orderId)).toMatchObject({ status: 'open', handler: null, photos: 1 });
    // Dispatched: the reporter reads the order.
    await goto(e, resident, ROUTES.sanitation.order.url({ id: orderId }));
    await see(resident, '垃圾满溢：三组路口小卖部旁');
    await expectReadable(resident, 'order after dispatch');

    // The handler of the order's level (the rules route it) accepts it and reports it fixed with a photo.
    const level = sql.all<{ level: string }>(COLLECTIONS.sanitationOrders.name, `${j('level')} AS level`, 'WHERE _id = ?', orderId)[0]!.level;
    const handlerPersona: Persona = level === 'village' ? 'village-cadre' : 'town-cadre';
    const handler = await as(handlerPersona);
    await goto(e, handler, ROUTES.sanitation.orders.url({ scope: 'handling' }));
    await see(handler, '三组路口小卖部旁');
    await goto(e, handler, ROUTES.sanitation.order.url({ id: orderId }));
    await tapButton(handler, '接单');
    await handler.locator('taro-button-core >> visible=true', { hasText: '接单' }).last().click();
    await see(handler, '已经修好');
    expect(order(orderId)).toMatchObject({ status: 'accepted', handler: handlerPersona });
    await choosePhoto(handler, '拍照');
    await tapButton(handler, '已经修好');
    await handler.locator('textarea >> visible=true').last().fill('已清运，桶也冲洗了');
    await tapButton(handler, '提交');
    await see(handler, '处理情况：已清运，桶也冲洗了');
    expect(order(orderId)).toMatchObject({ status: 'fixed', photos: 2 });

    // The reporter opens her report from 我的随手拍 and confirms the fix.
    await goto(e, resident, ROUTES.sanitation.mine.url());
    await see(resident, '三组路口小卖部旁');
    await tapButton(resident, '垃圾满溢：三组路口小卖部旁');
    await see(resident, '处理情况：已清运，桶也冲洗了');
    await tapButton(resident, '确认修好了');
    await resident.locator('taro-button-core >> visible=true', { hasText: '确认修好了' }).last().click();
    await see(resident, '确认修好 · ');
    expect(order(orderId)).toMatchObject({ status: 'closed' });
    await expectReadable(resident, 'order closed');
    expect(await textProblems(resident)).toEqual([]);
  });
});
