import {
  CASE_TEXT,
  caseText,
  caseTextLabel,
  heldNoticeText,
  heldShownTo,
  isHiddenFrom,
  maskHeldIn,
  maskQuotedNote,
  releasableBy,
  textAt,
} from '../../../../shared/domain/case-moderation';
import { HELD_PLACEHOLDER, type HeldText, type ModerationState } from '../../../../shared/domain/moderation';

const at = '2026-11-27T00:00:00Z';
const held = (field: string, authorId: string, reason = '疑似违法犯罪内容'): HeldText => ({ field, authorId, reason, label: 20006, heldAt: at });
const state: ModerationState = { held: [held('sessions.1.summary', 'mediator'), held('description', 'resident', '疑似欺诈内容')] };
const record = {
  description: '有人刷单',
  sessions: [{ summary: '第一次调解' }, { summary: '双方说起赌博的事' }],
};
const reporter = { id: 'resident', handler: false };
const handler = { id: 'cadre', handler: true };
const bystander = { id: 'grid', handler: false };

describe('held text on a dispute case', () => {
  it('names each text by where it lives on the case, and in words for people', () => {
    expect(CASE_TEXT.sessionSummary(2)).toBe('sessions.2.summary');
    expect(CASE_TEXT.followUpNote(0)).toBe('followUps.0.note');
    expect(caseTextLabel('sessions.1.summary')).toBe('第2次调解记录');
    expect(caseTextLabel('outcomes.0.agreement')).toBe('调解协议');
    expect(caseTextLabel('screening.place')).toBe('发生地点');
    expect(caseTextLabel('unknown.thing')).toBe('填写的内容');
  });

  it('reaches its author and the current handlers, and shows everyone else the placeholder', () => {
    expect(caseText(state, 'sessions.1.summary', '赌博', handler)).toBe('赌博');
    expect(caseText(state, 'sessions.1.summary', '赌博', { id: 'mediator', handler: false })).toBe('赌博');
    expect(caseText(state, 'sessions.1.summary', '赌博', reporter)).toBe(HELD_PLACEHOLDER);
    expect(caseText(state, 'description', '刷单', reporter)).toBe('刷单');
    expect(caseText(state, 'description', '刷单', bystander)).toBe(HELD_PLACEHOLDER);
    expect(caseText(state, 'sessions.0.summary', '第一次调解', bystander)).toBe('第一次调解');
    expect(caseText(undefined, 'description', '正文', bystander)).toBe('正文');
    expect(isHiddenFrom(state, 'description', handler)).toBe(false);
  });

  it('tells the author about their own held text and a handler about all of it', () => {
    expect(heldShownTo(state, reporter)).toEqual([{ field: 'description', reason: '疑似欺诈内容' }]);
    expect(heldShownTo(state, handler).map((h) => h.field)).toEqual(['sessions.1.summary', 'description']);
    expect(heldShownTo(state, bystander)).toEqual([]);
  });

  it('lets a handler release what others wrote, never their own text, and nobody else release anything', () => {
    expect(releasableBy(state, handler).map((h) => h.field)).toEqual(['sessions.1.summary', 'description']);
    expect(releasableBy(state, handler, 'description').map((h) => h.field)).toEqual(['description']);
    expect(releasableBy(state, { id: 'mediator', handler: true }).map((h) => h.field)).toEqual(['description']);
    expect(releasableBy(state, reporter)).toEqual([]);
  });

  it('masks the words a timeline note quotes from a hidden field, and the whole note if they cannot be found', () => {
    const note = '2026-11-20 王调解员主持：双方说起赌博的事';
    expect(textAt(record, 'sessions.1.summary')).toBe('双方说起赌博的事');
    expect(textAt(record, 'sessions.9.summary')).toBeNull();
    expect(maskQuotedNote(note, ['sessions.1.summary'], state, record, bystander)).toBe(`2026-11-20 王调解员主持：${HELD_PLACEHOLDER}`);
    expect(maskQuotedNote(note, ['sessions.1.summary'], state, record, handler)).toBe(note);
    expect(maskQuotedNote('已改写的记录', ['sessions.1.summary'], state, record, bystander)).toBe(HELD_PLACEHOLDER);
    expect(maskQuotedNote(note, undefined, state, record, bystander)).toBe(note);
  });

  it('keeps held words out of messages and tells the author what waits and why', () => {
    expect(maskHeldIn('协议：有人刷单。', [held('description', 'resident')], { description: '有人刷单' })).toBe(`协议：${HELD_PLACEHOLDER}。`);
    expect(heldNoticeText([held('sessions.0.summary', 'm'), held('outcomes.0.agreement', 'm')])).toEqual({
      title: '您填写的第1次调解记录、调解协议需要人工复核',
      body: '原因：疑似违法犯罪内容。复核通过前，只有您和承办人员能看到。',
    });
  });
});
