import { powerFieldLabel } from '../../shared/domain/power-moderation';
import type { MatterRecord, PowerComplaintRecord, ReminderTalkRecord } from '../../shared/domain/power-records';
import type { UserRecord } from '../../shared/domain/records';
import { findById } from '../_lib/db';
import { AppError, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { releaseHeld, type ModeratedDocument } from '../_lib/release';
import { complaintView, matterView, matterViewer, supervisedViewer } from './views';
import { link, loadVisibleMatter } from './store';
import type { In, Out } from './types';
import { talkView } from './talks';
import { COLLECTIONS } from '../_lib/collections';

/** Releases every held text on one record, tells its authors and readers and audits it, in one transaction. */
function releaseAll<T extends ModeratedDocument>(
  ctx: MemberContext,
  action: string,
  collection: string,
  id: string,
  describe: (r: T) => { name: string; link: Message['link']; readers: string[] },
): Promise<unknown> {
  return releaseHeld<T>(ctx, { action, collection, id, missing: '这条记录不存在', refusal: '不能放行自己填写的内容，请由其他干部或监督委员复核', describe, label: powerFieldLabel });
}

/** A cadre or supervisor over the matter releases what content security held on it. */
export async function releaseMatter(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const m = await loadVisibleMatter(db, input.matterId, caller);
  if (!matterViewer(m, caller).isCadre) throw forbidden('只有本村（社区）及以上干部、村务监督委员会可以放行复核的内容');
  await releaseAll<MatterRecord>(ctx, 'powers.release', COLLECTIONS.matters.name, m._id, (r) => ({ name: `「${r.title}」`, link: link(r), readers: [r.applicantId] }));
  const after = await findById<MatterRecord>(db, COLLECTIONS.matters.name, m._id);
  if (!after) throw new AppError('INTERNAL', '事项记录丢失');
  return matterView(db, after, caller);
}

async function loadSupervised<T extends { _id: string; path: string[] }>(ctx: MemberContext, collection: string, id: string, missing: string): Promise<T> {
  const r = await findById<T>(ctx.db, collection, id);
  if (!r) throw notFound(missing);
  // Complaints and talks stay with the supervisors: to anyone but their parties they do not exist.
  if (!supervisedViewer(r, ctx.caller).isCadre) {
    throw (isParty(r, ctx.caller) ? forbidden('只有村务监督委员会可以放行复核的内容') : notFound(missing));
  }
  return r;
}

/** The complainant, the one who answered, the cadre talked with: they know the record exists. */
function isParty(r: object, caller: UserRecord): boolean {
  const ids = ['complainantId', 'handledById', 'cadreId', 'recordedById'].map((k) => (r as Record<string, unknown>)[k]);
  return ids.includes(caller._id);
}

export async function releaseComplaint(input: In<'releaseComplaint'>, ctx: MemberContext): Promise<Out<'releaseComplaint'>> {
  const c = await loadSupervised<PowerComplaintRecord>(ctx, COLLECTIONS.powerComplaints.name, input.complaintId, '这条投诉不存在');
  await releaseAll<PowerComplaintRecord>(ctx, 'powers.releaseComplaint', COLLECTIONS.powerComplaints.name, c._id, (r) => ({ name: `对「${r.matterTitle}」的投诉`, link: { page: 'matter', id: r.matterId }, readers: [r.complainantId] }));
  const after = await findById<PowerComplaintRecord>(ctx.db, COLLECTIONS.powerComplaints.name, c._id);
  if (!after) throw new AppError('INTERNAL', '投诉记录丢失');
  return complaintView(after, ctx.caller);
}

export async function releaseTalk(input: In<'releaseTalk'>, ctx: MemberContext): Promise<Out<'releaseTalk'>> {
  const t = await loadSupervised<ReminderTalkRecord>(ctx, COLLECTIONS.reminderTalks.name, input.talkId, '这条谈话记录不存在');
  await releaseAll<ReminderTalkRecord>(ctx, 'powers.releaseTalk', COLLECTIONS.reminderTalks.name, t._id, (r) => ({ name: `${r.date}的提醒谈话记录`, link: { page: 'power-talks', id: r._id }, readers: [r.cadreId] }));
  const after = await findById<ReminderTalkRecord>(ctx.db, COLLECTIONS.reminderTalks.name, t._id);
  if (!after) throw new AppError('INTERNAL', '谈话记录丢失');
  return talkView(after, ctx.caller);
}
