import { runTransaction } from '../_lib/transaction';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { BootstrapRecord } from '../../shared/domain/admin-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { roleKey, usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, isTxConflict, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { ActionContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { readsOutside } from '../_lib/outside';
import { countWrongCode, grantRole, refuseIfTooManyWrong } from './store';
import type { In, Out } from './types';

/** A code shorter than this is guessable within the rate limit's patience: the function refuses to use it. */
const MIN_CODE_LENGTH = 12;
const BOOTSTRAP_ID = 'bootstrap';

const normalise = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison of what was entered with the deploy-time code. */
function sameCode(entered: string, configured: string): boolean {
  return timingSafeEqual(digest(normalise(entered)), digest(normalise(configured)));
}

async function countyToAdminister(db: Db): Promise<OrgUnitRecord> {
  readsOutside('env:BOOTSTRAP_COUNTY');
  // An unset deploy variable may arrive as its own unfilled placeholder.
  const raw = process.env.BOOTSTRAP_COUNTY?.trim() ?? '';
  const named = raw.startsWith('{{') ? '' : raw;
  if (named) {
    const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, named);
    if (!unit || unit.kind !== 'county') throw conflict(`数据库里没有 BOOTSTRAP_COUNTY 指定的县（${named}），请检查部署设置`);
    return unit;
  }
  const res = await db.collection(COLLECTIONS.orgUnits.name).where({ kind: 'county' }).limit(10).get();
  const counties = res.data as OrgUnitRecord[];
  if (counties.length === 0) throw conflict('数据库里还没有县的组织架构，请先按说明运行 provision 初始化环境');
  if (counties.length > 1) throw conflict('数据库里有多个县，请在部署设置里用 BOOTSTRAP_COUNTY 指定是哪一个');
  return counties[0]!;
}

/**
 * The first county admin. The code is set at deploy time (BOOTSTRAP_CODE); the one document
 * `config/bootstrap` is added in the same transaction that grants the role, so however many people
 * enter the code at once, exactly one commit adds it and every other one fails on its id.
 */
export async function bootstrap(input: In<'bootstrap'>, ctx: ActionContext): Promise<Out<'bootstrap'>> {
  const { db } = ctx;
  const openid = ctx.openid!;
  readsOutside('env:BOOTSTRAP_CODE');
  const configured = process.env.BOOTSTRAP_CODE ?? '';
  if (normalise(configured).length < MIN_CODE_LENGTH) throw forbidden('本环境没有设置可用的初始化口令（BOOTSTRAP_CODE），请联系部署人员');
  await refuseIfTooManyWrong(db, 'bootstrap', openid);
  const done = await findById<BootstrapRecord>(db, COLLECTIONS.config.name, BOOTSTRAP_ID);
  if (done) throw conflict('初始化口令已经用过了，县管理员已经产生；如需任命，请联系县管理员');
  if (!sameCode(input.code, configured)) {
    await countWrongCode(db, 'bootstrap', openid);
    console.warn(JSON.stringify({ level: 'warn', fn: 'admin', action: 'bootstrap', requestId: ctx.requestId, refused: 'wrong code' }));
    throw forbidden('初始化口令不正确');
  }
  const county = await countyToAdminister(db);
  if ((await usersWithRoleAt(db, 'county-admin', county._id)).length > 0) {
    throw conflict('县里已经有管理员了，初始化口令不再可用；如需任命，请联系县管理员');
  }
  if (!ctx.caller && !input.name) throw invalid('请填写您的姓名', [{ path: 'name', message: '请填写姓名' }]);

  const now = clock.nowIso();
  const userId = ctx.caller?._id ?? `u_${randomUUID().replace(/-/g, '')}`;
  try {
    await runTransaction(db, async (tx: Tx) => {
      const record: BootstrapRecord = { _id: BOOTSTRAP_ID, countyId: county._id, userId, at: now };
      await tx.collection(COLLECTIONS.config.name).add(record);
      let after: UserRecord;
      if (ctx.caller) {
        after = await grantRole(tx, userId, 'county-admin', county);
      } else {
        after = {
          _id: userId,
          openid,
          name: input.name!,
          persona: 'county-admin',
          roles: [{ role: 'county-admin', unitId: county._id }],
          roleKeys: [roleKey('county-admin', county._id)],
          residence: null,
          resettled: false,
          birthYear: null,
          phoneMasked: null,
          createdAt: now,
        };
        await tx.collection(COLLECTIONS.users.name).add(after);
      }
      await recordAudit(tx, after, ctx.requestId, {
        action: 'admin.bootstrap',
        target: { collection: COLLECTIONS.users.name, id: userId },
        before: { roles: ctx.caller?.roles ?? null },
        after: { roles: after.roles },
        path: after.residence?.path ?? [],
      });
      await enqueue(tx, [userId], {
        kind: 'admin.appointed',
        title: '您已成为县管理员',
        body: `您已用初始化口令成为${county.name}的管理员，可以在「管理」里建设组织架构、任命干部。`,
        link: null,
      });
    });
  } catch (err) {
    if (!isDuplicateKey(err) && !isTxConflict(err)) throw err;
    const winner = await findById<BootstrapRecord>(db, COLLECTIONS.config.name, BOOTSTRAP_ID);
    // A retry of the winner's own request answers as the first did.
    if (winner && winner.userId === userId) return { countyId: county._id, countyName: county.name, userId };
    throw conflict('初始化口令已经被别人使用了，县管理员已经产生');
  }
  return { countyId: county._id, countyName: county.name, userId };
}
