import type { BrowserContext, Page } from 'playwright-core';
import { layoutProblems, settle, textProblems, turnOnLargeText, type LayoutProblem, type TextProblem } from './layout';
import { PAGE_VISITS, unvisitedRoutes, type SeedIds } from './pages';
import { goto, phone, see, signInAs, startE2E, type E2E } from './support';
import { PERSONAS, type Persona } from '../../shared/contracts/common';
import { ok } from '../support/runtime';

jest.setTimeout(600_000);

const NAMES: Record<Persona, string> = {} as Record<Persona, string>;
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  for (const c of ok(await e.t.call('auth', 'personas', {})).items as { persona: Persona; name: string }[]) NAMES[c.persona] = c.name;
});
afterAll(() => e?.close());

async function seedIds(): Promise<SeedIds> {
  const cadre = await e.t.login('village-cadre');
  const cases = ok(await e.t.call('cases', 'list', { scope: 'handling', limit: 1 }, cadre)).items as { id: string }[];
  const mine = ok(await e.t.call('points', 'mine', {}, await e.t.login('resident')));
  const month: string = mine.latest?.month ?? mine.trend[0].month;
  // The demo has no unit party organisation yet: the county registers one, as it would.
  const admin = await e.t.login('county-admin');
  const partyMember = ok(await e.t.call('auth', 'me', {}, await e.t.login('party-member'))).user as { id: string };
  const org = ok(await e.t.call('admin', 'registerPartyOrg', { name: '县供电分公司党支部', secretaryId: partyMember.id }, admin)).partyOrg as { id: string };
  return { caseId: cases[0]!.id, pointsMonth: month, lastYear: Number(month.slice(0, 4)), partyOrgId: org.id };
}

describe('every page, in large text at 360 px (Chromium, h5 build)', () => {
  it('has no cut, overlapping, low-contrast or small text, and no codes, ISO dates or doubled words', async () => {
    expect(unvisitedRoutes()).toEqual([]);
    expect(PERSONAS.length).toBeGreaterThan(0);
    const ids = await seedIds();
    const phones = new Map<Persona, { context: BrowserContext; page: Page }>();
    const problems: { page: string; persona: Persona; layout: LayoutProblem[]; text: TextProblem[] }[] = [];
    for (const [path, visit] of Object.entries(PAGE_VISITS)) {
      let p = visit.signedOut ? undefined : phones.get(visit.persona);
      if (visit.signedOut) {
        p = await phone(e);
        // Nobody to open 我的 for: 大字模式 is set as the switch would set it (Taro's h5 storage).
        await goto(e, p.page, visit.url(ids));
        await p.page.evaluate(() => localStorage.setItem('qy.largeText', JSON.stringify({ data: '1' })));
        await p.page.setViewportSize({ width: 360, height: 640 });
        await p.page.reload();
      } else if (!p) {
        p = await phone(e);
        await signInAs(e, p.page, NAMES[visit.persona]);
        await turnOnLargeText(e, p.page);
        await p.page.setViewportSize({ width: 360, height: 640 });
        phones.set(visit.persona, p);
      }
      if (!visit.signedOut) await goto(e, p.page, visit.url(ids));
      if (visit.see) await see(p.page, visit.see);
      await settle(p.page);
      const layout = await layoutProblems(p.page);
      const text = await textProblems(p.page);
      if (layout.length || text.length) problems.push({ page: path, persona: visit.persona, layout, text });
      if (visit.signedOut) await p.context.close();
    }
    for (const p of phones.values()) await p.context.close();
    expect(problems).toEqual([]);
  });
});
