import { instantOf } from '../../../../shared/domain/china-time';
import type { GeneratedSlot } from '../../../../shared/domain/police-hours';
import {
  canManageHome,
  capacityConflictText,
  periodIssues,
  planSlotChanges,
  sessionCapacityVerdict,
  slotLabel,
  tooShortForSlot,
  type ExistingSlot,
} from '../../../../shared/domain/police-manage';

const PATH = ['c-qianyang', 't-chengguan', 'v-fengfang'];

// 2026-12-08 is a Tuesday.
const at = (hhmm: string, date = '2026-12-08') => instantOf(date, hhmm).toISOString();
const slot = (start: string, end: string, booked: number, capacity = 3, extra: Partial<ExistingSlot> = {}): ExistingSlot => ({
  _id: `sl-${start}`,
  date: '2026-12-08',
  startAt: at(start),
  endAt: at(end),
  capacity,
  booked,
  status: 'open',
  closedReason: null,
  ...extra,
});
const wanted = (start: string, end: string, capacity: number): GeneratedSlot => ({ key: `20261208${start.replace(':', '')}`, date: '2026-12-08', startAt: at(start), endAt: at(end), capacity });

describe('canManageHome', () => {
  it('lets the officer of the home and the village cadre of its village manage it', () => {
    expect(canManageHome([{ role: 'police', unitId: 'v-fengfang' }], PATH)).toBe(true);
    expect(canManageHome([{ role: 'village-cadre', unitId: 'v-fengfang' }], PATH)).toBe(true);
  });

  it('leaves town and county cadres to read, and refuses another village’s officer and residents', () => {
    expect(canManageHome([{ role: 'town-cadre', unitId: 't-chengguan' }], PATH)).toBe(false);
    expect(canManageHome([{ role: 'county-admin', unitId: 'c-qianyang' }], PATH)).toBe(false);
    expect(canManageHome([{ role: 'police', unitId: 'v-xijie' }], PATH)).toBe(false);
    expect(canManageHome([{ role: 'resident', unitId: 'v-fengfang' }], PATH)).toBe(false);
  });
});

describe('periodIssues', () => {
  it('accepts back-to-back periods and the same hours on different days', () => {
    expect(
      periodIssues([
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '12:00', end: '13:00' },
        { weekday: 2, start: '09:00', end: '12:00' },
      ]),
    ).toEqual([]);
  });

  it('names a period that ends before (or when) it starts', () => {
    expect(periodIssues([{ start: '12:00', end: '09:00' }, { start: '14:00', end: '14:00' }])).toEqual([
      { index: 0, field: 'end', message: '结束时间要晚于开始时间' },
      { index: 1, field: 'end', message: '结束时间要晚于开始时间' },
    ]);
  });

  it('names the later of two periods of one day that overlap, with both times', () => {
    expect(periodIssues([{ weekday: 3, start: '09:00', end: '12:00' }, { weekday: 3, start: '11:30', end: '13:00' }])).toEqual([
      { index: 1, field: 'start', message: '周三11:30–13:00与09:00–12:00重叠了' },
    ]);
  });
});

describe('tooShortForSlot', () => {
  it('names the periods too short for one slot', () => {
    expect(tooShortForSlot([{ weekday: 2, start: '09:00', end: '09:20' }, { weekday: 2, start: '10:00', end: '11:00' }], 30)).toEqual([0]);
  });
});

describe('planSlotChanges', () => {
  it('changes the capacity of slots the new week still offers, booked ones included while bookings fit', () => {
    const plan = planSlotChanges([slot('09:00', '09:30', 2), slot('09:30', '10:00', 0)], [wanted('09:00', '09:30', 2), wanted('09:30', '10:00', 2)]);
    expect(plan.update).toEqual([
      { id: 'sl-09:00', capacity: 2, endAt: at('09:30') },
      { id: 'sl-09:30', capacity: 2, endAt: at('10:00') },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it('refuses to shrink a slot below its bookings: it is a conflict, and nothing about it is updated', () => {
    const plan = planSlotChanges([slot('09:00', '09:30', 3)], [wanted('09:00', '09:30', 2)]);
    expect(plan.conflicts).toEqual([{ ...slot('09:00', '09:30', 3), wanted: 2 }]);
    expect(plan.update).toEqual([]);
  });

  it('removes empty slots the new week no longer offers and keeps booked ones for their bookings', () => {
    const plan = planSlotChanges([slot('09:00', '09:30', 1), slot('09:30', '10:00', 0)], []);
    expect(plan.remove).toEqual(['sl-09:30']);
    expect(plan.keep.map((s) => s._id)).toEqual(['sl-09:00']);
  });

  it('reshapes an empty slot whose length changed and keeps a booked one as it was booked', () => {
    const plan = planSlotChanges([slot('09:00', '09:30', 0), slot('10:00', '10:30', 2)], [wanted('09:00', '10:00', 3), wanted('10:00', '11:00', 3)]);
    expect(plan.update).toEqual([{ id: 'sl-09:00', capacity: 3, endAt: at('10:00') }]);
    expect(plan.keep.map((s) => s._id)).toEqual(['sl-10:00']);
  });

  it('lists the new week’s slots that do not exist yet, and reopens a kept slot the week offers again', () => {
    const kept = slot('09:00', '09:30', 1, 3, { status: 'closed', closedReason: '预约时间已调整' });
    const holiday = slot('09:30', '10:00', 0, 3, { status: 'closed', closedReason: '元旦放假' });
    const plan = planSlotChanges([kept, holiday], [wanted('09:00', '09:30', 3), wanted('09:30', '10:00', 3), wanted('10:00', '10:30', 3)], { reopenClosedBecause: '预约时间已调整' });
    expect(plan.reopen).toEqual(['sl-09:00']);
    expect(plan.create.map((g) => g.startAt)).toEqual([at('10:00')]);
  });
});

describe('slotLabel and capacityConflictText', () => {
  it('says the date, weekday, time and how many booked, in time order', () => {
    expect(slotLabel(slot('09:00', '09:30', 3))).toBe('12月8日 周二 09:00–09:30，已约 3 人');
    const text = capacityConflictText([
      { ...slot('10:00', '10:30', 4), wanted: 2 },
      { ...slot('09:00', '09:30', 3), wanted: 2 },
    ]);
    expect(text).toBe(
      '有 2 个时段已约人数超过新的容量 2 人，不能这样改：12月8日 周二 09:00–09:30，已约 3 人；12月8日 周二 10:00–10:30，已约 4 人。请先与这些居民联系改约，或把容量设得不少于已约人数。',
    );
  });
});

describe('sessionCapacityVerdict', () => {
  it('never lets a session’s capacity go below the places already confirmed', () => {
    expect(sessionCapacityVerdict(5, 5)).toBe('ok');
    expect(sessionCapacityVerdict(4, 5)).toBe('conflict');
  });
});
