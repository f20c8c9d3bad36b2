import { authContract } from '../../shared/contracts/auth';
import { defineFunction } from '../_lib/handler';
import { confirmResident, devLogin, me, orgUnits, pendingResidents, personas, register, villageHouseholds } from './registration';
import { exportMyData } from './export';
import { closeAccount } from './close';
import { eraseClosedAccounts } from './timers';
import { todo } from './todo';

export const auth = defineFunction(
  authContract,
  {
    devLogin: { access: 'public', run: devLogin },
    personas: { access: 'public', run: personas },
    me: { access: 'identified', run: me },
    todo: { run: todo },
    register: { access: 'identified', run: register },
    orgUnits: { access: 'identified', run: orgUnits },
    pendingResidents: { run: pendingResidents },
    villageHouseholds: { run: villageHouseholds },
    confirmResident: { run: confirmResident },
    exportMyData: { run: exportMyData },
    // identified, not member: a retry after the account closed must still answer (and finish the job).
    closeAccount: { access: 'identified', run: closeAccount },
  },
  {
    // 注销账号's staged part: a closed account's records are erased within a minute or two, in bounded pages.
    erase: { cron: '0 */1 * * * * *', localEveryMs: 10_000, run: ({ db, requestId }) => eraseClosedAccounts(db, requestId) },
  },
);

export const main = auth.main;
