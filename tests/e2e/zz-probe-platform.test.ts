import { goto, phone, signInAs, startE2E, type E2E } from './support';
import { layoutProblems } from './layout';
jest.setTimeout(120_000);
let e: E2E;
beforeAll(async () => { e = await startE2E(); });
afterAll(() => e?.close());
it('probe', async () => {
  const { page } = await phone(e);
  await signInAs(e, page, '张桂芳');
  await goto(e, page, '/pages/me/index');
  await page.locator('taro-switch-core').first().click();
  await page.waitForTimeout(500);
  console.log('storage', await page.evaluate(() => JSON.stringify(localStorage)));
  for (const p of ['/pages/home/index', '/pages/wishes/index', '/packages/wish/submit/index', '/pages/me/index', '/pages/inbox/index']) {
    await goto(e, page, p);
    await page.waitForTimeout(1500);
    const large = await page.evaluate(() => document.querySelectorAll('.qy-large').length);
    const probs = await layoutProblems(page);
    console.log(p, 'large=', large, probs.length, JSON.stringify(probs.slice(0, 15), null, 0));
  }
});
