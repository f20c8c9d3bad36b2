/**
 * A county file as the documents it stands for, each with a deterministic id (so a second run finds
 * the first run's documents) and the rule for a document that already exists:
 * - `create`: written once; afterwards it belongs to the county's admins, who change it in the app.
 * - `version`: a power-list item; a higher `version` in the file publishes a new version beside the
 *   old ones (matters keep the version they started under).
 * - `replace`: configuration with no editor in the app (`config/subscribe`): the file is its source,
 *   so a stored copy that differs is replaced.
 */
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { VolunteerServiceRecord } from '../../shared/domain/volunteer-records';
import { volunteerConfigIdOf, volunteerServiceIdOf } from '../../cloudfunctions/volunteers/store';
import type { CountyFile, HomeService } from '../../shared/contracts/county';
import type { CaseConfigRecord, RoutingRuleRecord } from '../../shared/domain/case-records';
import type { PointsSettingsRecord } from '../../shared/domain/points-records';
import type { PoliceHomeRecord, PoliceServiceRecord } from '../../shared/domain/police-records';
import type { PowerItemRecord, PowerItemVersionRecord } from '../../shared/domain/power-records';
import type { OrgUnitRecord } from '../../shared/domain/records';
import type { SignalRuleRecord } from '../../shared/domain/signal-records';
import type { FacilityRecord, SanitationRulesRecord } from '../../shared/domain/sanitation-records';
import { facilityIdOf, facilityRecordOf } from '../../cloudfunctions/sanitation/store';
import { itemIdOf, versionIdOf } from '../../cloudfunctions/powers/store';
import { agendaIdOf } from '../../cloudfunctions/councils/store';
import type { CouncilAgendaItemRecord, CouncilSettingsRecord } from '../../shared/domain/council-records';

export type Doc = { _id: string } & Record<string, unknown>;

export type PlannedDoc =
  | { policy: 'create'; collection: string; doc: Doc }
  | { policy: 'replace'; collection: string; doc: Doc }
  | { policy: 'version'; collection: 'powerItems'; doc: PowerItemRecord & Doc; versions: 'powerItemVersions'; version: PowerItemVersionRecord & Doc };

/** Who provisioning writes as, where records name a person. */
export const PROVISIONER = { id: 'provision', name: '县委社会工作部' };

export const homeIdOf = (unitId: string) => `ph-${unitId}`;
export const serviceIdOf = (unitId: string, key: string) => `ps-${unitId}-${key}`;
/** A county's 研判 rule. */
export const signalRuleIdOf = (countyId: string, ruleId: string) => `${countyId}:${ruleId}`;
export const routingRuleIdOf = (ruleId: string) => `rr-${ruleId}`;

export function planCounty(file: CountyFile, at: string): PlannedDoc[] {
  const out: PlannedDoc[] = [];
  const create = (collection: string, doc: Doc) => out.push({ policy: 'create', collection, doc });
  const countyId = file.county.id;

  const units: OrgUnitRecord[] = [{ _id: countyId, kind: 'county', name: file.county.name, parentId: null, path: [countyId] }];
  const homes: PoliceHomeRecord[] = [];
  const services: PoliceServiceRecord[] = [];
  for (const town of file.towns) {
    const townPath = [countyId, town.id];
    units.push({ _id: town.id, kind: 'town', name: town.name, parentId: countyId, path: townPath });
    for (const v of town.villages) {
      const path = [...townPath, v.id];
      units.push({ _id: v.id, kind: v.kind, name: v.name, parentId: town.id, path, resettlement: v.resettlement });
      for (const g of v.grids) {
        units.push({ _id: g.id, kind: 'grid', name: g.name, parentId: v.id, path: [...path, g.id], partyGroupName: g.partyGroup, partyGroupMemberIds: [] });
      }
      if (!v.policeHome) continue;
      const home: PoliceHomeRecord = {
        _id: homeIdOf(v.id),
        unitId: v.id,
        unitName: v.name,
        path,
        name: v.policeHome.name,
        address: v.policeHome.address,
        dutyPhone: v.policeHome.dutyPhone,
        // Officers are people: they are appointed in the app, not written in the county file.
        officers: [],
        hours: v.policeHome.hours ?? file.policeHomes.hours,
        createdAt: at,
      };
      homes.push(home);
      const list: HomeService[] = v.policeHome.services ?? file.policeHomes.services;
      for (const s of list) {
        services.push({
          _id: serviceIdOf(v.id, s.key),
          homeId: home._id,
          unitId: v.id,
          path,
          name: s.name,
          description: s.description,
          mode: s.mode,
          duties: [...s.duties],
          schedule: s.schedule,
          active: true,
          createdAt: at,
        });
      }
    }
  }
  for (const u of units) create(COLLECTIONS.orgUnits.name, u as unknown as Doc);
  // 服务清单: every village and community starts from the county's list; the community edits it after.
  for (const u of units.filter((x) => x.kind === 'village' || x.kind === 'community')) {
    for (const [i, v] of file.volunteers.services.entries()) {
      const service: VolunteerServiceRecord = {
        _id: volunteerServiceIdOf(u._id, v.key),
        unitId: u._id,
        path: u.path,
        name: v.name,
        description: v.description,
        skills: [...v.skills],
        active: true,
        order: i + 1,
        createdAt: at,
        updatedAt: at,
        updatedBy: PROVISIONER.id,
      };
      create(COLLECTIONS.volunteerServices.name, service as unknown as Doc);
    }
  }
  for (const h of homes) create(COLLECTIONS.policeHomes.name, h as unknown as Doc);
  for (const s of services) create(COLLECTIONS.policeServices.name, s as unknown as Doc);

  file.powers.items.forEach(({ version, changeNote, ...definition }, i) => {
    const id = itemIdOf(countyId, definition.code);
    const item: PowerItemRecord = {
      ...definition,
      _id: id,
      scope: 'county',
      unitId: countyId,
      countyId,
      version,
      versionId: versionIdOf(id, version),
      baseVersion: null,
      localNote: null,
      status: 'active',
      order: i + 1,
      changeNote,
      updatedAt: at,
      updatedById: PROVISIONER.id,
      updatedByName: PROVISIONER.name,
    };
    const { _id: _omit, ...rest } = item;
    out.push({
      policy: 'version',
      collection: 'powerItems',
      doc: item as PowerItemRecord & Doc,
      versions: 'powerItemVersions',
      version: { ...rest, _id: item.versionId, itemId: id, publishedAt: at } as PowerItemVersionRecord & Doc,
    });
  });

  const { routingRules, ...caseConfig } = file.cases;
  const config: CaseConfigRecord = { _id: countyId, ...caseConfig, updatedAt: at };
  create(COLLECTIONS.caseConfig.name, config as unknown as Doc);
  routingRules.forEach((r, i) => {
    const rule: RoutingRuleRecord = { _id: routingRuleIdOf(r.id), countyId, order: i + 1, ...r };
    create(COLLECTIONS.routingRules.name, rule as unknown as Doc);
  });

  const settings: PointsSettingsRecord = { _id: countyId, unitId: countyId, ...file.points, updatedAt: at, updatedBy: PROVISIONER.id };
  create(COLLECTIONS.pointsSettings.name, settings as unknown as Doc);

  for (const r of file.signals?.rules ?? []) {
    const rule: SignalRuleRecord = { _id: signalRuleIdOf(countyId, r.id), countyId, ...r, raised: 0, closed: 0, falseAlarms: 0, updatedAt: at, updatedByName: PROVISIONER.name };
    create(COLLECTIONS.signalRules.name, rule as unknown as Doc);
  }
  // 议事协商: the standard agenda list and the figures of the rules, the county's to edit afterwards.
  const councilSettings: CouncilSettingsRecord = { _id: countyId, countyId, ...file.councils.settings, updatedAt: at, updatedById: PROVISIONER.id };
  create(COLLECTIONS.councilSettings.name, councilSettings as unknown as Doc);
  file.councils.agenda.forEach((a, i) => {
    const item: CouncilAgendaItemRecord = { _id: agendaIdOf(countyId, a.code), unitId: countyId, countyId, scope: 'county', ...a, order: i + 1, active: true, updatedAt: at, updatedById: PROVISIONER.id };
    create(COLLECTIONS.councilAgendaItems.name, item as unknown as Doc);
  });
  // 三污治理: the facilities ledger and the routing rules belong to the county's cadres once written.
  const unitById = new Map(units.map((u) => [u._id, u]));
  for (const { code, unitId, status, ...fields } of file.sanitation.facilities) {
    const unit = unitById.get(unitId)!;
    const facility: FacilityRecord = facilityRecordOf({ id: facilityIdOf(code), code, unit, fields, status, at, by: PROVISIONER });
    create(COLLECTIONS.sanitationFacilities.name, facility as unknown as Doc);
  }
  const rules: SanitationRulesRecord = { _id: countyId, countyId, rules: file.sanitation.routingRules, updatedAt: at };
  create(COLLECTIONS.sanitationRules.name, rules as unknown as Doc);

  out.push({ policy: 'replace', collection: COLLECTIONS.config.name, doc: { _id: 'subscribe', ...file.subscribe } });
  // The county's visit rhythm: created once, then the county's to change.
  create(COLLECTIONS.config.name, { _id: volunteerConfigIdOf(countyId), visitDueDays: file.volunteers.visitDueDays });
  return out;
}
