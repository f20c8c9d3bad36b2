import { HELD_PLACEHOLDER, type HeldText } from '../../../../shared/domain/moderation';
import { exceptionField, policeFieldLabel, sessionHidden } from '../../../../shared/domain/police-moderation';
import { hiddenCadreTexts, maskWith, type ModeratedLedger, type ModeratedObjection } from '../../../../shared/domain/points-moderation';

const held = (field: string, authorId: string): HeldText => ({ field, authorId, reason: '疑似违法犯罪内容', label: 20006, heldAt: '2026-12-07T00:00:00.000Z' });

describe('police moderation rules', () => {
  it('hides a session with anything held from residents, not from those over the home', () => {
    expect(sessionHidden({ held: [held('place', 'officer')] }, { isCadre: false })).toBe(true);
    expect(sessionHidden({ held: [held('place', 'officer')] }, { isCadre: true })).toBe(false);
    expect(sessionHidden({ held: [] }, { isCadre: false })).toBe(false);
    expect(sessionHidden(undefined, { isCadre: false })).toBe(false);
  });

  it('names the held fields in words a page can show', () => {
    expect(policeFieldLabel(exceptionField('2026-12-15'))).toBe('2026-12-15的调整说明');
    expect(policeFieldLabel('declineReason')).toBe('未能安排的原因');
  });
});

describe('points moderation rules', () => {
  const objection = { decisionReason: '家中有人赌博', moderation: { held: [held('decisionReason', 'cadre')] } } as unknown as ModeratedObjection;
  const adjustment = { kind: 'adjustment', reason: '参与赌博被处理', moderation: { held: [held('reason', 'cadre')] } } as unknown as ModeratedLedger;

  it("masks a cadre's held texts for the household wherever they were copied", () => {
    const mask = maskWith(hiddenCadreTexts([objection], [adjustment], { id: 'resident', isCadre: false }));
    expect(mask('家中有人赌博')).toBe(HELD_PLACEHOLDER);
    expect(mask('参与赌博被处理')).toBe(HELD_PLACEHOLDER);
    expect(mask('河道清理日未出工')).toBe('河道清理日未出工');
    expect(mask(null)).toBeNull();
  });

  it('masks nothing for the author or a cadre over the village', () => {
    expect(hiddenCadreTexts([objection], [adjustment], { id: 'cadre', isCadre: false }).size).toBe(0);
    expect(hiddenCadreTexts([objection], [adjustment], { id: 'someone', isCadre: true }).size).toBe(0);
  });
});
