import { HELD_PLACEHOLDER, type HeldText } from '../../../../shared/domain/moderation';
import { heldFor, isMatterReviewer, powerFieldLabel, quotedFor, shownText, withHeld } from '../../../../shared/domain/power-moderation';

const held = (field: string, authorId = 'resident'): HeldText => ({ field, authorId, reason: '疑似欺诈内容', label: 20008, heldAt: '2026-11-27T02:00:00.000Z' });
const PATH = ['qianyang', 't-chengguan', 'v-fengfang', 'g-1'];

describe('petty-power content security rules', () => {
  it('calls held fields by the words a page shows, a step note by its step number', () => {
    expect(powerFieldLabel('title')).toBe('事项名称');
    expect(powerFieldLabel('step0Note')).toBe('第 1 步的办理意见');
    expect(powerFieldLabel('reply')).toBe('答复');
  });

  it('lets the cadres and supervisors over the matter review it, but not a grid leader doing a step', () => {
    expect(isMatterReviewer([{ role: 'supervisor', unitId: 'v-fengfang' }], PATH)).toBe(true);
    expect(isMatterReviewer([{ role: 'town-cadre', unitId: 't-chengguan' }], PATH)).toBe(true);
    expect(isMatterReviewer([{ role: 'grid-leader', unitId: 'g-1' }], PATH)).toBe(false);
    expect(isMatterReviewer([{ role: 'village-cadre', unitId: 'v-xijie' }], PATH)).toBe(false);
  });

  it('shows held text to its author and reviewers only, and text from before moderation as it is', () => {
    const state = { held: [held('title')] };
    expect(shownText(state, 'title', '刷单', { id: 'resident', isCadre: false })).toBe('刷单');
    expect(shownText(state, 'title', '刷单', { id: 'cadre', isCadre: true })).toBe('刷单');
    expect(shownText(state, 'title', '刷单', { id: 'grid', isCadre: false })).toBe(HELD_PLACEHOLDER);
    expect(shownText(state, undefined, '旧的说明', { id: 'grid', isCadre: false })).toBe('旧的说明');
    expect(heldFor(state, { id: 'grid', isCadre: false })).toBeUndefined();
    expect(heldFor(state, { id: 'resident', isCadre: false })).toEqual([{ field: 'title', reason: '疑似欺诈内容' }]);
  });

  it('quotes held text in a message only when every recipient is its author', () => {
    const state = { held: [held('text')] };
    expect(quotedFor(state, 'text', '刷单', ['resident'])).toBe('刷单');
    expect(quotedFor(state, 'text', '刷单', ['resident', 'supervisor'])).toBe(HELD_PLACEHOLDER);
    expect(quotedFor(state, 'text', '刷单', [])).toBe(HELD_PLACEHOLDER);
    expect(quotedFor(state, 'reply', '已答复', ['supervisor'])).toBe('已答复');
  });

  it('adds newly held text to what is held, keeping what was released', () => {
    const released = [{ field: 'title', byId: 'c', byName: '陈建军', at: '2026-11-27T03:00:00.000Z' }];
    const next = withHeld({ held: [held('applyNote')], released }, [held('step1Note', 'cadre')]);
    expect(next.held.map((h) => h.field)).toEqual(['applyNote', 'step1Note']);
    expect(next.released).toEqual(released);
    expect(withHeld(undefined, [held('title')]).held).toHaveLength(1);
  });
});
