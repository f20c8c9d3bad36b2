import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import { ok, startTestRuntime, type TestRuntime } from './runtime';

export const NOW = '2026-11-10T02:00:00.000Z';
export const MONTH = '2026-11';
export const V = 'v-fengfang';
export const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];

export interface EvaluationGroup {
  t: TestRuntime;
  /** Tokens: 冯坊村's village cadre, then nine more members of its evaluation group. */
  cadres: string[];
  /** The households on November's rating sheet. */
  households: string[];
  close(): Promise<void>;
}

/** A seeded runtime with the clock at NOW and 冯坊村's ten-person evaluation group signed in. */
export async function startEvaluationGroup(): Promise<EvaluationGroup> {
  clock.freeze(NOW);
  const t = await startTestRuntime();
  const cadres = [await t.login('village-cadre')];
  for (let i = 1; i <= 9; i++) {
    const user: UserRecord = {
      _id: `eval-${i}`,
      openid: `demo-eval-${i}`,
      name: `评议员${i}`,
      persona: 'village-cadre',
      roles: [{ role: 'village-cadre', unitId: V }],
      roleKeys: [`village-cadre@${V}`],
      residence: null,
      resettled: false,
      birthYear: 1975,
      phoneMasked: null,
      createdAt: NOW,
    };
    await t.runtime.db.collection('users').add(user);
    cadres.push(await t.loginOpenid(user.openid));
  }
  const sheet = ok(await t.call('points', 'sheet', { villageId: V, month: MONTH }, cadres[0]));
  const households = sheet.rows.map((r: { householdId: string }) => r.householdId);
  return {
    t,
    cadres,
    households,
    close: async () => {
      await t.close();
      clock.reset();
    },
  };
}
