import type { Db } from '@cloudbase/database';
import type { Persona } from '../../shared/contracts/common';
import type { Role } from '../../shared/contracts/auth';
import type {
  HouseholdRecord,
  NotificationRecord,
  OrgUnitRecord,
  UserRecord,
  WishRecord,
} from '../../shared/domain/records';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import { ageOf } from '../../shared/domain/age';
import type { CareKind } from '../../shared/domain/care';
import { chinaYear } from '../../shared/domain/china-time';
import { wishPriority } from '../../shared/domain/wish-rules';
import type { WishCategory, WishStatus, WishTimelineEvent } from '../../shared/domain/wish-state';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { findById } from '../../cloudfunctions/_lib/db';
import { planCounty } from '../../scripts/provision/plan';
import { provisionCounty } from '../../scripts/provision/provision';
import type { ProvisionTarget } from '../../scripts/provision/target';
import { seedAlerts } from './alerts';
import { seedCases } from './cases';
import { seedCouncils } from './councils';
import { seedPolice } from './police';
import { seedPoints } from './points';
import { seedVolunteers } from './volunteers';
import { lastYearsFile, seedPowers } from './powers';
import { seedSanitation } from './sanitation';
import { COUNTY, DEMO_GRID, DEMO_RESETTLEMENT, DEMO_TOWN, DEMO_VILLAGE, personName, QIANYANG } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

export * from './geography';

/**
 * The demo: Qianyang provisioned from its county file like any county, then its people on top.
 * Provisioning runs on every start (it only adds what the file has and the data lacks); the people
 * are written once, when the demo's first persona is missing.
 */
export async function seedIfEmpty(db: Db, target: ProvisionTarget): Promise<boolean> {
  const now = clock.now();
  if (await findById(db, COLLECTIONS.users.name, 'resident')) {
    await provisionCounty(target, QIANYANG, { at: now.toISOString() });
    return false;
  }
  // The county as it was provisioned a year ago, then this year's file: the power list's revised
  // item arrives as a new version, as it would in a county that upgrades by running provision again.
  await provisionCounty(target, lastYearsFile(QIANYANG), { at: new Date(now.getTime() - 400 * DAY_MS).toISOString() });
  await provisionCounty(target, QIANYANG, { at: new Date(now.getTime() - 90 * DAY_MS).toISOString() });
  await seed(db);
  return true;
}

interface Seeded {
  households: HouseholdRecord[];
  users: UserRecord[];
  wishes: WishRecord[];
  notifications: Omit<NotificationRecord, '_id'>[];
  /** Grid id → its 网格党小组 members. */
  partyGroups: Map<string, string[]>;
  careRecipients: CareRecipientRecord[];
}

/** The org units the county file stands for, as provisioning writes them. */
function provisionedUnits(): OrgUnitRecord[] {
  return planCounty(QIANYANG, new Date(0).toISOString())
    .filter((p) => p.collection === 'orgUnits')
    .map((p) => p.doc as unknown as OrgUnitRecord);
}

export function buildSeed(now: Date): Seeded {
  const year = chinaYear(now);
  const units = provisionedUnits();
  const households: HouseholdRecord[] = [];
  const users: UserRecord[] = [];
  const grids = new Map<string, OrgUnitRecord>();
  let n = 0;

  const iso = (daysAgo: number, hour = 9) =>
    new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - daysAgo * DAY_MS + hour * 3600_000).toISOString();

  for (const v of units.filter((u) => u.kind === 'village' || u.kind === 'community')) {
    const perGrid = v._id === DEMO_VILLAGE ? 8 : 4;
    for (const [gi, grid] of units.filter((u) => u.kind === 'grid' && u.parentId === v._id).entries()) {
      const g = gi + 1;
      grids.set(grid._id, grid);
      for (let h = 1; h <= perGrid; h++) {
        households.push({
          _id: `h-${v._id.slice(2)}-${g}-${String(h).padStart(2, '0')}`,
          unitId: v._id,
          gridId: grid._id,
          path: grid.path,
          headName: personName(n++),
          address: v.kind === 'community' ? `${g}号楼${h}单元${100 + h}室` : `${v.name.replace('村', '')}${g}组${h}号`,
          resettled: Boolean(v.resettlement),
        });
      }
    }
  }

  const unitPath = (id: string) => units.find((u) => u._id === id)!.path;
  const household = (unitId: string, grid: number, h: number) =>
    households.find((x) => x._id === `h-${unitId.slice(2)}-${grid}-${String(h).padStart(2, '0')}`)!;

  function addUser(u: {
    id: string;
    name: string;
    persona: Persona;
    roles?: { role: Role; unitId: string }[];
    home?: HouseholdRecord | null;
    birthYear?: number | null;
    gender?: 'female' | 'male';
    phone?: string;
    demo?: boolean;
  }): UserRecord {
    const roles = u.roles ?? [];
    const home = u.home ?? null;
    const record: UserRecord = {
      _id: u.id,
      openid: `demo-${u.id}`,
      name: u.name,
      persona: u.persona,
      roles,
      roleKeys: roles.map((r) => `${r.role}@${r.unitId}`),
      residence: home
        ? { unitId: home.unitId, gridId: home.gridId, householdId: home._id, householdConfirmed: true, path: home.path }
        : null,
      resettled: Boolean(home?.resettled),
      birthYear: u.birthYear ?? null,
      ...(u.gender ? { gender: u.gender } : {}),
      phoneMasked: u.phone ?? null,
      // Demo numbers: the masked digits filled with zeros (wishes.contact dials them).
      ...(u.phone ? { phone: u.phone.replace('****', '0000') } : {}),
      demo: u.demo ?? false,
      createdAt: iso(200),
    };
    users.push(record);
    return record;
  }

  const v = DEMO_VILLAGE;
  // The ten personas are neighbours, so every demo flow works between them.
  const resident = addUser({ id: 'resident', name: '张桂芳', persona: 'resident', home: household(v, 1, 1), birthYear: year - 67, phone: '138****2461', gender: 'female', demo: true });
  const resettled = addUser({ id: 'resettled', name: '李满仓', persona: 'resettled', home: household(DEMO_RESETTLEMENT, 1, 2), birthYear: year - 72, phone: '139****0835', gender: 'male', demo: true });
  const partyMember = addUser({ id: 'party-member', name: '赵志强', persona: 'party-member', roles: [{ role: 'party-member', unitId: v }], home: household('c-dongguan', 1, 3), birthYear: year - 41, phone: '135****7702', gender: 'male', demo: true });
  const gridLeader = addUser({ id: 'grid-leader', name: '刘文华', persona: 'grid-leader', roles: [{ role: 'grid-leader', unitId: DEMO_GRID }, { role: 'party-member', unitId: v }], home: household(v, 1, 4), birthYear: year - 52, phone: '137****1189', gender: 'male', demo: true });
  addUser({ id: 'village-cadre', name: '陈建军', persona: 'village-cadre', roles: [{ role: 'village-cadre', unitId: v }, { role: 'party-member', unitId: v }], home: household(v, 2, 1), birthYear: year - 48, phone: '136****5520', gender: 'male', demo: true });
  addUser({ id: 'town-cadre', name: '周明', persona: 'town-cadre', roles: [{ role: 'town-cadre', unitId: DEMO_TOWN }], birthYear: year - 39, phone: '151****3307', gender: 'male', demo: true });
  addUser({ id: 'county-admin', name: '吴敏', persona: 'county-admin', roles: [{ role: 'county-admin', unitId: COUNTY.id }], birthYear: year - 45, gender: 'female', demo: true });
  addUser({ id: 'police', name: '孙立新', persona: 'police', roles: [{ role: 'police', unitId: v }], birthYear: year - 36, phone: '150****6614', gender: 'male', demo: true });
  addUser({ id: 'mediator', name: '马海龙', persona: 'mediator', roles: [{ role: 'mediator', unitId: v }], home: household(v, 2, 3), birthYear: year - 58, gender: 'male', demo: true });
  addUser({ id: 'supervisor', name: '杨淑珍', persona: 'supervisor', roles: [{ role: 'supervisor', unitId: v }], home: household(v, 3, 2), birthYear: year - 61, gender: 'female', demo: true });

  // Neighbours and party members who registered in 冯坊村 through 双报到.
  const neighbours: UserRecord[] = [];
  for (let i = 0; i < 18; i++) {
    const grid = (i % 3) + 1;
    const h = ((i * 3) % 8) + 1;
    neighbours.push(addUser({ id: `r-fengfang-${i + 1}`, name: personName(100 + i), persona: 'resident', home: household(v, grid, h), birthYear: year - (30 + ((i * 11) % 55)) }));
  }
  const members: UserRecord[] = [partyMember, gridLeader];
  for (let i = 0; i < 6; i++) {
    members.push(addUser({ id: `pm-fengfang-${i + 1}`, name: personName(200 + i), persona: 'party-member', roles: [{ role: 'party-member', unitId: v }], home: household('c-xiguan', 1 + (i % 2), 1 + i), birthYear: year - (28 + i * 5) }));
  }
  const partyGroups = new Map<string, string[]>();
  for (const [gi, grid] of [...grids.values()].filter((g) => g.parentId === v).entries()) {
    partyGroups.set(grid._id, gi === 0 ? [gridLeader._id, partyMember._id, members[2]!._id] : [members[2 + gi * 2]!._id, members[3 + gi * 2]!._id]);
  }
  // A cadre and residents in every other village, so lists elsewhere are not empty.
  for (const town of QIANYANG.towns) {
    for (const vil of town.villages) {
      if (vil.id === v) continue;
      addUser({ id: `cadre-${vil.id}`, name: personName(n++), persona: 'village-cadre', roles: [{ role: 'village-cadre', unitId: vil.id }], home: household(vil.id, 1, 1), birthYear: year - 46 });
      addUser({ id: `r-${vil.id}`, name: personName(n++), persona: vil.resettlement ? 'resettled' : 'resident', home: household(vil.id, 2, 2), birthYear: year - 66 });
    }
  }

  const wishes: WishRecord[] = [];
  const notifications: Omit<NotificationRecord, '_id'>[] = [];
  const samples: [string, string, WishCategory][] = [
    ['帮忙修一下漏水的水龙头', '厨房水龙头漏水好几天了，老伴腿脚不便，想请人帮忙换个新的。', 'daily-life'],
    ['想学用智能手机视频通话', '孩子在西安打工，想学会用手机和孙子视频，请党员同志教教我。', 'elder-care'],
    ['陪同去县医院复查', '下周二要去县医院复查血压，子女不在身边，希望有人陪同挂号。', 'health'],
    ['给孩子辅导暑假作业', '孩子上四年级，数学跟不上，家里没人能辅导，希望每周来一次。', 'child-care'],
    ['冬天的煤需要搬进院子', '买了一吨蜂窝煤堆在门口，自己搬不动，想请人帮忙搬进院子。', 'elder-care'],
    ['代购降压药', '常吃的降压药快吃完了，村卫生室没有，想请人从县城药店代买。', 'health'],
    ['换一个楼道灯泡', '单元楼道的灯坏了，晚上上下楼看不见，希望有人帮忙换一下。', 'daily-life'],
    ['帮忙办理养老保险认证', '每年的养老保险待遇认证不会在手机上操作，想请人帮帮忙。', 'elder-care'],
    ['想要一些小学课外书', '安置社区的孩子们想要一些课外读物，希望能捐一些图书。', 'child-care'],
    ['院子里的树枝需要修剪', '院里的核桃树枝压到电线了，担心不安全，希望有人来修剪。', 'daily-life'],
    ['陪老人聊聊天', '我母亲八十多岁了，白天一个人在家，希望有人常来陪她说说话。', 'elder-care'],
    ['帮忙检查电线线路', '家里电线老化，开空调就跳闸，想请懂电的党员帮着看看。', 'daily-life'],
    ['春耕化肥运送', '订的两袋化肥在镇上农资店，想请有车的党员帮忙捎回来。', 'other'],
    ['学习网上缴电费', '每次缴电费都要跑到镇上，想学会在手机上缴。', 'elder-care'],
  ];
  const statuses: WishStatus[] = ['open', 'open', 'open', 'pending_review', 'claimed', 'fulfilled', 'completed', 'completed', 'completed', 'open', 'pending_review', 'completed', 'rejected', 'claimed'];
  const cadre = users.find((u) => u._id === 'village-cadre')!;
  samples.forEach(([title, content, category], i) => {
    const wisher = i === 0 ? resident : i === 8 ? resettled : neighbours[i % neighbours.length]!;
    const status = statuses[i]!;
    const claimant = members[i % members.length]!;
    const created = 40 - i * 2;
    const home = wisher.residence!;
    const unit = units.find((u) => u._id === home.unitId)!;
    const timeline: WishRecord['timeline'] = [{ at: iso(created), action: 'submit', actorId: wisher._id, actorName: wisher.name, note: null }];
    const step = (days: number, action: WishTimelineEvent, actor: UserRecord, note: string | null = null) =>
      timeline.push({ at: iso(created - days, 10 + timeline.length), action, actorId: actor._id, actorName: actor.name, note });
    const claimed = ['claimed', 'fulfilled', 'completed'].includes(status);
    if (status !== 'pending_review') step(0, status === 'rejected' ? 'reject' : 'approve', cadre, status === 'rejected' ? '此事已由村委会统一安排，请留意通知' : null);
    if (claimed) step(1, 'claim', claimant);
    if (status === 'fulfilled' || status === 'completed') step(2, 'fulfil', claimant, '已经上门办好了，有需要随时联系。');
    if (status === 'completed') step(3, 'confirm', wisher, '谢谢党员同志，帮了大忙！');
    wishes.push({
      _id: `w-seed-${String(i + 1).padStart(2, '0')}`,
      title,
      content,
      category,
      status,
      wisherId: wisher._id,
      wisherName: wisher.name,
      wisherGender: wisher.gender ?? null,
      villageId: unit._id,
      unitName: unit.name,
      gridId: home.gridId,
      path: home.path,
      priority: wishPriority({ resettled: wisher.resettled, age: ageOf(wisher, now) }),
      claimantId: claimed ? claimant._id : null,
      claimantName: claimed ? claimant.name : null,
      reason: status === 'rejected' ? '此事已由村委会统一安排，请留意通知' : null,
      fulfilNote: status === 'fulfilled' || status === 'completed' ? '已经上门办好了，有需要随时联系。' : null,
      thanks: status === 'completed' ? '谢谢党员同志，帮了大忙！' : null,
      timeline,
      requestId: null,
      createdAt: iso(created),
      updatedAt: timeline[timeline.length - 1]!.at,
    });
  });

  /** `aboutId`: whom the notice names besides its recipient, as the wish's own notices say. */
  const note = (recipientId: string, kind: string, title: string, body: string, wishId: string, daysAgo: number, read: boolean, aboutId: string | null = null) =>
    notifications.push({
      recipientId,
      kind,
      title,
      body,
      link: { page: 'wish', id: wishId },
      aboutId,
      createdAt: iso(daysAgo, 11),
      readAt: read ? iso(daysAgo, 12) : null,
      delivery: { status: 'in-app', attempts: 0, nextAttemptAt: iso(daysAgo, 11), error: null },
    });
  note(resident._id, 'wish.approved', '您的心愿已通过审核', '「帮忙修一下漏水的水龙头」已发布到心愿墙，等待党员认领。', 'w-seed-01', 39, true);
  note(partyMember._id, 'wish.open', '网格里有新的微心愿', `${resident.name}：帮忙修一下漏水的水龙头。欢迎党员认领。`, 'w-seed-01', 39, false, resident._id);
  note('village-cadre', 'wish.submitted', '新的微心愿待审核', `${wishes[3]!.wisherName}：${wishes[3]!.title}`, 'w-seed-04', 34, false, wishes[3]!.wisherId);

  // Each 冯坊村 grid's care register (关爱对象): the people its grid leader visits in person.
  const careRecipients: CareRecipientRecord[] = [];
  const careSamples: { h: number; kinds: CareKind[]; note: string; phone: string | null; contact: [string, string] | null }[] = [
    { h: 6, kinds: ['living-alone-elderly'], note: '老伴去世后一个人住，腿脚不便，每周去看一次。', phone: null, contact: ['儿子', '13909170001'] },
    { h: 7, kinds: ['living-alone-elderly', 'seriously-ill'], note: '高血压，常年吃药；子女在西安打工。', phone: '13709170002', contact: ['女儿', '13609170003'] },
    { h: 8, kinds: ['left-behind-child'], note: '父母在外打工，跟奶奶生活，上小学四年级。', phone: null, contact: ['奶奶', '15909170004'] },
  ];
  for (const [gi, grid] of [...grids.values()].filter((g) => g.parentId === v).entries()) {
    for (const [si, c] of careSamples.entries()) {
      if (gi > 0 && si === 2) continue;
      const home = household(v, gi + 1, c.h);
      const [countyId, townId, villageId] = grid.path;
      careRecipients.push({
        _id: `care-fengfang-${gi + 1}-${si + 1}`,
        countyId: countyId!,
        townId: townId!,
        villageId: villageId!,
        gridId: grid._id,
        path: grid.path,
        householdId: home._id,
        userId: null,
        name: si === 2 ? personName(300 + gi) : home.headName,
        kinds: c.kinds,
        address: home.address,
        phone: c.phone,
        contactName: c.contact ? c.contact[0] : null,
        contactPhone: c.contact ? c.contact[1] : null,
        note: c.note,
        active: true,
        createdAt: iso(120),
        updatedAt: iso(120),
        createdById: gridLeader._id,
      });
    }
  }

  return { households, users, wishes, notifications, partyGroups, careRecipients };
}

/** The demo's people and records, on a county already provisioned from QIANYANG. */
export async function seed(db: Db): Promise<void> {
  const data = buildSeed(clock.now());
  const write = async (collection: string, docs: object[]) => {
    for (const doc of docs) await db.collection(collection).add(doc);
  };
  await write(COLLECTIONS.households.name, data.households);
  await write(COLLECTIONS.users.name, data.users);
  await write(COLLECTIONS.wishes.name, data.wishes);
  await write(COLLECTIONS.notifications.name, data.notifications);
  await write(COLLECTIONS.careRecipients.name, data.careRecipients);
  for (const [gridId, members] of data.partyGroups) await db.collection(COLLECTIONS.orgUnits.name).doc(gridId).update({ partyGroupMemberIds: members });
  await seedPolice(db);
  await seedCases(db);
  await seedPoints(db);
  await seedPowers(db);
  await seedAlerts(db);
  await seedCouncils(db);
  await seedSanitation(db);
  await seedVolunteers(db);
}
