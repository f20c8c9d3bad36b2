import type { In, Out } from './types';
import type { CaseRecord } from '../../shared/domain/case-records';
import { isCurrentHandler } from '../../shared/domain/case-access';
import { caseTextLabel, releasableBy } from '../../shared/domain/case-moderation';
import { COLLECTIONS } from '../_lib/collections';
import { conflict, forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { releaseHeldCarried } from '../_lib/release';
import { actorOf, facts, link, NOT_FOUND, readVisible } from './store';
import { toView } from './views';
import { clock } from '../_lib/clock';
import { caseTypeTitle } from '../../shared/domain/labels-for-people';

/**
 * A handler of the case lets through text that content security held (someone else's, never their own):
 * one conditional write of the case carrying the authors' notices and the audit entry (`_lib/effects.ts`).
 */
export async function releaseCase(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const actor = actorOf(caller);
  const c = await readVisible(db, input.caseId, caller);
  if (!isCurrentHandler(facts(c), actor)) throw forbidden('只有承办这件纠纷的人员可以放行复核的内容');
  const released = await releaseHeldCarried<CaseRecord>(
    ctx,
    {
      action: 'cases.release',
      collection: COLLECTIONS.cases.name,
      id: input.caseId,
      missing: NOT_FOUND,
      guard: (w) => {
        if (!isCurrentHandler(facts(w), actor)) throw forbidden('只有承办这件纠纷的人员可以放行复核的内容');
      },
      pick: (held) => {
        if (input.field !== undefined && !held.some((h) => h.field === input.field)) throw conflict('这项内容不在复核中');
        return releasableBy({ held }, { id: caller._id, handler: true }, input.field);
      },
      refusal: '不能放行自己填写的内容，请由其他承办人员复核',
      describe: (w) => ({ name: `「${caseTypeTitle(w.typeLabel)}」`, link: link(w) }),
      label: caseTextLabel,
      touch: true,
    },
    c,
  );
  return toView(released, actor, clock.nowIso());
}
