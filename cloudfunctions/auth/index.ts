import { authContract } from '../../shared/contracts/auth';
import { defineFunction } from '../_lib/handler';
import { confirmResident, devLogin, me, orgUnits, pendingResidents, personas, register } from './service';
import { exportMyData } from './export';

export const auth = defineFunction(authContract, {
  devLogin: { access: 'public', run: devLogin },
  personas: { access: 'public', run: personas },
  me: { access: 'identified', run: me },
  register: { access: 'identified', run: register },
  orgUnits: { access: 'identified', run: orgUnits },
  pendingResidents: { run: pendingResidents },
  confirmResident: { run: confirmResident },
  exportMyData: { run: exportMyData },
});

export const main = auth.main;
