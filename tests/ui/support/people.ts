import type { UserView } from '../../../shared/contracts/auth';

/** A signed-in person as `auth.me` describes them: a resident with no roles unless told otherwise. */
export function person(over: Partial<UserView> = {}): UserView {
  return {
    id: 'resident',
    name: '张桂芳',
    persona: 'resident',
    roles: [],
    residence: null,
    resettled: false,
    phoneMasked: null,
    serviceRecord: null,
    ...over,
  };
}
