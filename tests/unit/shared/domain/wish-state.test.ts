import { isTerminal, nextWishStatus, wishEventLabel, WISH_STATUSES, type WishEvent } from '../../../../shared/domain/wish-state';

describe('wish state machine', () => {
  const allowed: [string, WishEvent, string][] = [
    ['pending_review', 'approve', 'open'],
    ['pending_review', 'reject', 'rejected'],
    ['pending_review', 'cancel', 'cancelled'],
    ['open', 'claim', 'claimed'],
    ['open', 'cancel', 'cancelled'],
    ['open', 'expire', 'expired'],
    ['claimed', 'fulfil', 'fulfilled'],
    ['fulfilled', 'confirm', 'completed'],
  ];

  it.each(allowed)('goes from %s on %s to %s', (from, event, to) => {
    expect(nextWishStatus(from as never, event)).toBe(to);
  });

  it('refuses every other transition', () => {
    const events: WishEvent[] = ['approve', 'reject', 'claim', 'fulfil', 'confirm', 'cancel', 'expire'];
    const permitted = new Set(allowed.map(([f, e]) => `${f}:${e}`));
    for (const from of WISH_STATUSES) {
      for (const event of events) {
        if (!permitted.has(`${from}:${event}`)) expect(nextWishStatus(from, event)).toBeNull();
      }
    }
  });

  it('treats completed, rejected, cancelled and expired as terminal and nothing else', () => {
    expect(WISH_STATUSES.filter(isTerminal).sort()).toEqual(['cancelled', 'completed', 'expired', 'rejected']);
  });
});

describe('wishEventLabel', () => {
  it('words the event codes the timeline stores', () => {
    expect(wishEventLabel('submit')).toBe('提交心愿');
    expect(wishEventLabel('claim')).toBe('党员认领');
    expect(wishEventLabel('expire')).toBe('无人认领，已过期');
  });

  it('passes through the words that entries stored before codes hold, and any other text', () => {
    expect(wishEventLabel('审核通过')).toBe('审核通过');
    expect(wishEventLabel('constructor')).toBe('constructor');
  });
});
