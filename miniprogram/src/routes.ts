/**
 * Every page of the mini-program, once: its path and the query its page reads. Links, inbox messages,
 * redirects and tests build URLs from here; `app.config.ts` lists the same pages in the same order
 * (a unit test keeps the two equal, since Taro reads the app config on its own at build time).
 */

export type Query = Record<string, string | number | undefined>;

export interface Route<Q extends Query | void = void> {
  /** As app.config.ts names it, e.g. 'packages/wish/detail/index'. */
  readonly path: string;
  /** A tabBar page: reached with switchTab, which takes no query. */
  readonly tab: boolean;
  /** The query the page reads (types only: see `useRouteParams`). */
  readonly query?: Q;
  /** '/packages/wish/detail/index?id=w1'; parameters left undefined are left out. */
  readonly url: Q extends Query ? ({} extends Q ? (query?: Q) => string : (query: Q) => string) : () => string;
}

function urlOf(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined);
  const search = pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return `/${path}${search ? `?${search}` : ''}`;
}

function page<Q extends Query | void = void>(path: string, tab = false): Route<Q> {
  return { path, tab, url: ((query?: Query) => urlOf(path, query)) as Route<Q>['url'] };
}

const tabPage = (path: string) => page(path, true);

export const ROUTES = {
  home: tabPage('pages/home/index'),
  wishes: tabPage('pages/wishes/index'),
  inbox: tabPage('pages/inbox/index'),
  me: tabPage('pages/me/index'),
  login: page('pages/login/index'),
  points: {
    mine: page('packages/points/mine/index'),
    detail: page<{ householdId: string; month: string }>('packages/points/detail/index'),
    ranking: page<{ villageId?: string; month?: string }>('packages/points/ranking/index'),
    entry: page('packages/points/entry/index'),
    dividends: page<{ villageId: string; year: number }>('packages/points/dividends/index'),
  },
  cases: {
    report: page('packages/cases/report/index'),
    mine: page('packages/cases/mine/index'),
    handling: page('packages/cases/handling/index'),
    detail: page<{ id: string }>('packages/cases/detail/index'),
    figures: page('packages/cases/figures/index'),
    summary: page<{ id: string }>('packages/cases/summary/index'),
    routing: page('packages/cases/routing/index'),
  },
  wish: {
    detail: page<{ id: string }>('packages/wish/detail/index'),
    submit: page('packages/wish/submit/index'),
    mine: page('packages/wish/mine/index'),
    claimed: page('packages/wish/claimed/index'),
    review: page('packages/wish/review/index'),
  },
  account: {
    privacy: page('packages/account/privacy/index'),
    export: page('packages/account/export/index'),
    party: page('packages/account/party/index'),
    invitation: page<{ code?: string }>('packages/account/invitation/index'),
  },
  admin: {
    deadLetters: page('packages/admin/dead-letters/index'),
    residents: page('packages/admin/residents/index'),
    home: page('packages/admin/home/index'),
    unit: page<{ id: string }>('packages/admin/unit/index'),
    appoint: page<{ unitId: string }>('packages/admin/appoint/index'),
    partyOrgs: page('packages/admin/party-orgs/index'),
    partyOrg: page<{ id: string }>('packages/admin/party-org/index'),
    partyRegistrations: page<{ unitId: string }>('packages/admin/party-registrations/index'),
    bootstrap: page('packages/admin/bootstrap/index'),
    audit: page('packages/admin/audit/index'),
    care: page<{ gridId?: string }>('packages/admin/care/index'),
  },
  police: {
    home: page('packages/police/home/index'),
    slots: page<{ serviceId?: string; reschedule?: string }>('packages/police/slots/index'),
    mine: page('packages/police/mine/index'),
    visit: page('packages/police/visit/index'),
    sessions: page('packages/police/sessions/index'),
    queue: page('packages/police/queue/index'),
    workbench: page('packages/police/workbench/index'),
  },
  sanitation: {
    report: page<{ facilityId?: string }>('packages/sanitation/report/index'),
    mine: page('packages/sanitation/mine/index'),
    facilities: page<{ villageId?: string }>('packages/sanitation/facilities/index'),
    facility: page<{ id: string }>('packages/sanitation/facility/index'),
    orders: page<{ scope?: 'handling' | 'village' }>('packages/sanitation/orders/index'),
    order: page<{ id: string }>('packages/sanitation/order/index'),
    ledger: page('packages/sanitation/ledger/index'),
    household: page<{ householdId?: string }>('packages/sanitation/household/index'),
    households: page('packages/sanitation/households/index'),
    figures: page<{ unitId?: string }>('packages/sanitation/figures/index'),
  },
  powers: {
    list: page('packages/powers/list/index'),
    item: page<{ code: string; villageId?: string }>('packages/powers/item/index'),
    apply: page<{ code: string }>('packages/powers/apply/index'),
    mine: page('packages/powers/mine/index'),
    matter: page<{ id: string }>('packages/powers/matter/index'),
    queue: page('packages/powers/queue/index'),
    supervise: page('packages/powers/supervise/index'),
    talks: page('packages/powers/talks/index'),
  },
  alerts: {
    list: page('packages/alerts/list/index'),
    detail: page<{ id: string }>('packages/alerts/detail/index'),
    issue: page<{ id?: string }>('packages/alerts/issue/index'),
    ack: page<{ id: string }>('packages/alerts/ack/index'),
    status: page<{ id: string }>('packages/alerts/status/index'),
    signals: page<{ id?: string }>('packages/alerts/signals/index'),
    signalRules: page('packages/alerts/signal-rules/index'),
    dashboard: page<{ unitId?: string }>('packages/alerts/dashboard/index'),
  },
  council: {
    home: page('packages/council/home/index'),
    topics: page('packages/council/topics/index'),
    topic: page<{ id: string }>('packages/council/topic/index'),
    raise: page('packages/council/raise/index'),
    call: page('packages/council/call/index'),
    meeting: page<{ id: string }>('packages/council/meeting/index'),
    vote: page<{ id: string }>('packages/council/vote/index'),
    decisions: page('packages/council/decisions/index'),
    decision: page<{ id: string }>('packages/council/decision/index'),
    covenant: page('packages/council/covenant/index'),
    honours: page('packages/council/honours/index'),
    honour: page<{ id: string }>('packages/council/honour/index'),
    agenda: page('packages/council/agenda/index'),
  },
  volunteers: {
    home: page('packages/volunteers/home/index'),
    services: page<{ unitId?: string }>('packages/volunteers/services/index'),
    activities: page<{ unitId?: string }>('packages/volunteers/activities/index'),
    activity: page<{ id: string }>('packages/volunteers/activity/index'),
    checkin: page<{ id: string }>('packages/volunteers/checkin/index'),
    scan: page('packages/volunteers/scan/index'),
    record: page('packages/volunteers/record/index'),
    certificate: page<{ code?: string }>('packages/volunteers/certificate/index'),
    manage: page<{ unitId: string }>('packages/volunteers/manage/index'),
    visits: page<{ gridId?: string }>('packages/volunteers/visits/index'),
    venues: page('packages/volunteers/venues/index'),
    venue: page<{ id: string }>('packages/volunteers/venue/index'),
    report: page('packages/volunteers/report/index'),
  },
} as const;

type AnyRoute = Route<Query> | Route;

function isRoute(x: unknown): x is AnyRoute {
  return typeof x === 'object' && x !== null && typeof (x as AnyRoute).path === 'string';
}

/** Every route in table order. */
export function allRoutes(): AnyRoute[] {
  return Object.values(ROUTES).flatMap((v) => (isRoute(v) ? [v] : Object.values(v as Record<string, AnyRoute>)));
}

/** The `pages` and `subPackages` lists app.config.ts must hold: main-package pages, then one subpackage per feature folder. */
export function appPages(): { pages: string[]; subPackages: { root: string; pages: string[] }[] } {
  const pages: string[] = [];
  const subPackages: { root: string; pages: string[] }[] = [];
  for (const { path } of allRoutes()) {
    const [top, feature, ...rest] = path.split('/');
    if (top !== 'packages') {
      pages.push(path);
      continue;
    }
    const root = `${top}/${feature}`;
    let sub = subPackages.find((s) => s.root === root);
    if (!sub) subPackages.push((sub = { root, pages: [] }));
    sub.pages.push(rest.join('/'));
  }
  return { pages, subPackages };
}

