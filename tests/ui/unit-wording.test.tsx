import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { render, screen } from '@testing-library/react';
import MyPoints from '../../miniprogram/src/packages/points/mine/index';
import { setSessionUser } from '../../miniprogram/src/client/session';
import { fakeGateway } from './support/gateway';
import { person } from './support/people';

const ROOT = join(__dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });

/** Where the one wording of 村 / 社区 lives (and says, in comments, what it never writes). */
const WORDING = ['shared/domain/labels-for-people.ts', 'miniprogram/src/client/labels.ts'];

describe('a community is never called 村里', () => {
  it('no page, hook or shared text writes 村里 / 村调解委员会 / 全村 / a bare 本村 itself: they go through unitWord / unitWordOf', () => {
    const found = [...files(join(ROOT, 'miniprogram/src')), ...files(join(ROOT, 'shared'))]
      .filter((f) => !WORDING.includes(relative(ROOT, f)))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ where: `${relative(ROOT, f)}:${i + 1}`, line })))
      .filter(({ line }) => /村里|村调解委员会|全村|本村(?!（社区）)/.test(line))
      .map(({ where }) => where);
    expect(found).toEqual([]);
  });

  it('tells a resident of a 社区 that 社区里 has not published points yet', async () => {
    const gateway = fakeGateway();
    gateway.install((action) => (action === 'mine' ? { householdId: 'h1', headName: '张桂芳', villageId: 'c-1', villageName: '城关社区', latest: null, trend: [], year: 2026, yearPoints: 0 } : null));
    setSessionUser(person({ residence: { unitId: 'c-1', unitName: '城关社区', unitKind: 'community', gridId: null, gridName: null, householdId: 'h1', householdConfirmed: true } }));
    render(<MyPoints />);
    expect(await screen.findByText('社区里还没有公示过积分')).toBeTruthy();
    setSessionUser(null);
  });
});
