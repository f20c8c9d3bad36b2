import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { FUNCTION_TIMEOUT_SECONDS } from '../../../cloudfunctions/_lib/transaction';

const ROOT = path.resolve(__dirname, '../../..');
const rc = JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
  envId: string;
  functions: { name: string; runtime: string; timeout: number; triggers?: { name: string; type: string; config: string }[] }[];
};

describe('cloudbaserc.json', () => {
  it('takes the environment id from the environment, never from the repository', () => {
    expect(rc.envId).toBe('{{env.ENV_ID}}');
  });

  it('deploys exactly the functions the gateway serves, on a supported Node runtime', () => {
    expect(rc.functions.map((f) => f.name).sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const f of rc.functions) expect(['Nodejs18.15', 'Nodejs20.19']).toContain(f.runtime);
  });

  it('declares a timer trigger with the same 7-field cron for every timer in the code', () => {
    for (const fn of Object.values(FUNCTIONS)) {
      const declared = rc.functions.find((f) => f.name === fn.name)?.triggers ?? [];
      const expected = Object.entries(fn.timers).map(([name, t]) => ({ name, type: 'timer', config: t.cron }));
      expect(declared).toEqual(expected);
      for (const t of declared) expect(t.config.trim().split(/\s+/)).toHaveLength(7);
    }
  });

  it('deploys each function with the time budget its transactions retry within', () => {
    expect(Object.fromEntries(rc.functions.map((f) => [f.name, f.timeout]))).toEqual(FUNCTION_TIMEOUT_SECONDS);
  });
});
