import { allowedWishActions, canSeeWish, checkWishAction, wishPriority, type WishActor, type WishFacts } from '../../../../shared/domain/wish-rules';

const path = ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-1'];
const wish = (over: Partial<WishFacts> = {}): WishFacts => ({
  status: 'open',
  wisherId: 'wisher',
  claimantId: null,
  villageId: 'v-fengfang',
  path,
  wisherElderly: false,
  ...over,
});
const actor = (id: string, grants: WishActor['grants'] = [], homeUnitIds: string[] = []): WishActor => ({ id, grants, homeUnitIds });

const wisher = actor('wisher', [], ['v-fengfang']);
const cadre = actor('cadre', [{ role: 'village-cadre', unitId: 'v-fengfang' }]);
const otherCadre = actor('other', [{ role: 'village-cadre', unitId: 'v-nanzhai' }]);
const member = actor('pm', [{ role: 'party-member', unitId: 'v-fengfang' }], ['v-fengfang']);
const gridLeader = actor('gl', [{ role: 'grid-leader', unitId: 'g-fengfang-1' }]);
const neighbour = actor('n', [], ['v-fengfang']);
const stranger = actor('s', [], ['v-nanzhai']);

describe('wish rules', () => {
  it('lets only a cadre of the wish village review a pending wish', () => {
    const w = wish({ status: 'pending_review' });
    expect(checkWishAction('review', w, cadre)).toBe('ok');
    expect(checkWishAction('review', w, otherCadre)).toBe('forbidden');
    expect(checkWishAction('review', w, member)).toBe('forbidden');
    expect(checkWishAction('review', wish({ status: 'open' }), cadre)).toBe('conflict');
  });

  it('lets a party member registered in the village claim an open wish, never their own', () => {
    expect(checkWishAction('claim', wish(), member)).toBe('ok');
    expect(checkWishAction('claim', wish({ wisherId: 'pm' }), member)).toBe('forbidden');
    expect(checkWishAction('claim', wish(), neighbour)).toBe('forbidden');
    expect(checkWishAction('claim', wish({ status: 'claimed', claimantId: 'x' }), member)).toBe('conflict');
  });

  it('lets only the claimant fulfil', () => {
    const w = wish({ status: 'claimed', claimantId: 'pm' });
    expect(checkWishAction('fulfil', w, member)).toBe('ok');
    expect(checkWishAction('fulfil', w, cadre)).toBe('forbidden');
  });

  it('lets the wisher confirm, and a cadre or grid leader only for an elderly wisher', () => {
    const w = wish({ status: 'fulfilled', claimantId: 'pm' });
    expect(checkWishAction('confirm', w, wisher)).toBe('ok');
    expect(checkWishAction('confirm', w, cadre)).toBe('forbidden');
    expect(checkWishAction('confirm', { ...w, wisherElderly: true }, cadre)).toBe('ok');
    expect(checkWishAction('confirm', { ...w, wisherElderly: true }, gridLeader)).toBe('ok');
    expect(checkWishAction('confirm', { ...w, wisherElderly: true }, otherCadre)).toBe('forbidden');
  });

  it('lets the wisher cancel only before a claim', () => {
    expect(checkWishAction('cancel', wish({ status: 'pending_review' }), wisher)).toBe('ok');
    expect(checkWishAction('cancel', wish(), wisher)).toBe('ok');
    expect(checkWishAction('cancel', wish({ status: 'claimed', claimantId: 'pm' }), wisher)).toBe('conflict');
    expect(checkWishAction('cancel', wish(), neighbour)).toBe('forbidden');
  });

  it('lists the actions a person may take now', () => {
    expect(allowedWishActions(wish(), member)).toEqual(['claim']);
    expect(allowedWishActions(wish(), wisher)).toEqual(['cancel']);
    expect(allowedWishActions(wish({ status: 'pending_review' }), cadre)).toEqual(['review']);
  });

  it('shows public wishes to the village and pending ones only to the wisher and handlers', () => {
    expect(canSeeWish(wish(), neighbour)).toBe(true);
    expect(canSeeWish(wish(), stranger)).toBe(false);
    const pending = wish({ status: 'pending_review' });
    expect(canSeeWish(pending, neighbour)).toBe(false);
    expect(canSeeWish(pending, wisher)).toBe(true);
    expect(canSeeWish(pending, cadre)).toBe(true);
    expect(canSeeWish(pending, gridLeader)).toBe(true);
    expect(canSeeWish(pending, otherCadre)).toBe(false);
  });
});

describe('wishPriority', () => {
  it('puts first the wishes of resettled households, whatever their age', () => {
    expect(wishPriority({ resettled: true, age: 35 })).toBe(true);
    expect(wishPriority({ resettled: true, age: null })).toBe(true);
  });

  it('puts first the wishes of people 60 or older, and not of people of 59', () => {
    expect(wishPriority({ resettled: false, age: 60 })).toBe(true);
    expect(wishPriority({ resettled: false, age: 82 })).toBe(true);
    expect(wishPriority({ resettled: false, age: 59 })).toBe(false);
  });

  it('gives no priority when the age is not known and the household is not resettled', () => {
    expect(wishPriority({ resettled: false, age: null })).toBe(false);
  });

  it('keeps a closed account’s wish for the handling cadres and supervisors only', () => {
    const closed = wish({ status: 'completed', claimantId: 'pm', wisherClosed: true });
    const supervisor = actor('sv', [{ role: 'supervisor', unitId: 'v-fengfang' }], ['v-fengfang']);
    expect(canSeeWish(closed, cadre)).toBe(true);
    expect(canSeeWish(closed, supervisor)).toBe(true);
    for (const who of [neighbour, member, gridLeader, otherCadre, actor('pm', [], ['v-fengfang'])]) expect(canSeeWish(closed, who)).toBe(false);
  });
});
