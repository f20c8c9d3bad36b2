import { DEFAULT_CASE_CONFIG } from '../../../../shared/domain/case-catalogue';
import { clockFor, daysBetween, daysLeft, deadlineText, followUpDueAt, followUpKind, isOverdue } from '../../../../shared/domain/case-deadlines';

const from = '2026-03-01T02:00:00.000Z';

describe('case deadlines', () => {
  it('gives the village 7 days, the town 15 and the county 30 by default, warning a day before', () => {
    expect(clockFor('village', from, DEFAULT_CASE_CONFIG)).toEqual({
      deadlineAt: '2026-03-08T02:00:00.000Z',
      warnAt: '2026-03-07T02:00:00.000Z',
      escalateAt: '2026-03-08T02:00:00.000Z',
    });
    expect(clockFor('town', from, DEFAULT_CASE_CONFIG).deadlineAt).toBe('2026-03-16T02:00:00.000Z');
    expect(clockFor('county', from, DEFAULT_CASE_CONFIG).deadlineAt).toBe('2026-03-31T02:00:00.000Z');
  });

  it('reads the limits from the county data it is given', () => {
    const config = { deadlineDays: { village: 3, town: 10, county: 20 }, warnHours: 12 };
    expect(clockFor('village', from, config)).toMatchObject({ deadlineAt: '2026-03-04T02:00:00.000Z', warnAt: '2026-03-03T14:00:00.000Z' });
  });

  it('never schedules a warning before the level received the case', () => {
    const config = { deadlineDays: { village: 0.5, town: 15, county: 30 }, warnHours: 24 };
    expect(clockFor('village', from, config).warnAt).toBe(from);
  });

  it('schedules the follow-up 15 days after an agreement by default', () => {
    expect(followUpDueAt(from, DEFAULT_CASE_CONFIG)).toBe('2026-03-16T02:00:00.000Z');
  });

  it('counts days left and overdue in words', () => {
    const deadline = '2026-03-08T02:00:00.000Z';
    expect(isOverdue(deadline, '2026-03-08T01:59:59.000Z')).toBe(false);
    expect(isOverdue(deadline, deadline)).toBe(true);
    expect(isOverdue(null, deadline)).toBe(false);
    expect(daysLeft(deadline, '2026-03-05T01:00:00.000Z')).toBe(3);
    expect(deadlineText(deadline, '2026-03-05T01:00:00.000Z')).toBe('剩3天');
    expect(deadlineText(deadline, '2026-03-07T20:00:00.000Z')).toBe('今天到期');
    expect(deadlineText(deadline, '2026-03-08T05:00:00.000Z')).toBe('已超期1天');
    expect(deadlineText(deadline, '2026-03-10T05:00:00.000Z')).toBe('已超期3天');
  });

  it('measures days to resolve with one decimal', () => {
    expect(daysBetween(from, '2026-03-04T14:00:00.000Z')).toBe(3.5);
  });
});

describe('followUpKind', () => {
  const due = '2026-03-16T02:00:00.000Z';
  it('makes a follow-up on or after the due time the check that closes the case', () => {
    expect(followUpKind(due, due)).toBe('due');
    expect(followUpKind(due, '2026-03-20T00:00:00.000Z')).toBe('due');
    expect(followUpKind(null, '2026-03-01T00:00:00.000Z')).toBe('due');
  });
  it('makes an earlier one an interim contact, or an early close when it gives a reason', () => {
    expect(followUpKind(due, '2026-03-01T02:00:00.000Z')).toBe('interim');
    expect(followUpKind(due, '2026-03-01T02:00:00.000Z', '  ')).toBe('interim');
    expect(followUpKind(due, '2026-03-01T02:00:00.000Z', '一方已搬离本村')).toBe('early');
  });
});
