import { auth } from './auth';
import { notifications } from './notifications';
import { wishes } from './wishes';
import type { CloudFunction } from './_lib/handler';

/** Every cloud function by name; the local gateway serves exactly these, the bundler builds them. */
export const FUNCTIONS: Record<string, CloudFunction> = {
  auth,
  wishes,
  notifications,
};
