import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { PoliceHomeRecord, PoliceServiceRecord } from '../../shared/domain/police-records';
import type { UserRecord } from '../../shared/domain/records';
import { canOverseeHome, isOfficerOf } from '../../shared/domain/police-rules';
import { canManageHome } from '../../shared/domain/police-manage';
import type { HeldText } from '../../shared/domain/moderation';
import { policeFieldLabel } from '../../shared/domain/police-moderation';
import { findById, type Tx } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import { enqueue, type Message } from '../_lib/outbox';
import { COLLECTIONS } from '../_lib/collections';

export const homeIdOf = (unitId: string) => `ph-${unitId}`;

/** A deterministic id from its parts: retries and duplicates land on the same document. */
export function idFor(prefix: string, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 30)}`;
}

export { updatedCount } from '../_lib/seats';

/** The id of the home an action is about, without reading it: the one named, else the caller's own. */
export function homeIdFor(caller: UserRecord, homeId?: string): string {
  const unitId =
    caller.roles.find((r) => r.role === 'police')?.unitId ??
    caller.residence?.unitId ??
    caller.roles.find((r) => r.role === 'village-cadre')?.unitId;
  const id = homeId ?? (unitId ? homeIdOf(unitId) : null);
  if (!id) throw forbidden('请先登记您居住的村（社区）');
  return id;
}

/** The home an action is about: the one named, else the caller's own (their post as officer, else where they live). */
export async function resolveHome(db: Db | Tx, caller: UserRecord, homeId?: string): Promise<PoliceHomeRecord> {
  const id = homeIdFor(caller, homeId);
  const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, id);
  if (!home) throw notFound('找不到这个警民之家');
  return home;
}

export async function loadService(db: Db | Tx, serviceId: string): Promise<PoliceServiceRecord> {
  const service = await findById<PoliceServiceRecord>(db, COLLECTIONS.policeServices.name, serviceId);
  if (!service || !service.active) throw notFound('这项服务不存在或已停办');
  return service;
}

/** Residents use the home of the village or community they live in. */
export function mustLiveUnder(caller: UserRecord, unitId: string): void {
  if (!caller.residence?.path.includes(unitId)) throw forbidden('只有本村（社区）居民可以使用这里的服务');
}

/** Officer-only actions: FORBIDDEN for residents and for officers of other villages alike. */
export function mustBeOfficer(caller: UserRecord, path: readonly string[]): void {
  if (!caller.roles.some((r) => r.role === 'police')) throw forbidden('只有社区民警可以进行这项操作');
  if (!isOfficerOf(caller.roles, path)) throw forbidden('这不是您所驻的警民之家');
}

/** 管理本站: the home's officer or the village cadre of its village; FORBIDDEN for the cadres above and everyone else. */
export function mustManage(caller: UserRecord, path: readonly string[]): void {
  if (!canManageHome(caller.roles, path)) throw forbidden('只有本警民之家的民警和本村（社区）干部可以管理这里');
}

export function mustOversee(caller: UserRecord, path: readonly string[]): void {
  if (!canOverseeHome(caller.roles, path)) throw forbidden('只有本警民之家的民警和辖区干部可以查看');
}

export function officerIds(home: PoliceHomeRecord): string[] {
  return home.officers.map((o) => o.userId);
}

/** The author's notice that what they wrote waits for a review, as a carried effect's message (none when nothing is held). */
export function heldNotice(held: HeldText[], what: string, link: NonNullable<Message['link']>): { to: string[]; message: Message }[] {
  if (!held.length) return [];
  const labels = [...new Set(held.map((h) => policeFieldLabel(h.field)))].join('、');
  return [
    {
      to: [held[0]!.authorId],
      message: {
        kind: 'content.held',
        title: `您填写的${labels}需要人工复核`,
        body: `${what}。原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和本警民之家的民警、辖区干部能看到。`,
        link,
      },
    },
  ];
}

/** Tells the author, in the same transaction, that what they wrote waits for a review. */
export async function tellHeld(tx: Tx, held: HeldText[], what: string, link: Message['link']): Promise<void> {
  if (!held.length) return;
  const labels = [...new Set(held.map((h) => policeFieldLabel(h.field)))].join('、');
  await enqueue(tx, [held[0]!.authorId], {
    kind: 'content.held',
    title: `您填写的${labels}需要人工复核`,
    body: `${what}。原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和本警民之家的民警、辖区干部能看到。`,
    link,
  });
}

