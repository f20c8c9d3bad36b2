import { canSeeHeldText, HELD_PLACEHOLDER, reasonForLabel, releasableHeld, releaseFields, releaseVerdict, visibleText, type ModerationState } from '../../../../shared/domain/moderation';

const state: ModerationState = { held: [{ field: 'content', authorId: 'u1', reason: '疑似广告', label: 10001, heldAt: '2026-11-27T00:00:00Z' }] };

describe('held text', () => {
  it('is visible to its author and to cadres only', () => {
    expect(canSeeHeldText({ authorId: 'u1' }, { id: 'u1', isCadre: false })).toBe(true);
    expect(canSeeHeldText({ authorId: 'u1' }, { id: 'c1', isCadre: true })).toBe(true);
    expect(canSeeHeldText({ authorId: 'u1' }, { id: 'u2', isCadre: false })).toBe(false);
  });

  it('is replaced by the placeholder for everyone else, other fields untouched', () => {
    expect(visibleText(state, 'content', '广告', { id: 'u2', isCadre: false })).toBe(HELD_PLACEHOLDER);
    expect(visibleText(state, 'title', '标题', { id: 'u2', isCadre: false })).toBe('标题');
    expect(visibleText(undefined, 'content', '正文', { id: 'u2', isCadre: false })).toBe('正文');
  });

  it('is released field by field, remembering who released it', () => {
    const next = releaseFields(state, ['content'], { id: 'c1', name: '陈建军' }, '2026-11-27T01:00:00Z');
    expect(next.held).toEqual([]);
    expect(next.released).toEqual([{ field: 'content', byId: 'c1', byName: '陈建军', at: '2026-11-27T01:00:00Z' }]);
  });

  it('names the reason from the msgSecCheck label, or says a person will look at it', () => {
    expect(reasonForLabel(20006, 'risky')).toBe('疑似违法犯罪内容');
    expect(reasonForLabel(null, 'review')).toBe('内容需要人工复核');
    expect(reasonForLabel(99999, 'risky')).toBe('疑似违规内容');
  });
});

describe('releasing held text', () => {
  const held = [
    { field: 'content', authorId: 'u1' },
    { field: 'reason', authorId: 'c1' },
  ];

  it('frees only what someone else wrote', () => {
    expect(releasableHeld(held, 'c1')).toEqual([{ field: 'content', authorId: 'u1' }]);
    expect(releasableHeld(held, 'c2')).toEqual(held);
  });

  it('is refused to the author of everything held, and a conflict when nothing is held', () => {
    expect(releaseVerdict([{ authorId: 'c1' }], 'c1')).toBe('forbidden');
    expect(releaseVerdict(held, 'c1')).toBe('ok');
    expect(releaseVerdict([], 'c1')).toBe('conflict');
  });
});
