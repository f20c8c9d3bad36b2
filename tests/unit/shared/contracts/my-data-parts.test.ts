import { assembleMyData, authContract, MY_DATA_PARTS, myDataExport, type MyDataPart } from '../../../../shared/contracts/auth';

/** One part of each kind, as small as the schema allows. */
const parts: MyDataPart[] = [
  {
    part: 'account',
    exportedAt: '2026-12-01T00:00:00.000Z',
    user: { id: 'u1', openid: 'wx1', name: '王秀兰', persona: 'resident', roles: [], residence: null, resettled: false, birthYear: null, phoneMasked: null, createdAt: '2026-01-01T00:00:00.000Z' },
    subscriptions: [],
    auditEntries: [],
  },
  { part: 'wishes', wishes: [] },
  { part: 'notifications', notifications: [] },
  { part: 'policeBookings', policeHome: { bookings: [], noShowAt: ['2026-11-01'], signups: [] } },
  { part: 'policeVisits', policeHome: { tickets: [], homeVisits: [] } },
  { part: 'cases', cases: [] },
  { part: 'powers', powers: { matters: [], complaints: [] } },
  { part: 'points', points: null },
  { part: 'councilTopics', councils: { topics: [], supports: [], follows: [], ballots: [], ratings: [] } },
  { part: 'councilHonours', councils: { acknowledgements: [], nominations: [], objections: [], honours: [] } },
  { part: 'sanitation', sanitation: { reports: [], photos: [], household: null } },
  { part: 'volunteering', volunteering: { volunteer: null, signups: [], hours: [], visits: [], venueBookings: [] } },
  { part: 'care', care: { register: [], alertAcks: [] } },
];

describe('the privacy export in parts', () => {
  it('puts every part into one copy of the whole export’s shape', () => {
    const whole = assembleMyData([...parts].reverse());
    expect(myDataExport.safeParse(whole).success).toBe(true);
    expect(whole.policeHome).toEqual({ bookings: [], noShowAt: ['2026-11-01'], signups: [], tickets: [], homeVisits: [] });
    expect(whole.user.name).toBe('王秀兰');
  });

  it('refuses a copy with a part missing rather than hand out a shorter one', () => {
    expect(() => assembleMyData(parts.filter((p) => p.part !== 'cases'))).toThrow(/cases/);
  });

  it('names every part in the action input and every part has an output shape', () => {
    const { input, output } = authContract.actions.exportMyData;
    for (const part of MY_DATA_PARTS) expect(input.safeParse({ part }).success).toBe(true);
    expect(input.safeParse({}).success).toBe(false);
    for (const p of parts) expect(output.safeParse(p).success).toBe(true);
    expect(new Set(parts.map((p) => p.part))).toEqual(new Set(MY_DATA_PARTS));
  });
});
