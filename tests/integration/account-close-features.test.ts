import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COLLECTION_NAMES } from '../../cloudfunctions/_lib/collections';
import { sanitation } from '../../cloudfunctions/sanitation';
import { addDays, chinaDate } from '../../shared/domain/china-time';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import type { AlertGridRecord } from '../../shared/domain/alert-records';
import type { CouncilRecord, CouncilTopicRecord } from '../../shared/domain/council-records';
import type { PhotoRecord } from '../../shared/domain/photo-records';
import type { ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { VolunteerRecord } from '../../shared/domain/volunteer-records';
import { SqlCounts } from '../support/county-checks';
import { drainEffects } from '../../cloudfunctions/_lib/effects';
import { eraseClosedAccounts } from '../support/erasure';
import { exportOf } from '../support/my-data';
import { watchQueries } from '../support/query-watch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import type { VolunteerSignupRecord } from '../../shared/domain/volunteer-records';

/**
 * 注销账号 across the newer features (议事协商, 风险预警, 三污治理, 党建+志愿者, the grid's care register):
 * a resident takes part in each through the gateway, closes the account, and each record is what
 * cloudfunctions/auth/closing.ts (and the privacy guide) says. The name is then searched for in every
 * collection with plain SQL over the SQLite file.
 */
const NAME = '苏玉梅';
const GRID = 'g-fengfang-1';
const V = 'v-fengfang';

let t: TestRuntime;
let n = 0;
const rid = () => `req-close-f-${++n}`;

async function doc<T>(collection: string, id: string): Promise<T | undefined> {
  return ((await t.runtime.db.collection(collection).doc(id).get()).data as T[])[0];
}

beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('auth.closeAccount across 议事协商, 预警, 随手拍, 志愿者 and the care register', () => {
  let token: string;
  let me: string;
  let topicId: string;
  let alertId: string;
  let photoId: string;
  let photoFileId: string;
  let orderId: string;
  let careId: string;
  let certCode: string;

  beforeAll(async () => {
    token = await t.loginOpenid('wx-close-features-01');
    me = ok(await t.call('auth', 'register', { name: NAME, orgUnitId: V, householdId: 'h-fengfang-1-02' }, token)).user.id;
    ok(await t.call('auth', 'confirmResident', { userId: me, decision: 'confirm' }, await t.login('village-cadre')));

    // 议事会: the town puts her in the 居民代表 body; she raises a topic and follows it.
    const town = await t.login('town-cadre');
    const current = ok(await t.call('councils', 'council', { villageId: V }, town)).council;
    const bodies = current.bodies.map((b: { key: string; kind: string; name: string; representatives: { id: string }[] }) => ({
      key: b.key,
      kind: b.kind,
      name: b.name,
      representativeIds: [...b.representatives.map((r) => r.id), ...(b.key === 'reps' ? [me] : [])],
    }));
    ok(await t.call('councils', 'saveCouncil', { villageId: V, name: current.name, secretaryId: 'village-cadre', bodies, order: current.order }, town));
    topicId = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-01', title: '修一修村口的路', content: '村口那段路坑坑洼洼，下雨天老人没法走。', requestId: rid() }, token)).id;
    ok(await t.call('councils', 'follow', { topicId, on: true }, token));
    // She nominates a neighbour, and a neighbour nominates her, for this year's 最美社区人.
    ok(await t.call('councils', 'nominate', { honourId: 'ch-seed-fengfang', nomineeId: 'r-fengfang-3', reason: '每周都来教老人用手机，从不嫌麻烦。' }, token));
    ok(await t.call('councils', 'nominate', { honourId: 'ch-seed-fengfang', nomineeId: me, reason: '常年照顾生病的邻居老人，热心肠。' }, await t.login('resident')));

    // 预警: appointed grid leader for a while, she acknowledges an alert for her grid, then hands over.
    const admin = await t.login('county-admin');
    ok(await t.call('admin', 'appoint', { userId: me, role: 'grid-leader', unitId: GRID }, admin));
    alertId = ok(
      await t.call(
        'alerts',
        'issue',
        {
          kind: 'rainstorm',
          severity: 'severe',
          urgency: 'immediate',
          title: '今夜有大暴雨',
          instruction: '请不要去河边和沟道，住在低洼处的人家今晚八点前转移到村委会。',
          description: '',
          areaUnitIds: [V],
          expiresInHours: 24,
          ackWithinMinutes: 60,
          townAfterMinutes: 30,
          requestId: rid(),
        },
        town,
      ),
    ).id;
    ok(await t.call('alerts', 'acknowledge', { alertId, gridId: GRID, householdsReached: 6, careReachedIds: [], note: '挨家挨户通知到了' }, token));
    ok(await t.call('admin', 'removeRole', { userId: me, role: 'grid-leader', unitId: GRID, successorId: 'grid-leader' }, admin));

    // 随手拍 with a photo (uploaded as Taro.cloud.uploadFile does, through the gateway's storage route).
    const cloudPath = `incoming/${me}/${randomUUID().replace(/-/g, '')}.jpg`;
    const bytes = readFileSync(path.resolve(__dirname, '../fixtures/photos', 'bin-with-gps.jpg'));
    const up = await fetch(`${t.url}/api/_storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: bytes });
    const fileID = ((await up.json()) as { data: { fileID: string } }).data.fileID;
    photoId = ok(await t.call('sanitation', 'photo', { fileId: fileID }, token)).photo.id;
    const reportId = ok(await t.call('sanitation', 'report', { requestId: rid(), category: 'dumping', placeText: '村口河道边', photoIds: [photoId] }, token)).reportId;
    // 派单: the sanitation timer opens its order.
    await sanitation.runTimer('dispatch');
    orderId = (await doc<ReportRecord>('sanitationReports', reportId))!.orderId!;
    await t.runtime.mediaCheck.flush();
    photoFileId = (await doc<PhotoRecord>('photos', photoId))!.fileId;

    // 志愿者.
    const v = ok(await t.call('volunteers', 'join', { skills: ['digital'], availability: ['weekend'] }, token));
    if (v.status === 'pending') ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, await t.login('village-cadre')));
    certCode = (await doc<VolunteerRecord>('volunteers', `vl-${me}`))!.certCode;
    // Joining carries the cadres' notice on her volunteer record (_lib/effects.ts): the dispatch timer's first step writes it out.
    await drainEffects(t.runtime.db);

    // The grid leader puts her on the care register: linked to her account by household and name.
    careId = ok(
      await t.call(
        'admin',
        'careAdd',
        { gridId: GRID, name: NAME, kinds: ['living-alone-elderly'], address: '冯坊村一组', householdId: 'h-fengfang-1-02', phone: '13709171234', note: '一个人住，血压高，女儿电话13609175678' },
        await t.login('grid-leader'),
      ),
    ).item.id;
  });

  it('exports the care-register entry about her (note and phones masked) and the alert she acknowledged, in one part within the budget', async () => {
    expect((await doc<CareRecipientRecord>('careRecipients', careId))!.userId).toBe(me);
    const watch = watchQueries(t.runtime.engine);
    try {
      const { result, requests } = await watch.measure('auth.exportMyData care', () => t.call('auth', 'exportMyData', { part: 'care' }, token));
      expect(requests).toBeLessThanOrEqual(6);
      expect(watch.scans).toEqual([]);
      const care = ok(result).care;
      expect(care.register).toEqual([
        expect.objectContaining({ id: careId, name: NAME, phoneMasked: '137****1234', note: '一个人住，血压高，女儿电话136****5678', active: true }),
      ]);
      expect(JSON.stringify(care)).not.toContain('13709171234');
      expect(care.alertAcks).toEqual([expect.objectContaining({ alertId, alertTitle: '今夜有大暴雨', gridId: GRID, householdsReached: 6, careReached: 0, note: '挨家挨户通知到了' })]);
    } finally {
      watch.stop();
    }
    // The whole copy carries it too.
    expect((await exportOf(t, token)).care.register).toHaveLength(1);
    // Somebody else's copy does not.
    expect((await exportOf(t, await t.login('resident'))).care).toEqual({ register: [], alertAcks: [] });
  });

  it('closes the account', async () => {
    expect(await t.runtime.files.read(photoFileId)).not.toBeNull();
    expect(ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, token))).toEqual({ closed: true });
    await eraseClosedAccounts(t);
  });

  it('takes her out of the council’s member body, and her topic keeps its place without her name', async () => {
    const council = (await doc<CouncilRecord>('councils', `cn-${V}`))!;
    expect(council.bodies.flatMap((b) => b.representativeIds)).not.toContain(me);
    const view = ok(await t.call('councils', 'council', { villageId: V }, await t.login('town-cadre'))).council;
    expect(JSON.stringify(view)).not.toContain(me);
    const topic = (await doc<CouncilTopicRecord>('councilTopics', topicId))!;
    expect(topic.raisedBy).toMatchObject({ userId: me, name: '已注销用户', gender: null });
    expect(topic.title).toBe('修一修村口的路');
    expect(await t.count('councilFollows', { userId: me })).toBe(0);
    // The round is still taking nominations: hers is withdrawn, without her name, on the public honour page too.
    const noms = (await t.runtime.db.collection('councilNominations').where({ nomineeId: me }).get()).data as { nomineeName: string; status: string; withdrawnReason: string }[];
    expect(noms.map((x) => [x.nomineeName, x.status, x.withdrawnReason])).toEqual([['已注销用户', 'withdrawn', '被提名人注销了账号']]);
    expect(JSON.stringify(ok(await t.call('councils', 'honour', { honourId: 'ch-seed-fengfang' }, await t.login('resident'))))).not.toContain(NAME);
    // The neighbour she nominated stays a candidate; the nomination no longer names who made it.
    const made = (await t.runtime.db.collection('councilNominations').where({ 'nominatedBy.userId': me }).get()).data as { nomineeId: string; status: string; nominatedBy: { name: string } }[];
    expect(made.map((x) => [x.nomineeId, x.status, x.nominatedBy.name])).toEqual([['r-fengfang-3', 'standing', '已注销用户']]);
  });

  it('keeps the grid’s acknowledgement (households, time) under 已注销用户', async () => {
    const g = (await doc<AlertGridRecord>('alertGrids', `${alertId}-${GRID}`))!;
    expect(g.acks).toEqual([expect.objectContaining({ userId: me, name: '已注销用户', householdsReached: 6 })]);
    expect(g.householdsReached).toBe(6);
  });

  it('deletes her 随手拍 photo from storage and from the order, and the order and report no longer name her', async () => {
    expect(await t.count('photos', { ownerId: me })).toBe(0);
    expect(await t.runtime.files.read(photoFileId)).toBeNull();
    const order = (await doc<WorkOrderRecord>('sanitationOrders', orderId))!;
    expect(order.photos.map((p) => p.photoId)).not.toContain(photoId);
    expect(order.photosChecked).toBe(true);
    const reports = (await t.runtime.db.collection('sanitationReports').where({ reporterId: me }).get()).data as ReportRecord[];
    expect(reports.map((r) => [r.reporterName, r.reporterGender])).toEqual([['已注销用户', null]]);
    const seen = ok(await t.call('sanitation', 'order', { orderId }, await t.login('village-cadre')));
    expect(seen.photos).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('苏');
    expect(seen.reporters).toEqual([expect.objectContaining({ name: '已注销用户' })]);
  });

  it('keeps the volunteer certificate verifiable by its code (surname only) and takes her off the volunteer list', async () => {
    const v = (await doc<VolunteerRecord>('volunteers', `vl-${me}`))!;
    expect(v).toMatchObject({ name: '苏', skills: [], availability: [], closedAt: expect.any(String) });
    const cert = ok(await t.call('volunteers', 'certificate', { code: certCode }));
    expect(cert.name.startsWith('苏')).toBe(true);
    expect(cert.name).not.toContain('玉梅');
    const list = ok(await t.call('volunteers', 'volunteers', { unitId: V, status: 'confirmed' }, await t.login('village-cadre'))).items as { id: string }[];
    expect(list.map((x) => x.id)).not.toContain(`vl-${me}`);
  });

  it('keeps her on the grid’s care register (cared for offline) but no longer linked to the closed account', async () => {
    const e = (await doc<CareRecipientRecord>('careRecipients', careId))!;
    expect(e).toMatchObject({ userId: null, name: NAME, active: true });
    const list = ok(await t.call('admin', 'careList', { gridId: GRID }, await t.login('grid-leader'))).items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(careId);
  });

  it('leaves her name nowhere but the care register and its audit entry, by plain SQL over every collection: no cadre’s inbox names her', () => {
    const sql = new SqlCounts(t.runtime.engine);
    const holding = COLLECTION_NAMES.filter((c) => sql.one(c, 'count(*)', 'WHERE body LIKE ?', `%${NAME}%`) > 0).sort();
    expect(holding).toEqual(['auditLog', 'careRecipients']);
    const audits = sql.all<{ action: string }>('auditLog', "json_extract(body, '$.action') AS action", 'WHERE body LIKE ?', `%${NAME}%`);
    expect(audits.map((a) => a.action)).toEqual(['admin.care.add']);
    // The notices the cadres received about her (joining the village, volunteering, her hand-over) are still there, naming 已注销用户.
    const about = sql.all<{ kind: string; body: string }>('notifications', "json_extract(body, '$.kind') AS kind, json_extract(body, '$.body') AS body", `WHERE json_extract(body, '$.aboutId') = ?`, me);
    expect(about.map((x) => x.kind).sort()).toEqual(['admin.handedOver', 'resident.registered', 'volunteer.joined']);
    for (const x of about) expect(x.body).toContain('已注销用户');
    expect(sql.one('notifications', 'count(*)', 'WHERE body LIKE ? OR body LIKE ?', `%${NAME}%`, '%苏女士%')).toBe(0);
    expect(sql.one('notifications', 'count(*)', `WHERE json_extract(body, '$.recipientId') = ?`, me)).toBe(0);
  });
});

describe('auth.closeAccount and a volunteer activity or a venue booking still ahead', () => {
  it('waits until the person cancels the sign-up and the booking, writing nothing, then closes and keeps both without the name', async () => {
    const token = await t.loginOpenid('wx-close-features-02');
    const me = ok(await t.call('auth', 'register', { name: '贺春燕', orgUnitId: V, householdId: 'h-fengfang-1-03' }, token)).user.id;
    ok(await t.call('auth', 'confirmResident', { userId: me, decision: 'confirm' }, await t.login('village-cadre')));
    const v = ok(await t.call('volunteers', 'join', { skills: ['digital'], availability: ['weekend'] }, token));
    if (v.status === 'pending') ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, await t.login('village-cadre')));
    const activityId = 'va-seed-fengfang-ahead';
    ok(await t.call('volunteers', 'signUp', { activityId }, token));
    const date = addDays(chinaDate(new Date()), 3);
    const booking = ok(await t.call('volunteers', 'bookVenue', { venueId: 've-seed-fengfang-court', date, startHour: 10, hours: 1, purpose: '打羽毛球', requestId: rid() }, token));

    const before = await snapshotCounts(t, [...COLLECTION_NAMES]);
    const refused = await t.call('auth', 'closeAccount', { confirm: '注销' }, token);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您报名了1场志愿服务活动，请先取消报名再注销；您预约了1次场地，请先取消预约再注销' } });
    expect(await snapshotCounts(t, [...COLLECTION_NAMES])).toEqual(before);

    ok(await t.call('volunteers', 'cancelSignup', { activityId }, token));
    ok(await t.call('volunteers', 'cancelVenueBooking', { bookingId: booking.id }, token));
    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, token));
    await eraseClosedAccounts(t);
    const signups = (await t.runtime.db.collection('volunteerSignups').where({ userId: me }).get()).data as VolunteerSignupRecord[];
    expect(signups.map((x) => [x.status, x.userName])).toEqual([['cancelled', '已注销用户']]);
    const bookings = (await t.runtime.db.collection('venueBookings').where({ userId: me }).get()).data as { status: string; userName: string; purpose: string }[];
    expect(bookings.map((x) => [x.status, x.userName, x.purpose])).toEqual([['cancelled', '已注销用户', '打羽毛球']]);
  });
});

describe('auth.closeAccount and 双报到', () => {
  it('ends a confirmed registration, kept for the party organisation’s record', async () => {
    const org = ok(await t.call('admin', 'registerPartyOrg', { name: '县财政局党支部', secretaryId: 'supervisor' }, await t.login('county-admin'))).partyOrg;
    const token = await t.loginOpenid('wx-close-features-03');
    const me = ok(await t.call('auth', 'register', { name: '田建国', orgUnitId: V, householdId: 'h-fengfang-1-05' }, token)).user.id;
    const cadre = await t.login('village-cadre');
    ok(await t.call('auth', 'confirmResident', { userId: me, decision: 'confirm' }, cadre));
    const applied = ok(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id }, token)).registration;
    ok(await t.call('admin', 'decidePartyRegistration', { registrationId: applied.id, decision: 'confirm' }, cadre));

    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, token));
    await eraseClosedAccounts(t);
    expect(await doc<{ status: string; decidedById: string }>('partyRegistrations', `pr-${me}`)).toMatchObject({ status: 'ended', decidedById: me });
    const confirmed = ok(await t.call('admin', 'partyRegistrations', { unitId: V, status: 'confirmed' }, cadre)).items as { id: string }[];
    expect(confirmed.map((x) => x.id)).not.toContain(`pr-${me}`);
  });
});
