import { admin } from './admin';
import { alerts } from './alerts';
import { audit } from './audit';
import { auth } from './auth';
import { cases } from './cases';
import { notifications } from './notifications';
import { police } from './police';
import { wishes } from './wishes';
import { points } from './points';
import { powers } from './powers';
import { councils } from './councils';
import { sanitation } from './sanitation';
import { volunteers } from './volunteers';
import type { CloudFunction } from './_lib/handler';

/** Every cloud function by name; the local gateway serves exactly these, the bundler builds them. */
export const FUNCTIONS: Record<string, CloudFunction> = {
  auth,
  wishes,
  notifications,
  police,
  cases,
  points,
  powers,
  councils,
  sanitation,
  admin,
  audit,
  alerts,
  volunteers,
};
