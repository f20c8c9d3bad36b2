import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { localTarget } from '../../scripts/provision/local-target';
import { provisionFile } from '../../scripts/provision/provision';
import { ROUTES } from '../../miniprogram/src/routes';
import { goto, phone, see, startE2E, tap, tapButton, type E2E } from './support';

jest.setTimeout(240_000);

const CODE = 'QY-FRESH-COUNTY-2026';
let e: E2E;
beforeAll(async () => {
  process.env.BOOTSTRAP_CODE = CODE;
  delete process.env.BOOTSTRAP_COUNTY;
  // The runtime as a new CloudBase environment: collections and indexes, no county, nobody.
  e = await startE2E({ seed: false });
});
afterAll(async () => {
  delete process.env.BOOTSTRAP_CODE;
  await e?.close();
});

/** The local stand-in for a WeChat user opening the mini-program for the first time. */
async function newWechatUser(page: Page): Promise<void> {
  await page.goto(`${e.t.url}/#${ROUTES.login.url()}`);
  await tap(page, '新的微信用户');
  await see(page, '第一次使用，请告诉我们您的姓名和住址。');
}

async function fill(page: Page, placeholder: string, text: string): Promise<void> {
  await page.locator(`input[placeholder="${placeholder}"] >> visible=true`).first().fill(text);
}

async function register(page: Page, name: string, invitation?: string): Promise<void> {
  await fill(page, '请输入姓名', name);
  await tap(page, '城关镇');
  await tap(page, '冯坊村');
  if (invitation) await fill(page, '没有可不填', invitation);
  await tapButton(page, '完成登记');
  await page.waitForURL(new RegExp(ROUTES.home.path));
}

describe('a county stood up from an empty environment, in Chromium on the h5 build', () => {
  it('provisions Qianyang, makes the first county admin from the bootstrap code, appoints a village cadre by invitation, and a new resident is confirmed and posts a wish the cadre approves', async () => {
    expect(await e.t.count('orgUnits')).toBe(0);
    expect(await e.t.count('users')).toBe(0);
    const file = readFileSync(path.resolve(__dirname, '../../counties/qianyang.json'), 'utf8');
    const provisioned = await provisionFile(localTarget(e.t.runtime.engine, e.t.runtime.db), file);
    expect(provisioned.ok).toBe(true);
    expect(await e.t.count('orgUnits', { kind: 'town' })).toBe(7);

    // The first county admin: a new WeChat user enters the deploy-time code.
    const admin = (await phone(e)).page;
    await newWechatUser(admin);
    await tapButton(admin, '县管理员初始化');
    await fill(admin, '请输入初始化口令', CODE);
    await fill(admin, '请输入姓名', '吴敏');
    await tapButton(admin, '确定');
    await see(admin, '您已成为千阳县管理员');

    // The admin walks the org tree to 冯坊村 and invites its village cadre.
    await tapButton(admin, '进入管理');
    await tap(admin, '千阳县');
    await admin.locator('.unit__name >> visible=true', { hasText: '城关镇' }).first().click();
    await admin.locator('.qy-card >> visible=true', { hasText: '冯坊村' }).first().locator('taro-button-core', { hasText: '人员' }).click();
    await see(admin, '冯坊村人员任命');
    await tap(admin, '村（社区）干部');
    await fill(admin, '被邀请人的姓名（可不填）', '陈建军');
    await tapButton(admin, '生成邀请码');
    const label = await admin.locator('.appoint__code >> visible=true').first().getAttribute('aria-label');
    const invitation = label!.replace('邀请码 ', '');
    expect(invitation).toMatch(/^[A-Z0-9]{8}$/);

    // The cadre registers with the invitation and holds the role at once.
    const cadre = (await phone(e)).page;
    await newWechatUser(cadre);
    await register(cadre, '陈建军', invitation);
    await see(cadre, '居民确认');

    // A resident registers; the cadre opens the resident's household and confirms.
    const resident = (await phone(e)).page;
    await newWechatUser(resident);
    await register(resident, '张桂芳');
    await goto(e, cadre, ROUTES.admin.residents.url());
    await see(cadre, '张桂芳');
    // The cadre, registered at the village too, is listed as well: confirm the resident's card.
    const card = cadre.locator('.qy-card >> visible=true', { hasText: '张桂芳' }).first();
    await card.locator('taro-button-core', { hasText: '选户确认' }).click();
    await see(cadre, '没有找到这样的户。可以在下面为他新建一户。');
    await tap(cadre, '第一网格');
    await fill(cadre, '例如：三组 8 号', '一组 12 号');
    await tapButton(cadre, '新建一户并确认');
    await tapButton(cadre, '确定属实');
    await cadre.locator('.qy-card >> visible=true', { hasText: '张桂芳' }).first().waitFor({ state: 'detached' });

    // The resident posts a wish; the cadre approves it.
    await resident.reload();
    await tap(resident, '许个心愿');
    await resident.locator('input >> visible=true').first().fill('想请人帮忙修院门');
    await resident.locator('textarea >> visible=true').first().fill('院门的合页坏了，关不上。');
    await tap(resident, '生活小事');
    await tapButton(resident, '提交心愿');
    await resident.waitForURL(/packages\/wish\/detail\/index\?id=/);
    const wishId = new URL(resident.url().replace('/#/', '/')).searchParams.get('id')!;
    await see(resident, '待审核');
    await goto(e, cadre, ROUTES.wish.detail.url({ id: wishId }));
    await tapButton(cadre, '审核通过');
    await tapButton(cadre, '确定通过');
    await see(cadre, '待认领');

    // What the database holds, counted on its own: one admin, one cadre by invitation, one household.
    expect(await e.t.count('users', { roleKeys: 'county-admin@qianyang' })).toBe(1);
    expect(await e.t.count('users', { roleKeys: 'village-cadre@v-fengfang' })).toBe(1);
    expect(await e.t.count('households', { headName: '张桂芳', unitId: 'v-fengfang' })).toBe(1);
    expect(await e.t.count('wishes', { _id: wishId, status: 'open' })).toBe(1);
  });
});
