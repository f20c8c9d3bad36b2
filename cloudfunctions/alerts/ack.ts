import type { AlertGridRecord } from '../../shared/domain/alert-records';
import { ackIssues, gridReach } from '../../shared/domain/alert-rules';
import type { CarriesEffects, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { careRecipientsOfGrids } from '../_lib/care';
import { clock } from '../_lib/clock';
import { effectOf, withPushed } from '../_lib/effects';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readByIds } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { gridRowId, householdsPerGrid, loadAlert, pathsOf, relationTo, roleUnits, rolePaths, unitNames } from './store';
import { alertView } from './views';
import type { In, Out } from './types';

type AckGrid = Out<'acknowledge'>;

/**
 * The effects a row still carries (read in the transaction): the row is written whole, so they are kept.
 * One a drain wrote out meanwhile is written out again as nothing (its audit entry's id is the effect's).
 */
const carriedOf = (row: AlertGridRecord | null): CarriesEffects => (row?.effectsPending ? { effects: row.effects ?? [], effectsPending: true, ...(row.effectsSince ? { effectsSince: row.effectsSince } : {}) } : {});

function ackGridView(
  grid: OrgUnitRecord,
  villageName: string,
  households: number,
  care: { _id: string; name: string; kinds: AckGrid['care'][number]['kinds']; address: string }[],
  row: AlertGridRecord | null,
  caller: UserRecord,
): AckGrid {
  const reached = new Set(row?.careReachedIds ?? []);
  const mine = row?.acks.find((x) => x.userId === caller._id) ?? null;
  return {
    gridId: grid._id,
    gridName: grid.name,
    villageName,
    households,
    householdsReached: Math.min(households, row?.householdsReached ?? 0),
    care: care.map((c) => ({ id: c._id, name: c.name, kinds: c.kinds, address: c.address, reached: reached.has(c._id) })),
    mine: mine ? { at: mine.at, householdsReached: mine.householdsReached, careReachedIds: mine.careReachedIds, note: mine.note } : null,
    ackers: (row?.acks ?? []).map((x) => ({ name: x.name, at: x.at })),
  };
}

/** The grids one grid leader acknowledges for, with what the sheet shows: households, the care list, acknowledgements so far. */
async function sheetGrids(ctx: MemberContext, alertId: string, gridIds: readonly string[]): Promise<AckGrid[]> {
  const { db, caller } = ctx;
  const grids = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, gridIds);
  const villages = grids.map((g) => g.parentId!).filter(Boolean);
  const [names, households, care, rows] = await Promise.all([
    unitNames(db, villages),
    householdsPerGrid(db, villages),
    careRecipientsOfGrids(db, [...gridIds]),
    readByIds<AlertGridRecord>(db, COLLECTIONS.alertGrids.name, gridIds.map((g) => gridRowId(alertId, g))),
  ]);
  const rowOf = new Map(rows.map((r) => [r.gridId, r]));
  return grids.map((g) =>
    ackGridView(g, names.get(g.parentId ?? '') ?? '', households.get(g._id) ?? 0, care.filter((c) => c.gridId === g._id), rowOf.get(g._id) ?? null, caller),
  );
}

export async function ackSheet(input: In<'ackSheet'>, ctx: MemberContext): Promise<Out<'ackSheet'>> {
  const { db, caller } = ctx;
  const a = await loadAlert(db, input.alertId);
  const rel = relationTo(caller, a, a.areaPaths, await rolePaths(db, caller));
  if (!rel.gridIds.length) throw forbidden('只有预警范围内的网格长可以确认通知到户');
  return { alert: alertView(a, rel, clock.nowIso()), grids: await sheetGrids(ctx, a._id, rel.gridIds) };
}

/**
 * 已通知到户: one grid leader's households and care-register people reached. Several leaders of one grid
 * each add theirs (the grid's figures are recomputed from every acknowledgement in one transaction, so
 * two at once are both counted); a leader acknowledging again replaces their own.
 */
export async function acknowledge(input: In<'acknowledge'>, ctx: MemberContext): Promise<Out<'acknowledge'>> {
  const { db, caller } = ctx;
  const a = await loadAlert(db, input.alertId);
  const units = await roleUnits(db, caller);
  const rel = relationTo(caller, a, a.areaPaths, pathsOf(units));
  if (!rel.gridIds.includes(input.gridId)) throw forbidden('只有本网格的网格长可以确认本网格已通知到户');
  if (a.status === 'ended') throw conflict('这条预警已经解除了');
  // The grid is one of the units the caller leads (rel.gridIds comes from them): no second read.
  const grid = units.find((u) => u._id === input.gridId)!;
  const [households, care, names] = await Promise.all([householdsPerGrid(db, [grid.parentId!]), careRecipientsOfGrids(db, [grid._id]), unitNames(db, [grid.parentId!])]);
  const careIds = new Set(care.map((c) => c._id));
  const issues = ackIssues(input, { households: households.get(grid._id) ?? 0, careIds });
  if (issues.length) throw invalid(issues[0]!.message, issues);
  const now = clock.nowIso();
  const id = gridRowId(a._id, grid._id);
  const ack = { userId: caller._id, name: caller.name, at: now, householdsReached: input.householdsReached, careReachedIds: [...new Set(input.careReachedIds)], note: input.note };
  let saved: AlertGridRecord | null = null;
  // The grid's row and the alert's count of grids acknowledged change together (a transaction); the
  // audit entry rides on the row (carried effects), written out by the notifications dispatch timer.
  await runTransaction(db, async (tx) => {
    const cur = await findById<AlertGridRecord>(tx, COLLECTIONS.alertGrids.name, id);
    const acks = [...(cur?.acks ?? []).filter((x) => x.userId !== caller._id), ack];
    const reach = gridReach(acks, [...careIds]);
    const careReachedIds = [...new Set(acks.flatMap((x) => x.careReachedIds))];
    const audit = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.alertGrids.name, id, path: grid.path }, now, {
      messages: [],
      audit: {
        action: 'alerts.acknowledge',
        before: cur ? { householdsReached: cur.householdsReached, careReached: cur.careReachedIds.length } : null,
        after: { householdsReached: reach.householdsReached, careReached: careReachedIds.length },
      },
    });
    const row = withPushed<AlertGridRecord>(
      {
        _id: id,
        alertId: a._id,
        gridId: grid._id,
        villageId: grid.parentId!,
        townId: grid.path[1]!,
        householdsReached: reach.householdsReached,
        careReachedIds,
        acks,
        firstAckAt: cur?.firstAckAt ?? now,
        updatedAt: now,
        ...carriedOf(cur),
      },
      [audit],
    );
    const { _id, ...body } = row;
    saved = row;
    await tx.collection(COLLECTIONS.alertGrids.name).doc(id).set(body);
    if (!cur) await tx.collection(COLLECTIONS.alerts.name).doc(a._id).update({ ackedGrids: db.command.inc(1) });
  });
  // The sheet row from what this call read and wrote (the row as committed), not read again.
  return ackGridView(grid, names.get(grid.parentId!) ?? '', households.get(grid._id) ?? 0, care, saved, caller);
}

