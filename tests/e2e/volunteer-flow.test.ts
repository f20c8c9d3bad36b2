import type { Page } from 'playwright-core';
import { clock } from '../../cloudfunctions/_lib/clock';

const MINUTE_MS = 60_000;
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { chinaClock, chinaDate } from '../../shared/domain/china-time';
import type { Persona } from '../../shared/contracts/common';
import { ROUTES } from '../../miniprogram/src/routes';
import { expectReadable, textProblems, turnOnLargeText } from './layout';
import { goto, phone, see as seeText, signInAs, startE2E, tapButton, type E2E } from './support';
import { SqlCounts, j } from '../support/county-checks';
import { ok } from '../support/runtime';

/**
 * 党建+志愿者 end to end on the h5 build (issue 16): a resident joins and is confirmed, signs up for an
 * activity, checks in and out with the six digits on the organiser's phone, the organiser confirms the
 * hours once the activity is over, and the certificate page verifies the record by its code. The
 * server's clock is moved on with `clock.advance`; the organiser's page is given the same time.
 */
jest.setTimeout(300_000);

const NAMES: Record<string, string> = {};
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  for (const c of ok(await e.t.call('auth', 'personas', {})).items as { persona: Persona; name: string }[]) NAMES[c.persona] = c.name;
});
afterAll(async () => {
  await e?.close();
  clock.reset();
});

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

/** The six digits the organiser's check-in page shows now. */
async function shortCode(page: Page): Promise<string> {
  const code = page.locator('.vol__code >> visible=true').first();
  await code.waitFor();
  return (await code.textContent())!.trim();
}

describe('a volunteer activity from sign-up to certificate on the h5 build', () => {
  it('signs up, checks in and out by the code, confirms the hours and verifies the certificate', async () => {
    const sql = new SqlCounts(e.t.runtime.engine);
    const resident = await as('resident');
    await turnOnLargeText(e, resident);

    // She joins the village's volunteers; the village cadre confirms her on the page.
    await goto(e, resident, ROUTES.volunteers.home.url());
    await see(resident, '有空的时间');
    // 周末 is chosen already (the page's default); she adds 工作日白天.
    await resident.locator('.qy-chip >> visible=true', { hasText: '工作日白天' }).first().click();
    await tapButton(resident, '加入志愿者');
    await see(resident, '待社区确认');

    const cadre = await as('village-cadre');
    await goto(e, cadre, ROUTES.volunteers.manage.url({ unitId: 'v-fengfang' }));
    const card = cadre.locator('.qy-card >> visible=true', { hasText: NAMES.resident! });
    await card.first().waitFor();
    await card.first().locator('taro-button-core', { hasText: '确认' }).first().click();
    await card.first().waitFor({ state: 'detached' }).catch(() => undefined);
    await goto(e, resident, ROUTES.volunteers.home.url());
    await see(resident, '已确认');

    // The cadre puts on an activity an hour from now; she signs up on its page.
    const startAt = new Date(Math.ceil((clock.now().getTime() + 60 * MINUTE_MS) / (5 * MINUTE_MS)) * 5 * MINUTE_MS);
    const token = await e.t.login('village-cadre');
    const activity = ok(await e.t.call<{ id: string }>('volunteers', 'createActivity', {
      unitId: 'v-fengfang', title: '打扫村文化广场', place: '文化广场', date: chinaDate(startAt), start: chinaClock(startAt), durationMinutes: 60, capacity: 5, skills: [],
    }, token));
    await goto(e, resident, ROUTES.volunteers.activities.url());
    await see(resident, '打扫村文化广场');
    await goto(e, resident, ROUTES.volunteers.activity.url({ id: activity.id }));
    await tapButton(resident, '我要报名');
    await see(resident, '已报名');
    await expectReadable(resident, 'activity signed up');

    // The activity starts: the organiser opens the check-in code, she types its six digits.
    clock.advance(startAt.getTime() - clock.now().getTime() + 2 * MINUTE_MS);
    await cadre.clock.setFixedTime(clock.now());
    await goto(e, cadre, ROUTES.volunteers.checkin.url({ id: activity.id }));
    await see(cadre, '请扫码签到');
    await resident.reload();
    await see(resident, '输入组织者屏幕上的六位数字');
    await resident.locator('input >> visible=true').last().fill(await shortCode(cadre));
    await tapButton(resident, '签到 / 签退');
    await see(resident, '签到成功');
    await see(cadre, '已签到 1 / 1 人');

    // Fifty minutes on the organiser switches to 签退 and she types the new digits.
    clock.advance(50 * MINUTE_MS);
    await cadre.clock.setFixedTime(clock.now());
    await tapButton(cadre, '切换到签退');
    await see(cadre, '请扫码签退');
    await see(cadre, '已签退 0 人');
    await resident.locator('input >> visible=true').last().fill(await shortCode(cadre));
    await tapButton(resident, '签到 / 签退');
    await see(resident, '签退成功');

    // Past its end the organiser confirms the hours on the activity page.
    clock.advance(15 * MINUTE_MS);
    await cadre.clock.setFixedTime(clock.now());
    await goto(e, cadre, ROUTES.volunteers.activity.url({ id: activity.id }));
    await tapButton(cadre, '确认服务时长');
    await see(cadre, '已确认 1 人');
    const minutes = sql.one(COLLECTIONS.volunteerHours.name, `sum(${j('minutes')})`, `WHERE ${j('activityId')} = ? AND ${j('userId')} = 'resident'`, activity.id);
    expect(minutes).toBeGreaterThanOrEqual(48);
    expect(minutes).toBeLessThanOrEqual(52);

    // Her record shows the certificate code; the certificate page verifies it, typed in.
    await goto(e, resident, ROUTES.volunteers.record.url());
    const cert = (await resident.locator('.vol__code >> visible=true').first().textContent())!.trim();
    expect(cert).toBe(sql.all<{ c: string }>(COLLECTIONS.volunteers.name, `${j('certCode')} AS c`, `WHERE ${j('userId')} = 'resident'`)[0]!.c);
    await goto(e, resident, ROUTES.volunteers.certificate.url());
    await resident.locator('input >> visible=true').last().fill(cert);
    await tapButton(resident, '核验');
    await see(resident, '参加志愿活动 1 次，累计服务');
    await see(resident, '打扫村文化广场');
    await expectReadable(resident, 'certificate');
    expect(await textProblems(resident)).toEqual([]);
  });
});
