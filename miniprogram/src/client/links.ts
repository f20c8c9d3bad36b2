import type { NotificationView } from '@shared/contracts/notifications';

type Link = NonNullable<NotificationView['link']>;

const q = encodeURIComponent;

/**
 * Where a notification's link leads. The server names a page kind and an id; each feature's
 * subpackage owns the route. A kind missing here is shown without a tap target.
 */
const ROUTES: Record<string, (id: string) => string> = {
  wish: (id) => `/packages/wish/detail/index?id=${q(id)}`,
  case: (id) => `/packages/cases/detail/index?id=${q(id)}`,
  matter: (id) => `/packages/powers/matter/index?id=${q(id)}`,
  powerItem: (code) => `/packages/powers/item/index?code=${q(code)}`,
  'power-complaint': () => '/packages/powers/supervise/index',
  'power-talks': () => '/packages/powers/talks/index',
  'police-home': () => '/packages/police/home/index',
  'police-mine': () => '/packages/police/mine/index',
  'police-sessions': () => '/packages/police/sessions/index',
  'police-workbench': () => '/packages/police/workbench/index',
  points: () => '/packages/points/mine/index',
  'points-objection': () => '/packages/points/entry/index',
};

export function linkRoute(link: Link | null): string | null {
  if (!link) return null;
  const route = ROUTES[link.page];
  return route ? route(link.id) : null;
}
