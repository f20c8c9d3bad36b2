/**
 * The petty-power demo on top of the county's standard list (权力事项清单 and 主体责任清单 in the county
 * file, modelled on the county lists published in Shaanxi and Zhejiang): 冯坊村's adjustments, matters
 * at every stage, complaints, 三提醒 talks and the county's talk ledger with the report's figures.
 */
import type { Db } from '@cloudbase/database';
import { addDays, chinaDate, chinaYear, instantOf } from '../../shared/domain/china-time';
import type { CountyFile } from '../../shared/contracts/county';
import type { PowerItemDefinition } from '../../shared/domain/power-catalogue';
import { applyAdjustment } from '../../shared/domain/power-catalogue';
import { completeStep, matterWorkingDays, startSteps, closeAt, type MatterStep } from '../../shared/domain/power-matter';
import type {
  MatterRecord,
  PowerComplaintRecord,
  PowerItemRecord,
  PowerItemVersionRecord,
  PowerStatsRecord,
  ReminderTalkRecord,
  TalkLedgerRecord,
} from '../../shared/domain/power-records';
import { tallyTalks, type TalkStage } from '../../shared/domain/power-talks';
import type { UserRecord } from '../../shared/domain/records';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COUNTY, DEMO_TOWN, DEMO_VILLAGE, personName, TOWNS } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

/** The report's figures for 三提醒 since the mechanism began: 232 cadres, 160 before, 171 during, 125 after. */
export const REPORT_TALK_FIGURES = { cadres: 232, before: 160, during: 171, after: 125 };

interface Built {
  items: PowerItemRecord[];
  versions: PowerItemVersionRecord[];
  matters: MatterRecord[];
  stats: PowerStatsRecord[];
  complaints: PowerComplaintRecord[];
  talks: ReminderTalkRecord[];
  ledger: TalkLedgerRecord;
  supervisors: UserRecord[];
}

/**
 * Qianyang's file as it stood a year ago: 低保 (MS-01) at version 1, before the grid visit was added
 * and the town's review shortened. The demo provisions it first, then the current file, so version 2
 * arrives as an upgrade and the matters begun under version 1 keep it.
 */
export function lastYearsFile(file: CountyFile): CountyFile {
  const items = file.powers.items.map((item) =>
    item.code !== 'MS-01'
      ? item
      : {
          ...item,
          version: 1,
          changeNote: '首次发布',
          steps: item.steps.filter((s) => s.role !== 'grid-leader').map((s) => (s.title === '镇政府审核确认' ? { ...s, limitDays: 15 } : s)),
        },
  );
  return { ...file, powers: { items } };
}

export function buildPowersSeed(now: Date, users: Map<string, UserRecord>, standardItems: PowerItemRecord[], versionsSoFar: PowerItemVersionRecord[]): Built {
  // Days count back from today's UTC date; the hour is China wall-clock time on that date.
  const day0 = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const iso = (daysAgo: number, hour = 9) => instantOf(addDays(day0, -daysAgo), `${String(hour).padStart(2, '0')}:00`).toISOString();
  const county = COUNTY.id;
  const items: PowerItemRecord[] = [...standardItems].sort((a, b) => a.order - b.order);
  const versions: PowerItemVersionRecord[] = [...versionsSoFar];

  const record = (def: PowerItemDefinition, o: { unitId: string; scope: 'county' | 'village'; version: number; order: number; at: string; base: number | null; localNote: string | null; note: string; by: UserRecord | undefined }): PowerItemRecord => {
    const id = `${o.unitId}_${def.code}`;
    return {
      ...def,
      _id: id,
      scope: o.scope,
      unitId: o.unitId,
      countyId: county,
      version: o.version,
      versionId: `${id}_v${o.version}`,
      baseVersion: o.base,
      localNote: o.localNote,
      status: 'active',
      order: o.order,
      changeNote: o.note,
      updatedAt: o.at,
      updatedById: o.by?._id ?? 'county-admin',
      updatedByName: o.by?.name ?? '县委社会工作部',
    };
  };
  const keep = (r: PowerItemRecord) => versions.push({ ...r, _id: r.versionId, itemId: r._id, publishedAt: r.updatedAt });
  const standard = (code: string) => items.find((r) => r.code === code && r.scope === 'county')!;

  // 冯坊村 tightened two items for itself.
  const cadre = users.get('village-cadre');
  const adjustments: { code: string; adj: Parameters<typeof applyAdjustment>[1]; localNote: string; note: string }[] = [
    {
      code: 'ZM-01',
      adj: { stepLimits: [{ index: 1, limitDays: 1 }], droppedMaterials: ['户口簿'] },
      localNote: '村委会一楼便民服务窗口，工作日 8:30—17:30；老人行动不便可打电话请网格员上门代办。',
      note: '核实时限缩短为 1 个工作日，本村户籍信息可查，不再要求户口簿',
    },
    {
      code: 'ZJ-01',
      adj: { stepLimits: [{ index: 5, limitDays: 3 }], extraSteps: [{ after: 1, title: '网格员现场踏勘', role: 'grid-leader', actorLabel: '网格员', limitDays: 2, publicity: null }] },
      localNote: '申请表在村委会一楼领取，也可请网格员送到家。',
      note: '增加网格员现场踏勘，放线时限缩短为 3 个工作日',
    },
  ];
  for (const a of adjustments) {
    const std = standard(a.code);
    const { item, issues } = applyAdjustment(std, a.adj);
    if (issues.length) throw new Error(`seed adjustment ${a.code} is outside the limits: ${JSON.stringify(issues)}`);
    const r = record(item, { unitId: DEMO_VILLAGE, scope: 'village', version: 1, order: std.order, at: iso(60), base: std.version, localNote: a.localNote, note: a.note, by: cadre });
    items.push(r);
    keep(r);
  }
  const inForce = (code: string) => items.find((r) => r.code === code && r.unitId === DEMO_VILLAGE) ?? standard(code);

  const matters: MatterRecord[] = [];
  const unit = { villageId: DEMO_VILLAGE, unitName: '冯坊村', townId: DEMO_TOWN, countyId: county };
  const who = (id: string) => {
    const u = users.get(id);
    if (!u) throw new Error(`seed user ${id} missing`);
    return u;
  };

  /**
   * A matter replayed through the same pure rules the function uses: `acts` are the days-ago on
   * which each step after the start was done (and by whom); `end` closes it early.
   */
  function matter(o: {
    n: number;
    item: PowerItemRecord | PowerItemVersionRecord;
    applicant: string;
    title?: string;
    startedDaysAgo: number;
    note?: string;
    acts: { daysAgo: number; by: string; note?: string }[];
    end?: { how: 'refused' | 'withdrawn'; daysAgo: number; by: string; note: string };
    rating?: { stars: number; comment: string | null };
    overdueFlagged?: boolean;
  }): MatterRecord {
    const applicant = who(o.applicant);
    const created = iso(o.startedDaysAgo, 10);
    const byCadre = o.item.starter === 'cadre';
    const timeline: MatterRecord['timeline'] = [{ at: created, action: byCadre ? 'start' : 'apply', actorId: applicant._id, actorName: applicant.name, stepIndex: null, note: o.note ?? null }];
    let { steps, current } = startSteps(o.item.steps, { at: created, applicantId: applicant._id, applicantName: applicant.name, note: o.note ?? null }) as { steps: MatterStep[]; current: number | null };
    let status: MatterRecord['status'] = 'in_progress';
    for (const [k, act] of o.acts.entries()) {
      const by = who(act.by);
      const at = iso(act.daysAgo, 11 + (k % 5));
      const step = steps[current!]!;
      const out = completeStep(steps, current!, { id: by._id, name: by.name, at, note: act.note ?? null });
      timeline.push({ at, action: 'complete', actorId: by._id, actorName: by.name, stepIndex: current, note: act.note ?? null });
      ({ steps, current, status } = out);
    }
    let closedAt: string | null = status === 'done' ? timeline[timeline.length - 1]!.at : null;
    if (o.end && current !== null) {
      const by = who(o.end.by);
      const at = iso(o.end.daysAgo, 15);
      const step = steps[current]!;
      const out = closeAt(steps, current, o.end.how, { id: by._id, name: by.name, at, note: o.end.note });
      timeline.push({ at, action: o.end.how === 'refused' ? 'refuse' : 'withdraw', actorId: by._id, actorName: by.name, stepIndex: current, note: o.end.note });
      ({ steps, current, status } = out);
      closedAt = at;
    }
    const live = current !== null ? steps[current]! : null;
    let flagDueAt = live?.dueAt ?? null;
    if (o.overdueFlagged && live && flagDueAt && flagDueAt < now.toISOString()) {
      live.overdue = true;
      timeline.push({ at: new Date(Date.parse(flagDueAt) + 600_000).toISOString(), action: 'overdue', actorId: 'system', actorName: '系统', stepIndex: current, note: `时限 ${live.limitDays} 个工作日` });
      flagDueAt = null;
    }
    const rating = o.rating ? { ...o.rating, at: iso(Math.max(0, (o.acts[o.acts.length - 1]?.daysAgo ?? 1) - 1), 18) } : null;
    if (rating) timeline.push({ at: rating.at, action: 'rate', actorId: applicant._id, actorName: applicant.name, stepIndex: null, note: rating.comment });
    const itemId = 'itemId' in o.item ? o.item.itemId : o.item._id;
    const m: MatterRecord = {
      _id: `m-seed-${String(o.n).padStart(2, '0')}`,
      itemId,
      itemCode: o.item.code,
      itemTitle: o.item.title,
      kind: o.item.kind,
      category: o.item.category,
      starter: byCadre ? 'cadre' : 'resident',
      versionId: o.item.versionId,
      version: o.item.version,
      title: o.title ?? o.item.title,
      applicantId: applicant._id,
      applicantName: applicant.name,
      ...unit,
      gridId: byCadre ? null : applicant.residence?.gridId ?? null,
      path: byCadre || !applicant.residence ? [county, DEMO_TOWN, DEMO_VILLAGE] : applicant.residence.path,
      status,
      current,
      currentRole: live?.role ?? null,
      steps,
      flagDueAt,
      timeline,
      rating,
      workingDays: closedAt ? matterWorkingDays(created, closedAt) : null,
      requestId: null,
      createdAt: created,
      updatedAt: timeline.reduce((a, e) => (e.at > a ? e.at : a), created),
      closedAt,
    };
    matters.push(m);
    return m;
  }

  const C = 'village-cadre';
  const G = 'grid-leader';
  const T = 'town-cadre';
  const S = 'supervisor';
  const oldLowIncome = versions.find((v) => v.versionId === `${county}_MS-01_v1`)!;
  // The resident's 低保 application is at the grid visit; her neighbour's began under version 1 and keeps it.
  matter({ n: 1, item: inForce('MS-01'), applicant: 'resident', startedDaysAgo: 6, note: '老伴去年中风，家里没有固定收入。', acts: [{ daysAgo: 5, by: C, note: '材料齐全，已受理。' }] });
  matter({ n: 2, item: oldLowIncome, applicant: 'r-fengfang-2', startedDaysAgo: 120, acts: [{ daysAgo: 118, by: C }, { daysAgo: 110, by: C, note: '村民代表 23 人参会，21 票同意。' }, { daysAgo: 100, by: C, note: '公示 7 天无异议。' }, { daysAgo: 88, by: T }, { daysAgo: 86, by: C }], rating: { stars: 5, comment: '办得快，干部上门讲政策。' } });
  matter({ n: 3, item: inForce('ZM-01'), applicant: 'resident', title: '出具居住证明', startedDaysAgo: 30, acts: [{ daysAgo: 29, by: C }, { daysAgo: 29, by: C }, { daysAgo: 28, by: C }], rating: { stars: 5, comment: null } });
  matter({ n: 4, item: inForce('ZM-01'), applicant: 'r-fengfang-5', title: '出具亲属关系证明', startedDaysAgo: 3, acts: [] });
  // Overdue at the village review of a homestead application: flagged, the supervisor was told.
  matter({ n: 5, item: inForce('ZJ-01'), applicant: 'r-fengfang-4', startedDaysAgo: 40, note: '原址翻建，两层。', acts: [{ daysAgo: 38, by: C, note: '组内讨论同意。' }, { daysAgo: 35, by: G, note: '四至清楚，无纠纷。' }], overdueFlagged: true });
  matter({ n: 6, item: inForce('MS-03'), applicant: 'r-fengfang-7', startedDaysAgo: 50, note: '三月份家里失火，房子烧了两间。', acts: [{ daysAgo: 49, by: C }, { daysAgo: 42, by: C }, { daysAgo: 36, by: T }, { daysAgo: 33, by: T }], rating: { stars: 4, comment: '救助金到得及时。' } });
  matter({ n: 7, item: inForce('MS-05'), applicant: 'r-fengfang-8', startedDaysAgo: 20, acts: [{ daysAgo: 18, by: C }], end: { how: 'refused', daysAgo: 10, by: T, note: '申请人未满 80 周岁（1948 年 3 月出生），满龄后可再申请。' } });
  matter({ n: 8, item: inForce('JC-01'), applicant: C, title: '冯坊村三组生产路硬化项目', startedDaysAgo: 70, acts: [{ daysAgo: 68, by: C, note: '支部委员会提出项目建议。' }, { daysAgo: 66, by: C, note: '两委 7 人全部同意。' }, { daysAgo: 60, by: C, note: '党员大会应到 31 人，实到 28 人，同意 27 人。' }, { daysAgo: 53, by: C, note: '村民代表 25 人，同意 24 人。' }, { daysAgo: 50, by: C }, { daysAgo: 20, by: S, note: '施工过程监督 6 次，未发现问题。' }, { daysAgo: 15, by: C }] });
  matter({ n: 9, item: inForce('ZC-01'), applicant: C, title: '村委会沿街门面房出租', startedDaysAgo: 12, acts: [{ daysAgo: 8, by: C }] });
  matter({ n: 10, item: inForce('DJ-01'), applicant: 'r-fengfang-10', startedDaysAgo: 15, acts: [{ daysAgo: 4, by: C, note: '支部书记陈建军谈话，了解入党动机。' }] });

  const complaints: PowerComplaintRecord[] = [
    {
      _id: 'pc-seed-01',
      matterId: 'm-seed-05',
      matterTitle: '农村宅基地申请（建房）',
      itemTitle: '农村宅基地申请（建房）',
      villageId: DEMO_VILLAGE,
      path: matters[4]!.path,
      complainantId: 'r-fengfang-4',
      complainantName: who('r-fengfang-4').name,
      text: '村级审查已经过了好几天，问了两次都说在等开会，不知道还要等多久。',
      status: 'open',
      reply: null,
      handledById: null,
      handledByName: null,
      handledAt: null,
      createdAt: iso(20, 16),
    },
    {
      _id: 'pc-seed-02',
      matterId: 'm-seed-07',
      matterTitle: '高龄老人补贴申请',
      itemTitle: '高龄老人补贴申请',
      villageId: DEMO_VILLAGE,
      path: matters[6]!.path,
      complainantId: 'r-fengfang-8',
      complainantName: who('r-fengfang-8').name,
      text: '不给办也没人当面跟我说一声。',
      status: 'handled',
      reply: '已与镇民政办核实，出生年月以身份证为准；已请网格员上门解释，满龄后帮您代办。',
      handledById: 'supervisor',
      handledByName: who('supervisor').name,
      handledAt: iso(8, 10),
      createdAt: iso(9, 19),
    },
  ];
  matters[4]!.timeline.push({ at: complaints[0]!.createdAt, action: 'complain', actorId: 'r-fengfang-4', actorName: complaints[0]!.complainantName, stepIndex: matters[4]!.current, note: null });
  matters[6]!.timeline.push({ at: complaints[1]!.createdAt, action: 'complain', actorId: 'r-fengfang-8', actorName: complaints[1]!.complainantName, stepIndex: null, note: null });

  const stats = new Map<string, PowerStatsRecord>();
  for (const m of matters) {
    const id = `${m.villageId}_${m.itemCode}`;
    const s = stats.get(id) ?? { _id: id, villageId: m.villageId, countyId: county, code: m.itemCode, inProgress: 0, done: 0, refused: 0, withdrawn: 0, doneDays: 0, ratingSum: 0, ratingCount: 0 };
    if (m.status === 'in_progress') s.inProgress++;
    if (m.status === 'done') {
      s.done++;
      s.doneDays += m.workingDays ?? 0;
    }
    if (m.status === 'refused') s.refused++;
    if (m.status === 'withdrawn') s.withdrawn++;
    if (m.rating) {
      s.ratingSum += m.rating.stars;
      s.ratingCount++;
    }
    stats.set(id, s);
  }

  // A supervisor (村务监督委员会主任) in every other village, so overdue steps and complaints reach someone.
  const supervisors: UserRecord[] = [];
  let n = 700;
  for (const town of TOWNS) {
    for (const v of town.villages) {
      if (v.id === DEMO_VILLAGE) continue;
      supervisors.push({
        _id: `sup-${v.id}`,
        openid: `demo-sup-${v.id}`,
        name: personName(n++),
        persona: 'supervisor',
        roles: [{ role: 'supervisor', unitId: v.id }],
        roleKeys: [`supervisor@${v.id}`],
        residence: null,
        resettled: false,
        birthYear: chinaYear(now) - 58,
        phoneMasked: null,
        demo: false,
        createdAt: iso(200),
      });
    }
  }

  const talk = (k: number, cadreId: string, villageId: string, villageName: string, townId: string, stage: TalkStage, daysAgo: number, topic: string, followUp: string, recorder: UserRecord, matterId: string | null = null): ReminderTalkRecord => {
    const c = who(cadreId);
    return {
      _id: `rt-seed-${String(k).padStart(2, '0')}`,
      villageId,
      unitName: villageName,
      townId,
      countyId: county,
      path: [county, townId, villageId],
      cadreId,
      cadreName: c.name,
      stage,
      date: chinaDate(iso(daysAgo, 10)),
      topic,
      followUp,
      matterId,
      recordedById: recorder._id,
      recordedByName: recorder.name,
      createdAt: iso(daysAgo, 17),
    };
  };
  const sup = who('supervisor');
  const talks: ReminderTalkRecord[] = [
    talk(1, C, DEMO_VILLAGE, '冯坊村', DEMO_TOWN, 'before', 72, '三组生产路硬化项目启动前，提醒严格执行“四议两公开”和招标程序', '项目各环节会议记录报监督委员会备查', sup, 'm-seed-08'),
    talk(2, C, DEMO_VILLAGE, '冯坊村', DEMO_TOWN, 'during', 40, '生产路施工期间，提醒干部及亲属不得参与承揽、供应材料', '每周向监督委员会通报施工进度和资金支付', sup, 'm-seed-08'),
    talk(3, C, DEMO_VILLAGE, '冯坊村', DEMO_TOWN, 'during', 19, '宅基地申请村级审查超时，提醒按时限办理并向申请人说明', '3 个工作日内召开两委会审查，结果告知申请人', sup, 'm-seed-05'),
    talk(4, C, DEMO_VILLAGE, '冯坊村', DEMO_TOWN, 'after', 9, '高龄补贴不予通过未当面告知群众，提醒改进工作方式', '不予通过的事项由包组干部当面解释', sup, 'm-seed-07'),
  ];
  const others = TOWNS.flatMap((t) => t.villages.filter((v) => v.id !== DEMO_VILLAGE && !v.resettlement).slice(0, 1).map((v) => ({ town: t.id, v })));
  others.forEach(({ town, v }, i) => {
    const recorder = supervisors.find((s) => s._id === `sup-${v.id}`)!;
    const stage: TalkStage = (['before', 'during', 'after'] as const)[i % 3]!;
    talks.push(talk(5 + i, `cadre-${v.id}`, v.id, v.name, town, stage, 10 + i * 7, stage === 'before' ? '换届前廉洁提醒：严禁拉票贿选' : stage === 'during' ? '集体资产出租期间，提醒公开招租' : '财务票据不规范，提醒整改', '一个月内书面报告落实情况', recorder));
  });

  // The county's ledger holds the talks before the app, so its total with the seeded talks is the report's.
  const seeded = tallyTalks(talks);
  const ledger: TalkLedgerRecord = {
    _id: `talks:${county}`,
    countyId: county,
    cadres: REPORT_TALK_FIGURES.cadres - seeded.cadres,
    before: REPORT_TALK_FIGURES.before - seeded.before,
    during: REPORT_TALK_FIGURES.during - seeded.during,
    after: REPORT_TALK_FIGURES.after - seeded.after,
    source: '县纪委监委“三提醒”工作台账（制度实施以来，导入）',
    asOf: chinaDate(iso(100)),
  };

  // Only what the demo adds: the standard items and their versions were provisioned.
  return { items: items.filter((i) => i.scope === 'village'), versions: versions.slice(versionsSoFar.length), matters, stats: [...stats.values()], complaints, talks, ledger, supervisors };
}

export async function seedPowers(db: Db): Promise<void> {
  const res = await db.collection(COLLECTIONS.users.name).where({ persona: db.command.in(['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor']) }).limit(1000).get();
  const users = new Map((res.data as UserRecord[]).map((u) => [u._id, u]));
  const standard = (await db.collection(COLLECTIONS.powerItems.name).where({ unitId: COUNTY.id }).limit(1000).get()).data as PowerItemRecord[];
  const versions = (await db.collection(COLLECTIONS.powerItemVersions.name).where({ countyId: COUNTY.id }).limit(1000).get()).data as PowerItemVersionRecord[];
  const data = buildPowersSeed(clock.now(), users, standard, versions);
  const write = async (collection: string, docs: object[]) => {
    for (const doc of docs) await db.collection(collection).add(doc);
  };
  await write(COLLECTIONS.users.name, data.supervisors);
  await write(COLLECTIONS.powerItems.name, data.items);
  await write(COLLECTIONS.powerItemVersions.name, data.versions);
  await write(COLLECTIONS.matters.name, data.matters);
  await write(COLLECTIONS.powerStats.name, data.stats);
  await write(COLLECTIONS.powerComplaints.name, data.complaints);
  await write(COLLECTIONS.reminderTalks.name, data.talks);
  await write(COLLECTIONS.powerTallies.name, [data.ledger]);
}
