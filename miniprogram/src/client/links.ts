import type { NotificationView } from '@shared/contracts/notifications';
import { ROUTES } from '../routes';

type Link = NonNullable<NotificationView['link']>;

/**
 * Where a notification's link leads. The server names a page kind and an id; the route table
 * builds the URL. A kind missing here is shown without a tap target.
 */
const LINKS: Record<string, (id: string) => string> = {
  wish: (id) => ROUTES.wish.detail.url({ id }),
  case: (id) => ROUTES.cases.detail.url({ id }),
  'case-summary': (id) => ROUTES.cases.summary.url({ id }),
  matter: (id) => ROUTES.powers.matter.url({ id }),
  powerItem: (code) => ROUTES.powers.item.url({ code }),
  'power-complaint': () => ROUTES.powers.supervise.url(),
  'power-talks': () => ROUTES.powers.talks.url(),
  'police-home': () => ROUTES.police.home.url(),
  'police-mine': () => ROUTES.police.mine.url(),
  'police-sessions': () => ROUTES.police.sessions.url(),
  'police-workbench': () => ROUTES.police.workbench.url(),
  points: () => ROUTES.points.mine.url(),
  council: () => ROUTES.council.home.url(),
  'council-topic': (id) => ROUTES.council.topic.url({ id }),
  'council-meeting': (id) => ROUTES.council.meeting.url({ id }),
  'council-vote': (id) => ROUTES.council.vote.url({ id }),
  'council-decision': (id) => ROUTES.council.decision.url({ id }),
  'council-covenant': () => ROUTES.council.covenant.url(),
  'council-honour': (id) => ROUTES.council.honour.url({ id }),
  sanitationOrder: (id) => ROUTES.sanitation.order.url({ id }),
  sanitationFacility: (id) => ROUTES.sanitation.facility.url({ id }),
  'volunteer-home': () => ROUTES.volunteers.home.url(),
  'volunteer-activity': (id) => ROUTES.volunteers.activity.url({ id }),
  'volunteer-services': () => ROUTES.volunteers.services.url(),
  'volunteer-record': () => ROUTES.volunteers.record.url(),
  'volunteer-manage': (unitId) => ROUTES.volunteers.manage.url({ unitId }),
  venue: (id) => ROUTES.volunteers.venue.url({ id }),
  'party-report': () => ROUTES.volunteers.report.url(),
  'points-objection': () => ROUTES.points.entry.url(),
  alert: (id) => ROUTES.alerts.detail.url({ id }),
  'alert-ack': (id) => ROUTES.alerts.ack.url({ id }),
  'alert-status': (id) => ROUTES.alerts.status.url({ id }),
  signal: (id) => ROUTES.alerts.signals.url({ id }),
};

export function linkRoute(link: Link | null): string | null {
  if (!link) return null;
  const route = LINKS[link.page];
  return route ? route(link.id) : null;
}
