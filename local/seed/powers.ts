/**
 * The petty-power demo: 千阳县's standard catalogue (权力事项清单 and 主体责任清单, modelled on the
 * county lists published in Shaanxi and Zhejiang), 冯坊村's adjustments, matters at every stage,
 * complaints, 三提醒 talks and the county's talk ledger with the report's figures.
 */
import type { Db } from '@cloudbase/database';
import { addDays, chinaDate, chinaYear, instantOf } from '../../shared/domain/china-time';
import type { PowerItemDefinition, PowerStep, StepRole } from '../../shared/domain/power-catalogue';
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

const step = (title: string, role: StepRole, actorLabel: string, limitDays: number, publicity: string | null = null): PowerStep => ({
  title,
  role,
  actorLabel,
  limitDays,
  publicity,
});
const apply = (title = '提出申请', actorLabel = '申请人') => step(title, 'applicant', actorLabel, 0);

const ZUZHIFA = '《中华人民共和国村民委员会组织法》';
const TIAOLI = '《中国共产党农村基层组织工作条例》';

/** The county's standard list, in the order it is printed. */
export const STANDARD_CATALOGUE: PowerItemDefinition[] = [
  {
    code: 'JC-01',
    kind: 'power',
    category: 'major-decision',
    title: '村级重大事项决策（四议两公开）',
    summary: '村级发展规划、集体经济项目、大额资金使用等重大事项，按“四议两公开”程序决策。',
    basis: [`${TIAOLI}第十九条`, `${ZUZHIFA}第二十四条`],
    body: '村党组织、村民委员会',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('村党组织提议', 'village-cadre', '村党支部', 5, null),
      step('村“两委”会议商议', 'village-cadre', '村“两委”联席会议', 5, null),
      step('党员大会审议', 'village-cadre', '村党员大会', 7, null),
      step('村民（代表）会议决议', 'village-cadre', '村民代表会议', 7, null),
      step('决议公开', 'village-cadre', '村民委员会', 3, '决议内容、表决结果在村务公开栏公开不少于 7 天'),
      step('监督实施', 'supervisor', '村务监督委员会', 20, null),
      step('实施结果公开', 'village-cadre', '村民委员会', 5, '实施情况、资金使用情况公开'),
    ],
    risks: [
      { point: '程序不到位，少数人说了算', measure: '四个环节缺一不可，每一环节留存会议记录和签到表' },
      { point: '会议表决弄虚作假', measure: '村务监督委员会全程列席监督，表决票当场统计、当场公布' },
      { point: '公开不及时、不全面', measure: '决议和实施结果在公开栏和“千阳智治”同步公开' },
    ],
    riskCard: '重大事项必须走完“四议两公开”，严禁个人或少数人决定、先斩后奏、化整为零规避程序。',
    guideCard: ['村里的大事，要经过党支部提议、两委商议、党员大会审议、村民代表会议决议。', '决议和办理结果都会公开，您可以在公开栏和手机上查看。', '发现不按程序办，可以向村务监督委员会反映。'],
  },
  {
    code: 'JC-02',
    kind: 'power',
    category: 'major-decision',
    title: '村级年度预决算及收益分配',
    summary: '村集体年度财务预算、决算和收益分配（含积分分红“4321”分配）方案的决定。',
    basis: [`${ZUZHIFA}第二十四条`, '《农村集体经济组织财务制度》（财农〔2021〕121号）'],
    body: '村民委员会、村集体经济组织',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('拟定方案', 'village-cadre', '村“两委”', 10),
      step('村务监督委员会审核', 'supervisor', '村务监督委员会', 5),
      step('镇农经站审核', 'town-cadre', '镇农经站', 10),
      step('村民（代表）会议表决', 'village-cadre', '村民代表会议', 7),
      step('方案公开', 'village-cadre', '村民委员会', 3, '预决算和分配方案公开不少于 7 天'),
    ],
    risks: [{ point: '虚列支出、截留收益', measure: '镇农经站审核，分配方案逐户公开' }],
    riskCard: '严禁虚列支出、坐收坐支、截留挪用集体收益，分配方案未经表决不得执行。',
    guideCard: ['村里每年挣了多少、花了多少、怎么分，都要村民代表表决并公开。'],
  },
  {
    code: 'ZC-01',
    kind: 'power',
    category: 'collective-assets',
    title: '集体资产资源出租（发包）',
    summary: '村集体的房屋、土地、林地、水面等资产资源对外出租或发包。',
    basis: [`${ZUZHIFA}第二十四条`, '《中华人民共和国农村土地承包法》第四十八条'],
    body: '村民委员会、村集体经济组织',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('提出出租方案', 'village-cadre', '村“两委”', 5),
      step('村民（代表）会议决议', 'village-cadre', '村民代表会议', 7),
      step('镇农经站审核', 'town-cadre', '镇农经站', 5),
      step('公开招租', 'village-cadre', '村民委员会', 10, '标的、底价、租期、报名条件公告不少于 5 个工作日'),
      step('签订合同', 'village-cadre', '村民委员会', 5),
      step('合同备案', 'town-cadre', '镇农经站', 5),
      step('结果公示', 'village-cadre', '村民委员会', 3, '承租人、租金、租期公示'),
    ],
    risks: [
      { point: '暗箱操作、优亲厚友', measure: '一律公开招租，村干部及其近亲属回避' },
      { point: '低价出租、租期过长', measure: '底价经评估确定，租期超过 5 年须镇审核' },
    ],
    riskCard: '集体资产资源一律公开招租，严禁私下协议、低价出租、以租代卖，干部及近亲属不得参与竞租。',
    guideCard: ['村里的房子、地出租，都要先公告，谁出价高、条件好就租给谁。', '租给了谁、多少钱、租多久，都会公示。'],
  },
  {
    code: 'ZC-02',
    kind: 'power',
    category: 'collective-assets',
    title: '集体资产处置（出售、报废）',
    summary: '村集体固定资产、设备等的出售、转让和报废处置。',
    basis: ['《农村集体经济组织财务制度》（财农〔2021〕121号）', `${ZUZHIFA}第二十四条`],
    body: '村民委员会、村集体经济组织',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('清点评估', 'village-cadre', '村“两委”', 10),
      step('村民（代表）会议决议', 'village-cadre', '村民代表会议', 7),
      step('镇农经站审批', 'town-cadre', '镇农经站', 10),
      step('公开处置', 'village-cadre', '村民委员会', 10, '处置方式、价格公开'),
      step('收入入账公开', 'village-cadre', '村报账员', 5, '处置收入入账情况公开'),
    ],
    risks: [{ point: '低价处置、收入不入账', measure: '评估定价，收入全额进入村集体账户' }],
    riskCard: '集体资产处置必须评估、决议、审批后公开进行，严禁私自处置和收入体外循环。',
    guideCard: ['村里卖旧东西、报废设备，也要开会决定、公开处理，钱要进村里的账。'],
  },
  {
    code: 'ZC-03',
    kind: 'power',
    category: 'collective-assets',
    title: '土地经营权流转备案',
    summary: '农户承包地经营权流转（出租、入股等）合同的村级审核和镇级备案。',
    basis: ['《农村土地经营权流转管理办法》（农业农村部令2021年第1号）'],
    body: '村民委员会、镇农经站',
    materials: ['土地经营权流转合同', '承包经营权证或确权证明', '双方身份证'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply('提交流转合同'), step('村委会审核', 'village-cadre', '村民委员会', 5), step('镇农经站备案', 'town-cadre', '镇农经站', 10), step('告知结果', 'village-cadre', '村民委员会', 2)],
    risks: [{ point: '强迫或阻碍农户流转', measure: '流转自愿，村委会只审核不干预，不收取任何费用' }],
    riskCard: '不得强迫、阻碍农户流转土地，不得截留、扣缴流转收益，不得收取备案费用。',
    guideCard: ['带上流转合同、确权证明和双方身份证到村委会。', '村里审核后报镇上备案，全程不收费。'],
  },
  {
    code: 'GC-01',
    kind: 'power',
    category: 'projects',
    title: '村级工程项目招标（比选）',
    summary: '村级小型工程项目（道路、水利、公益设施等）的立项、招标比选、施工和验收。',
    basis: ['《中华人民共和国招标投标法》', `${TIAOLI}第十九条`],
    body: '村民委员会',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('项目立项（四议两公开）', 'village-cadre', '村“两委”', 20),
      step('编制预算', 'village-cadre', '村民委员会', 10),
      step('镇审核预算和招标方案', 'town-cadre', '镇政府', 10),
      step('公开招标或比选', 'village-cadre', '村民委员会', 15, '招标公告、报名条件、开标时间地点'),
      step('中标结果公示', 'village-cadre', '村民委员会', 5, '中标单位和中标价公示 3 天以上'),
      step('施工全程监督', 'supervisor', '村务监督委员会', 60),
      step('竣工验收', 'town-cadre', '镇政府', 10),
      step('结算公开', 'village-cadre', '村民委员会', 5, '工程结算和资金支付公开'),
    ],
    risks: [
      { point: '围标串标、指定施工队', measure: '镇审核招标方案，村干部及近亲属不得承揽工程' },
      { point: '偷工减料、虚报工程量', measure: '村务监督委员会全程监督，镇组织验收' },
    ],
    riskCard: '严禁化整为零规避招标、指定施工单位、收受好处；干部及近亲属不得承揽本村工程。',
    guideCard: ['村里修路、修渠等工程，要公开招标，谁干、花多少钱都会公示。', '施工时村务监督委员会全程盯着，有问题可以找他们。'],
  },
  {
    code: 'CW-01',
    kind: 'power',
    category: 'finance',
    title: '村级财务开支审批',
    summary: '村级日常开支的报账、审核、审批和公开（村财镇管）。',
    basis: ['《农村集体经济组织财务制度》（财农〔2021〕121号）'],
    body: '村民委员会、镇“三资”代理服务中心',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [
      step('经办人报账', 'village-cadre', '经办人', 5),
      step('村务监督委员会审核', 'supervisor', '村务监督委员会', 3),
      step('村党组织书记审批', 'village-cadre', '村党支部书记', 3),
      step('镇代理中心审核入账', 'town-cadre', '镇“三资”代理服务中心', 10),
      step('财务公开', 'village-cadre', '村报账员', 10, '每月收支明细在公开栏公开'),
    ],
    risks: [{ point: '白条入账、虚开发票', measure: '监督委员会逐张审核票据，无审核签字不得入账' }],
    riskCard: '严禁白条抵库、虚列开支、公款私存，每一笔开支都要经手人、监督委员会、书记三签。',
    guideCard: ['村里花的每一笔钱，都要监督委员会审核、书记签字、镇上入账，按月公开。'],
  },
  {
    code: 'MS-01',
    kind: 'power',
    category: 'livelihood',
    title: '最低生活保障申请（低保）',
    summary: '家庭人均收入低于当地低保标准、财产符合规定的困难家庭申请低保。',
    basis: ['《社会救助暂行办法》第九条至第十三条', '《最低生活保障审核确认办法》（民发〔2021〕57号）'],
    body: '镇人民政府（村民委员会协助）',
    materials: ['户口簿', '身份证', '家庭收入和财产情况说明', '经济状况核对授权书', '残疾证或病历（如有）'],
    fees: '不收费',
    starter: 'resident',
    steps: [
      apply(),
      step('村委会受理登记', 'village-cadre', '村民委员会', 3),
      step('入户调查', 'grid-leader', '网格员', 5),
      step('民主评议', 'village-cadre', '村民代表会议', 7),
      step('村内公示', 'village-cadre', '村民委员会', 7, '申请人姓名、家庭人口、拟保障类别公示 7 天'),
      step('镇政府审核确认', 'town-cadre', '镇民政办', 10),
      step('结果公示', 'village-cadre', '村民委员会', 3, '审核确认结果长期公示'),
    ],
    risks: [
      { point: '人情保、关系保', measure: '民主评议和公示两道关，村干部近亲属申请须单独备案' },
      { point: '入户调查走过场', measure: '两人以上入户，调查表由申请人签字确认' },
    ],
    riskCard: '严禁优亲厚友、吃拿卡要、骗取低保；村干部近亲属申请须主动报告并回避评议。',
    guideCard: ['家里人均收入低于标准，可以到村委会申请低保。', '要带户口簿、身份证和家里收入的说明。', '村里会上门了解情况、开会评议、公示 7 天，再报镇上确认。', '全程不收任何费用。'],
  },
  {
    code: 'MS-02',
    kind: 'power',
    category: 'livelihood',
    title: '特困人员救助供养申请',
    summary: '无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人申请特困供养。',
    basis: ['《社会救助暂行办法》第十四条至第十九条', '《特困人员认定办法》（民发〔2021〕43号）'],
    body: '镇人民政府（村民委员会协助）',
    materials: ['户口簿', '身份证', '残疾证或病历（如有）', '家庭收入和财产情况说明'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村委会受理', 'village-cadre', '村民委员会', 3), step('入户核查', 'grid-leader', '网格员', 5), step('村内公示', 'village-cadre', '村民委员会', 7, '拟认定人员公示 7 天'), step('镇政府审核确认', 'town-cadre', '镇民政办', 15), step('结果公示', 'village-cadre', '村民委员会', 3, '认定结果公示')],
    risks: [{ point: '不符合条件的人被认定', measure: '入户核查、公示，镇民政办审核确认' }],
    riskCard: '严禁把不符合条件的人员纳入特困供养，严禁截留、挪用供养资金。',
    guideCard: ['孤寡老人、重度残疾人生活没有着落，可以申请特困供养。', '可以由亲属或村干部代为申请。'],
  },
  {
    code: 'MS-03',
    kind: 'power',
    category: 'livelihood',
    title: '临时救助（困难救助）申请',
    summary: '因火灾、交通事故、突发重病等导致基本生活暂时出现严重困难的家庭申请临时救助。',
    basis: ['《社会救助暂行办法》第四十七条至第五十一条'],
    body: '镇人民政府（村民委员会协助）',
    materials: ['身份证', '户口簿', '困难情况证明（病历、事故证明等）'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村委会核实情况', 'village-cadre', '村民委员会', 2), step('村内公示', 'village-cadre', '村民委员会', 5, '救助对象和金额公示'), step('镇政府审批', 'town-cadre', '镇民政办', 5), step('救助金发放', 'town-cadre', '镇财政所', 5)],
    risks: [{ point: '重复救助、虚报困难', measure: '核实情况留存照片和证明，救助金直接打卡发放' }],
    riskCard: '严禁虚报冒领、优亲厚友、截留救助金，情况紧急的可先行救助、事后补办手续。',
    guideCard: ['家里突遭变故、生活过不下去，可以申请临时救助。', '情况紧急的，村里和镇上可以先救助后补手续。'],
  },
  {
    code: 'MS-04',
    kind: 'power',
    category: 'livelihood',
    title: '残疾人两项补贴申请',
    summary: '困难残疾人生活补贴和重度残疾人护理补贴的申请。',
    basis: ['《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）'],
    body: '镇人民政府、县残联',
    materials: ['第二代残疾人证', '身份证', '户口簿', '银行卡或社保卡'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村委会初审', 'village-cadre', '村民委员会', 3), step('镇政府审核', 'town-cadre', '镇民政办', 10), step('县级审定', 'county-admin', '县民政局、县残联', 10), step('结果告知', 'village-cadre', '村民委员会', 3)],
    risks: [{ point: '代领冒领补贴', measure: '补贴发到本人账户，每年核查一次' }],
    riskCard: '严禁代领、冒领、截留残疾人补贴，补贴一律打卡发放到本人。',
    guideCard: ['持有残疾证的困难家庭、重度残疾人，可以申请两项补贴。', '带残疾证、身份证、户口簿和银行卡。'],
  },
  {
    code: 'MS-05',
    kind: 'power',
    category: 'livelihood',
    title: '高龄老人补贴申请',
    summary: '80 周岁以上老年人申请高龄生活补贴。',
    basis: ['《中华人民共和国老年人权益保障法》第三十三条'],
    body: '镇人民政府（村民委员会协助）',
    materials: ['身份证', '户口簿', '银行卡或社保卡'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply('提出申请（可由家人代办）'), step('村委会核实', 'village-cadre', '村民委员会', 3), step('镇政府审核', 'town-cadre', '镇民政办', 10), step('结果告知', 'village-cadre', '村民委员会', 2)],
    risks: [{ point: '去世后继续领取', measure: '村里每季度核查在世情况，及时停发' }],
    riskCard: '严禁虚报年龄、冒领补贴；老人去世后须及时报告停发。',
    guideCard: ['满 80 周岁的老人可以领高龄补贴，家人可以代办。', '带身份证、户口簿和银行卡到村委会。'],
  },
  {
    code: 'MS-06',
    kind: 'power',
    category: 'livelihood',
    title: '农村危房改造申请',
    summary: '低保户、分散供养特困人员、低收入家庭等重点对象的危房改造补助申请。',
    basis: ['《中华人民共和国建筑法》', '陕西省农村危房改造实施办法'],
    body: '镇人民政府、县住建局',
    materials: ['身份证', '户口簿', '房屋现状照片', '低保证或特困证（如有）'],
    fees: '不收费',
    starter: 'resident',
    steps: [
      apply(),
      step('村民代表会议评议', 'village-cadre', '村民代表会议', 10),
      step('村内公示', 'village-cadre', '村民委员会', 7, '改造对象公示 7 天'),
      step('房屋安全鉴定', 'town-cadre', '镇规划建设办', 15),
      step('县级审批', 'county-admin', '县住建局', 15),
      step('竣工验收', 'town-cadre', '镇规划建设办', 20),
      step('补助资金公开', 'village-cadre', '村民委员会', 5, '补助对象和金额公开'),
    ],
    risks: [{ point: '不符合条件的人享受补助', measure: '评议公示、房屋安全鉴定，补助资金直接拨付到户' }],
    riskCard: '严禁优亲厚友、索要好处、截留补助资金；补助一律打卡到户。',
    guideCard: ['住的房子不安全、家里困难的，可以申请危房改造补助。'],
  },
  {
    code: 'ZJ-01',
    kind: 'power',
    category: 'homestead',
    title: '农村宅基地申请（建房）',
    summary: '符合“一户一宅”条件的农户申请宅基地新建、改建、扩建住房。',
    basis: ['《中华人民共和国土地管理法》第六十二条', '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）'],
    body: '镇人民政府（村民委员会、村集体经济组织）',
    materials: ['农村宅基地和建房（规划许可）申请表', '户口簿', '身份证', '建房设计图或通用图', '现有宅基地处置说明'],
    fees: '不收费',
    starter: 'resident',
    steps: [
      apply(),
      step('村民小组会议讨论', 'village-cadre', '村民小组', 7, '申请人、拟用地位置和面积在组内公示'),
      step('村级审查', 'village-cadre', '村“两委”', 5),
      step('村内公示', 'village-cadre', '村民委员会', 5, '申请人、位置、面积、建房层数公示 5 个工作日'),
      step('镇政府联审审批', 'town-cadre', '镇政府（联审）', 20),
      step('开工前放线（三到场）', 'town-cadre', '镇规划建设办', 5),
      step('竣工验收', 'town-cadre', '镇规划建设办', 10),
    ],
    risks: [
      { point: '一户多宅、超面积审批', measure: '村级审查核对“一户一宅”，面积严格按标准' },
      { point: '收受好处、优亲厚友', measure: '组内和村内两次公示，村务监督委员会监督' },
    ],
    riskCard: '严禁违反“一户一宅”审批、超标准批地、借审批吃拿卡要。',
    guideCard: ['一户只能有一处宅基地，面积有标准。', '先到村委会领申请表，村民小组讨论、村里公示后报镇上审批。', '开工前镇上会来现场放线，建好后来验收。'],
  },
  {
    code: 'ZJ-02',
    kind: 'power',
    category: 'homestead',
    title: '宅基地自愿有偿退出',
    summary: '进城落户或有多处住房的农户自愿有偿退出闲置宅基地。',
    basis: ['《中华人民共和国土地管理法》第六十二条'],
    body: '村集体经济组织、镇人民政府',
    materials: ['宅基地使用权证明', '身份证', '户口簿', '退出申请书'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村集体经济组织审核', 'village-cadre', '村集体经济组织', 10), step('补偿方案公示', 'village-cadre', '村民委员会', 7, '退出面积和补偿标准公示'), step('镇政府审批', 'town-cadre', '镇政府', 15), step('签订协议并补偿', 'village-cadre', '村集体经济组织', 10)],
    risks: [{ point: '强迫退出、压低补偿', measure: '坚持自愿，补偿标准公开' }],
    riskCard: '严禁强迫农户退出宅基地，严禁截留退出补偿款。',
    guideCard: ['闲置的宅基地可以自愿退出，村里会按公开的标准给补偿。'],
  },
  {
    code: 'ZM-01',
    kind: 'power',
    category: 'certificates',
    title: '出具证明（村级证明事项）',
    summary: '在保留的证明事项清单内，为村民出具居住、亲属关系等证明。',
    basis: ['《国务院办公厅关于做好证明事项清理工作的通知》（国办发〔2018〕47号）', `${ZUZHIFA}第二条`],
    body: '村民委员会',
    materials: ['身份证', '户口簿', '需要证明的事项说明'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村委会核实', 'village-cadre', '村民委员会', 2), step('村党组织书记审签盖章', 'village-cadre', '村党支部书记', 1), step('登记备案', 'village-cadre', '村民委员会', 1)],
    risks: [{ point: '出具虚假证明', measure: '先核实后出具，每份证明登记备查' }],
    riskCard: '严禁出具虚假证明、超范围出证、收取出证费用；清单外的证明一律不开。',
    guideCard: ['需要村里开证明，带上身份证和户口簿。', '能开的证明有清单，清单外的不用开。', '一般 3 个工作日内办好，不收费。'],
  },
  {
    code: 'ZM-02',
    kind: 'power',
    category: 'certificates',
    title: '出具家庭经济困难证明（助学）',
    summary: '为在校学生申请国家助学金、助学贷款出具家庭经济困难情况证明。',
    basis: ['《国务院办公厅关于做好证明事项清理工作的通知》（国办发〔2018〕47号）'],
    body: '村民委员会',
    materials: ['学生证或录取通知书', '户口簿', '家庭情况说明'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村委会核实', 'village-cadre', '村民委员会', 2), step('审签盖章', 'village-cadre', '村党支部书记', 1)],
    risks: [{ point: '为不困难家庭出证', measure: '核实家庭情况，与低保、特困台账比对' }],
    riskCard: '如实出具，严禁出具虚假困难证明、收取好处。',
    guideCard: ['孩子上学要家庭困难证明的，带学生证或录取通知书来村委会。'],
  },
  {
    code: 'DJ-01',
    kind: 'power',
    category: 'party',
    title: '发展党员',
    summary: '从递交入党申请书到预备党员接收的主要程序（按《中国共产党发展党员工作细则》）。',
    basis: ['《中国共产党章程》', '《中国共产党发展党员工作细则》'],
    body: '村党组织、镇党委',
    materials: ['入党申请书'],
    fees: '不收费',
    starter: 'resident',
    steps: [
      apply('递交入党申请书'),
      step('党组织派人谈话', 'village-cadre', '村党支部', 20),
      step('确定入党积极分子', 'village-cadre', '村党支部', 60),
      step('确定发展对象并公示', 'village-cadre', '村党支部', 250, '发展对象公示不少于 5 个工作日'),
      step('政治审查', 'town-cadre', '镇党委', 30),
      step('支部大会讨论接收', 'village-cadre', '村党员大会', 20),
      step('镇党委审批', 'town-cadre', '镇党委', 60),
    ],
    risks: [{ point: '“火线入党”、突击发展', measure: '严格执行培养考察期，各环节公示' }],
    riskCard: '严格标准和程序，严禁违规发展、突击发展、“带病入党”。',
    guideCard: ['想入党的，先向村党支部递交入党申请书，支部一个月内会找您谈话。', '从申请到成为预备党员一般要一年以上。'],
  },
  {
    code: 'DJ-02',
    kind: 'power',
    category: 'party',
    title: '党员组织关系转接',
    summary: '党员因工作、居住地变动转入或转出村党组织。',
    basis: ['《中国共产党章程》第八条', '《中国共产党党员教育管理工作条例》'],
    body: '村党组织、镇党委',
    materials: ['党员组织关系介绍信（转入）', '身份证'],
    fees: '不收费',
    starter: 'resident',
    steps: [apply(), step('村党支部审核', 'village-cadre', '村党支部', 3), step('镇党委办理', 'town-cadre', '镇党委组织办', 5), step('编入党小组', 'village-cadre', '村党支部', 3)],
    risks: [{ point: '推诿不接收', measure: '转接时限公开，超期由监督委员会督办' }],
    riskCard: '不得无故拒收、拖延党员组织关系，不得借转接收取费用。',
    guideCard: ['党员搬到村里或者要转走，带介绍信找村党支部办理。'],
  },
  {
    code: 'DJ-03',
    kind: 'power',
    category: 'party',
    title: '村级党组织换届选举',
    summary: '村党组织委员会和书记的换届选举。',
    basis: ['《中国共产党基层组织选举工作条例》'],
    body: '村党组织、镇党委',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [step('提出召开大会请示', 'village-cadre', '村党支部', 10), step('镇党委批复', 'town-cadre', '镇党委', 10), step('酝酿提名候选人', 'village-cadre', '村党支部', 15, '候选人预备人选公示'), step('党员大会选举', 'village-cadre', '村党员大会', 10), step('选举结果报批', 'town-cadre', '镇党委', 10, '当选人员名单公布')],
    risks: [{ point: '拉票贿选', measure: '镇党委全程指导，纪检监督' }],
    riskCard: '严禁拉票贿选、干扰选举，发现问题一律严肃处理。',
    guideCard: ['村党支部换届，候选人要公示，党员大会无记名投票选举。'],
  },
  {
    code: 'CW-02',
    kind: 'power',
    category: 'finance',
    title: '村务公开',
    summary: '村务、党务、财务按时公开（一般事项每季度、财务收支每月、重大事项随时）。',
    basis: [`${ZUZHIFA}第三十条`],
    body: '村民委员会',
    materials: [],
    fees: '不收费',
    starter: 'cadre',
    steps: [step('拟定公开内容', 'village-cadre', '村民委员会', 5), step('村务监督委员会审核', 'supervisor', '村务监督委员会', 3), step('公开', 'village-cadre', '村民委员会', 2, '在公开栏和“千阳智治”同时公开'), step('收集反馈并答复', 'village-cadre', '村民委员会', 10)],
    risks: [{ point: '选择性公开、公开不实', measure: '监督委员会审核签字后公开' }],
    riskCard: '公开内容必须真实、完整、及时，严禁选择性公开和“假公开”。',
    guideCard: ['村里的账目和大事小情，按时在公开栏和手机上公开，看不懂可以问监督委员会。'],
  },
  {
    code: 'GC-02',
    kind: 'power',
    category: 'projects',
    title: '村级公益事业“一事一议”',
    summary: '村内道路、水渠、路灯等公益事业通过“一事一议”筹资筹劳。',
    basis: ['《村民一事一议筹资筹劳管理办法》', `${ZUZHIFA}第二十四条`],
    body: '村民委员会',
    materials: [],
    fees: '按议定方案筹资，不得超过县定上限',
    starter: 'cadre',
    steps: [step('提出议题和方案', 'village-cadre', '村“两委”', 10), step('村民（代表）会议议事', 'village-cadre', '村民代表会议', 10), step('镇审核', 'town-cadre', '镇农经站', 10), step('方案公开', 'village-cadre', '村民委员会', 3, '筹资筹劳方案公开'), step('实施监督', 'supervisor', '村务监督委员会', 60), step('结果公开', 'village-cadre', '村民委员会', 5, '资金使用和完成情况公开')],
    risks: [{ point: '超标准筹资、挪作他用', measure: '镇审核筹资标准，资金专款专用' }],
    riskCard: '严禁超标准、超范围筹资筹劳，严禁以“一事一议”名义乱收费。',
    guideCard: ['村里修路装灯要大家出钱出力的，必须开会议定，标准有上限，账目要公开。'],
  },
  {
    code: 'ZR-01',
    kind: 'responsibility',
    category: 'party',
    title: '村党组织书记全面从严治党第一责任人职责',
    summary: '村党组织书记对本村党风廉政建设负总责，履行“第一责任人”职责。',
    basis: [`${TIAOLI}`, '《党委（党组）落实全面从严治党主体责任规定》'],
    body: '村党组织书记',
    materials: [],
    fees: '不涉及',
    starter: 'cadre',
    steps: [step('制定年度责任清单', 'village-cadre', '村党支部书记', 20), step('签订责任书', 'town-cadre', '镇党委', 10), step('季度自查', 'village-cadre', '村党支部', 60), step('年终述责述廉', 'village-cadre', '村党员大会', 20, '述责述廉报告公开'), step('评议', 'supervisor', '村务监督委员会', 10)],
    risks: [{ point: '责任层层递减', measure: '镇党委季度督查，述责述廉接受党员评议' }],
    riskCard: '书记是第一责任人，要管好班子、带好队伍，对苗头性问题早提醒、早纠正。',
    guideCard: ['村党支部书记每年要向党员和群众讲清楚管党治党做了什么。'],
  },
  {
    code: 'ZR-02',
    kind: 'responsibility',
    category: 'finance',
    title: '村务监督委员会监督职责',
    summary: '村务监督委员会对村务、财务、工程项目和“小微权力”运行进行监督。',
    basis: [`${ZUZHIFA}第三十二条`, '《关于建立健全村务监督委员会的指导意见》'],
    body: '村务监督委员会',
    materials: [],
    fees: '不涉及',
    starter: 'none',
    steps: [step('列席村“两委”会议', 'supervisor', '村务监督委员会', 5), step('审核财务票据', 'supervisor', '村务监督委员会', 3), step('监督村务公开', 'supervisor', '村务监督委员会', 5), step('开展“三提醒”谈话', 'supervisor', '村务监督委员会', 10), step('向村民（代表）会议报告工作', 'supervisor', '村务监督委员会', 20, '年度监督工作报告公开')],
    risks: [{ point: '监督虚化、“签字机器”', measure: '监督意见书面留存，镇纪委抽查' }],
    riskCard: '监督委员会成员不得与村“两委”主要干部有近亲属关系，审核不签“糊涂字”。',
    guideCard: ['对村里的事有意见，可以找村务监督委员会，也可以在手机上投诉。'],
  },
  {
    code: 'ZR-03',
    kind: 'responsibility',
    category: 'party',
    title: '“三会一课”及主题党日',
    summary: '按时召开支部党员大会、支部委员会、党小组会，按时上好党课，每月开展主题党日。',
    basis: [`${TIAOLI}`, '《中国共产党支部工作条例（试行）》'],
    body: '村党组织',
    materials: [],
    fees: '不涉及',
    starter: 'cadre',
    steps: [step('制定计划', 'village-cadre', '村党支部', 5), step('组织召开', 'village-cadre', '村党支部', 20), step('记录归档', 'village-cadre', '村党支部', 5), step('镇党委检查', 'town-cadre', '镇党委', 20)],
    risks: [{ point: '走过场、补记录', measure: '现场签到、照片留存，镇党委不定期抽查' }],
    riskCard: '严禁“三会一课”走过场、事后补记录。',
    guideCard: ['村里党员每月有主题党日，欢迎群众来看、来提意见。'],
  },
];

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

export function buildPowersSeed(now: Date, users: Map<string, UserRecord>): Built {
  // Days count back from today's UTC date; the hour is China wall-clock time on that date.
  const day0 = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const iso = (daysAgo: number, hour = 9) => instantOf(addDays(day0, -daysAgo), `${String(hour).padStart(2, '0')}:00`).toISOString();
  const county = COUNTY.id;
  const admin = users.get('county-admin');
  const items: PowerItemRecord[] = [];
  const versions: PowerItemVersionRecord[] = [];

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

  // 低保 was revised this year: version 1 had no grid visit; matters begun under it keep that flow.
  const lowIncome = STANDARD_CATALOGUE.find((d) => d.code === 'MS-01')!;
  const lowIncomeV1: PowerItemDefinition = { ...lowIncome, steps: lowIncome.steps.filter((s) => s.role !== 'grid-leader').map((s) => (s.title === '镇政府审核确认' ? { ...s, limitDays: 15 } : s)) };
  keep(record(lowIncomeV1, { unitId: county, scope: 'county', version: 1, order: 0, at: iso(400), base: null, localNote: null, note: '首次发布', by: admin }));

  STANDARD_CATALOGUE.forEach((def, i) => {
    const revised = def.code === 'MS-01';
    const r = record(def, { unitId: county, scope: 'county', version: revised ? 2 : 1, order: i + 1, at: iso(revised ? 90 : 400), base: null, localNote: null, note: revised ? '增加网格员入户调查，镇审核时限由 15 个工作日缩短为 10 个' : '首次发布', by: admin });
    if (revised) versions[0] = { ...versions[0]!, order: i + 1 };
    items.push(r);
    keep(r);
  });
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
    const timeline: MatterRecord['timeline'] = [{ at: created, action: byCadre ? '发起事项' : '提出申请', actorId: applicant._id, actorName: applicant.name, stepIndex: null, note: o.note ?? null }];
    let { steps, current } = startSteps(o.item.steps, { at: created, applicantId: applicant._id, applicantName: applicant.name, note: o.note ?? null }) as { steps: MatterStep[]; current: number | null };
    let status: MatterRecord['status'] = 'in_progress';
    for (const [k, act] of o.acts.entries()) {
      const by = who(act.by);
      const at = iso(act.daysAgo, 11 + (k % 5));
      const step = steps[current!]!;
      const out = completeStep(steps, current!, { id: by._id, name: by.name, at, note: act.note ?? null });
      timeline.push({ at, action: `完成：${step.title}`, actorId: by._id, actorName: by.name, stepIndex: current, note: act.note ?? null });
      ({ steps, current, status } = out);
    }
    let closedAt: string | null = status === 'done' ? timeline[timeline.length - 1]!.at : null;
    if (o.end && current !== null) {
      const by = who(o.end.by);
      const at = iso(o.end.daysAgo, 15);
      const step = steps[current]!;
      const out = closeAt(steps, current, o.end.how, { id: by._id, name: by.name, at, note: o.end.note });
      timeline.push({ at, action: o.end.how === 'refused' ? `不予通过：${step.title}` : '撤回申请', actorId: by._id, actorName: by.name, stepIndex: current, note: o.end.note });
      ({ steps, current, status } = out);
      closedAt = at;
    }
    const live = current !== null ? steps[current]! : null;
    let flagDueAt = live?.dueAt ?? null;
    if (o.overdueFlagged && live && flagDueAt && flagDueAt < now.toISOString()) {
      live.overdue = true;
      timeline.push({ at: new Date(Date.parse(flagDueAt) + 600_000).toISOString(), action: `超过办理时限：${live.title}`, actorId: 'system', actorName: '系统', stepIndex: current, note: `时限 ${live.limitDays} 个工作日` });
      flagDueAt = null;
    }
    const rating = o.rating ? { ...o.rating, at: iso(Math.max(0, (o.acts[o.acts.length - 1]?.daysAgo ?? 1) - 1), 18) } : null;
    if (rating) timeline.push({ at: rating.at, action: `评价：${rating.stars} 星`, actorId: applicant._id, actorName: applicant.name, stepIndex: null, note: rating.comment });
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
  matters[4]!.timeline.push({ at: complaints[0]!.createdAt, action: '向村务监督委员会反映问题', actorId: 'r-fengfang-4', actorName: complaints[0]!.complainantName, stepIndex: matters[4]!.current, note: null });
  matters[6]!.timeline.push({ at: complaints[1]!.createdAt, action: '向村务监督委员会反映问题', actorId: 'r-fengfang-8', actorName: complaints[1]!.complainantName, stepIndex: null, note: null });

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

  return { items, versions, matters, stats: [...stats.values()], complaints, talks, ledger, supervisors };
}

export async function seedPowers(db: Db): Promise<void> {
  const res = await db.collection(COLLECTIONS.users.name).where({ persona: db.command.in(['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor']) }).limit(1000).get();
  const users = new Map((res.data as UserRecord[]).map((u) => [u._id, u]));
  const data = buildPowersSeed(clock.now(), users);
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
