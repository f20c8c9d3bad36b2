/**
 * Releasing what content security held on a volunteer activity or a service of the 服务清单: a
 * cadre of the community other than the author lets it through; audited, the author is told.
 */
import { canManageCommunity } from '../../shared/domain/volunteer-rules';
import type { Moderated } from '../../shared/domain/moderation';
import { COLLECTIONS } from '../_lib/collections';
import { findById } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { releaseHeld } from '../_lib/release';
import type { In, Out } from './types';

interface Releasable extends Moderated {
  _id: string;
  path: string[];
  title?: string;
  name?: string;
}

const KINDS = {
  activity: { collection: COLLECTIONS.volunteerActivities.name, missing: '这个志愿活动不存在', page: 'volunteer-activity' },
  service: { collection: COLLECTIONS.volunteerServices.name, missing: '这项服务不存在', page: 'volunteer-services' },
} as const;

const LABELS: Record<string, string> = { title: '活动名称', description: '说明', place: '地点', name: '服务名称' };

export async function releaseText(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const kind = KINDS[input.kind];
  const found = await findById<Releasable>(db, kind.collection, input.id);
  if (!found) throw notFound(kind.missing);
  if (!canManageCommunity(caller.roles, found.path)) throw forbidden('只有本村（社区）干部可以放行复核的内容');
  const freed = await releaseHeld<Releasable>(ctx, {
    action: 'volunteers.release',
    collection: kind.collection,
    id: input.id,
    missing: kind.missing,
    refusal: '不能放行自己填写的内容，请由其他干部复核',
    describe: (r) => ({ name: `「${r.title ?? r.name ?? ''}」`, link: { page: kind.page, id: r._id } }),
    label: (f) => LABELS[f] ?? f,
  });
  return { kind: input.kind, id: input.id, released: freed.map((h) => h.field) };
}
