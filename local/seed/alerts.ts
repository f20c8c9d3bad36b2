import type { Db } from '@cloudbase/database';
import type { AlertRecord } from '../../shared/domain/alert-records';
import { nextEscalationAt } from '../../shared/domain/alert-rules';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { COUNTY, DEMO_TOWN, DEMO_VILLAGE } from './geography';

const MINUTE_MS = 60_000;

/**
 * 风险预警 for the personas: a rainstorm alert in force over 冯坊村 that the town cadre (周明) issued
 * forty minutes ago, which the grid leader (刘文华) still has to acknowledge for grid 1, and last
 * month's ended geohazard alert over 城关镇 in the town's history.
 */
export function demoAlerts(now: Date): AlertRecord[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE_MS).toISOString();
  const rain: AlertRecord = {
    _id: 'al-seed-rain',
    countyId: COUNTY.id,
    kind: 'rainstorm',
    severity: 'severe',
    urgency: 'expected',
    title: '今夜到明晨有暴雨',
    instruction: '今晚不要去河边、沟道和山脚；住在低洼处和土坯房的人家，晚上八点前到村委会避雨。',
    description: '县气象台发布暴雨橙色预警：今夜到明晨累计降雨 50 至 80 毫米，局地有山洪。',
    areaUnitIds: [DEMO_VILLAGE],
    areaNames: ['冯坊村'],
    areaPaths: [[COUNTY.id, DEMO_TOWN, DEMO_VILLAGE]],
    placeIds: [DEMO_TOWN, DEMO_VILLAGE],
    gridCount: 3,
    ackedGrids: 0,
    issuerId: 'town-cadre',
    issuerName: '周明',
    issuerUnitName: '城关镇',
    status: 'active',
    version: 1,
    updates: [],
    issuedAt: at(40),
    updatedAt: at(40),
    expiresAt: at(-20 * 60),
    ackDueAt: at(-80),
    townAfterMinutes: 60,
    escalated: 0,
    escalateAt: null,
    endedAt: null,
    endNote: null,
    requestId: 'seed-alert-rain',
  };
  rain.escalateAt = nextEscalationAt(rain);
  const slide: AlertRecord = {
    ...rain,
    _id: 'al-seed-slide',
    kind: 'geohazard',
    severity: 'moderate',
    urgency: 'future',
    title: '连续降雨后有滑坡风险',
    instruction: '请不要在陡坡下停留，发现裂缝、落石立即告诉网格长。',
    description: '',
    areaUnitIds: [DEMO_TOWN],
    areaNames: ['城关镇'],
    areaPaths: [[COUNTY.id, DEMO_TOWN]],
    placeIds: [DEMO_TOWN],
    status: 'ended',
    issuedAt: at(35 * 24 * 60),
    updatedAt: at(33 * 24 * 60),
    expiresAt: at(30 * 24 * 60),
    ackDueAt: at(35 * 24 * 60 - 120),
    escalated: 2,
    escalateAt: null,
    endedAt: at(33 * 24 * 60),
    endNote: '降雨已停，地质灾害隐患点巡查无异常，预警解除。',
    requestId: 'seed-alert-slide',
  };
  return [rain, slide];
}

export async function seedAlerts(db: Db): Promise<void> {
  for (const a of demoAlerts(clock.now())) await db.collection(COLLECTIONS.alerts.name).add(a);
}
