import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import PointsEntry from '../../../../miniprogram/src/packages/points/entry/index';
import { setSessionUser } from '../../../../miniprogram/src/client/session';
import { ROUTES } from '../../../../miniprogram/src/routes';
import { DEFAULT_INDICATORS } from '../../../../shared/domain/points-rules';
import { fakeGateway, refuse } from '../../support/gateway';
import { person } from '../../support/people';
import { typeInto } from '../../support/type-into';

const picked: { next: unknown } = { next: null };
jest.mock('../../../../miniprogram/src/client/pick-file', () => ({ pickFile: jest.fn(async () => picked.next) }));
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => require('../../support/confirm-dialog').confirmingWith('经网格员核实，不属实'));

const gateway = fakeGateway();
const { sent } = gateway;
let answers: Record<string, unknown> = {};
const calls = (action: string) => sent().filter((b) => b.action === action).map((b) => b.data);

const cadre = person({ id: 'village-cadre', name: '陈建军', persona: 'village-cadre', roles: [{ role: 'village-cadre', unitId: 'v-fengfang', unitName: '冯坊村' }] });
const month = (m: string, over: object = {}) => ({
  villageId: 'v-fengfang', villageName: '冯坊村', month: m, status: 'draft', statusLabel: '评分中', indicators: [...DEFAULT_INDICATORS],
  publishedAt: null, publicityEndsAt: null, finalisedAt: null, householdCount: 2, ratedCount: 1, openObjections: 0, ...over,
});
const row = (householdId: string, headName: string) => ({ householdId, headName, gridId: 'g-fengfang-1', scores: {}, total: 0, complete: false });
const sheet = (m: string) => ({ month: month(m), rows: [row('h1', '张桂芳'), row('h2', '王建平')], currentMonth: '2026-11' });
const objection = {
  id: 'ob1', householdId: 'h2', headName: '王建平', month: '2026-11', code: 'sanitation', indicatorName: '环保卫生', reason: '门前柴草已经清走了',
  raisedByName: '王建平', raisedAt: '2026-11-20T02:00:00.000Z', status: 'open', statusLabel: '待处理', decisionReason: null, decidedByName: null,
  decidedAt: null, adjustment: null, canRelease: false,
};
const dividends = {
  villageId: 'v-fengfang', villageName: '冯坊村', year: 2025, incomeFen: 1234567, split: { industry: 493827, welfare: 370370, dividends: 246913, risk: 123457 },
  rule: 'points', totalWeight: 0, undistributedFen: 0, rows: [], at: '2026-11-20T02:00:00.000Z',
};

beforeEach(() => {
  setSessionUser(cadre);
  answers = {
    objections: { items: [objection] },
    enter: { written: 1, month: month('2026-11') },
    decide: { ...objection, status: 'rejected', statusLabel: '不采纳' },
    distribute: dividends,
  };
  gateway.install((action, data) => (action === 'sheet' ? sheet((data.month as string | undefined) ?? '2026-11') : answers[action]));
});
afterEach(() => setSessionUser(null));

describe('points entry: the month', () => {
  it('asks the server which month it is and offers it with the two months before', async () => {
    render(<PointsEntry />);
    expect(await screen.findByText('2026年11月')).toBeTruthy();
    expect(screen.getByText('2026年10月')).toBeTruthy();
    expect(screen.getByText('2026年9月')).toBeTruthy();
    expect(calls('sheet')[0]).toEqual({ villageId: 'v-fengfang' });
    await waitFor(() => expect(calls('objections')).toEqual([{ villageId: 'v-fengfang', month: '2026-11' }]));
  });

  it('loads the sheet and objections of another month when its chip is tapped', async () => {
    render(<PointsEntry />);
    fireEvent.click(await screen.findByText('2026年10月'));
    await waitFor(() => expect(calls('sheet')).toContainEqual({ villageId: 'v-fengfang', month: '2026-10' }));
    await waitFor(() => expect(calls('objections')).toContainEqual({ villageId: 'v-fengfang', month: '2026-10' }));
  });
});

describe('points entry: rating', () => {
  it('takes a point off with a quick reason and saves only the household that changed', async () => {
    render(<PointsEntry />);
    fireEvent.click((await screen.findAllByText('打分'))[0]!);
    fireEvent.click(screen.getByLabelText('环保卫生减一分'));
    fireEvent.click(screen.getAllByText('经网格员核实')[0]!);
    fireEvent.click(screen.getByText('保存 1 户的分数'));
    await waitFor(() => expect(calls('enter')).toHaveLength(1));
    expect(calls('enter')[0]).toEqual({
      villageId: 'v-fengfang',
      month: '2026-11',
      rows: [{ householdId: 'h1', scores: [{ code: 'sanitation', score: 9, reason: '经网格员核实' }] }],
    });
  });

  it('marks the household whose row the server refuses, with the server’s words', async () => {
    answers.enter = refuse('INVALID_INPUT', '请检查', [{ path: 'rows.0.scores', message: '第 1 行：扣分要写原因' }]);
    render(<PointsEntry />);
    fireEvent.click((await screen.findAllByText('打分'))[0]!);
    fireEvent.click(screen.getByLabelText('环保卫生减一分'));
    fireEvent.click(screen.getByText('保存 1 户的分数'));
    expect(await screen.findByText('扣分要写原因')).toBeTruthy();
    expect(screen.getByText('保存 1 户的分数')).toBeTruthy();
  });
});

describe('points entry: objections', () => {
  it('answers an open objection it does not uphold with the reason the cadre wrote', async () => {
    render(<PointsEntry />);
    expect(await screen.findByText('王建平：门前柴草已经清走了')).toBeTruthy();
    fireEvent.click(screen.getByText('不采纳', { selector: 'taro-button-core, button' }));
    fireEvent.click(await screen.findByText('不采纳', { selector: 'button' }));
    await waitFor(() => expect(calls('decide')).toEqual([{ objectionId: 'ob1', decision: 'reject', reason: '经网格员核实，不属实' }]));
  });
});

describe('points entry: import', () => {
  const pasted = '户主,门牌,指标,得分,扣分原因\n查无此人,冯坊9组9号,环保卫生,8,乱堆\n张桂芳,冯坊1组1号,环保卫生,12,';

  it('previews a pasted table and lists every wrong line, writing nothing', async () => {
    answers.previewImport = {
      rows: [
        { line: 2, household: '查无此人 冯坊9组9号', indicator: '', score: null, reason: null, errors: ['本村（社区）没有户主为「查无此人」、门牌为「冯坊9组9号」的农户'] },
        { line: 3, household: '张桂芳（冯坊1组1号）', indicator: '环保卫生', score: 12, reason: null, errors: ['环保卫生的得分 12 超过了满分 10'] },
      ],
      fileErrors: [],
      lines: 2,
      errorCount: 2,
    };
    render(<PointsEntry />);
    await screen.findByText('从表格导入');
    typeInto(document.querySelector('taro-textarea-core')!, pasted);
    fireEvent.click(await screen.findByText('预览粘贴的内容'));
    expect(await screen.findByText('第 2 行：本村（社区）没有户主为「查无此人」、门牌为「冯坊9组9号」的农户')).toBeTruthy();
    expect(screen.getByText('第 3 行：环保卫生的得分 12 超过了满分 10')).toBeTruthy();
    expect(screen.queryByText(/^确认导入/)).toBeNull();
    expect(calls('previewImport')).toEqual([{ villageId: 'v-fengfang', month: '2026-11', csv: pasted }]);
    expect(calls('importCsv')).toEqual([]);
  });

  it('writes only the previewed content once it is confirmed, with one request id', async () => {
    const good = '户主,门牌,指标,得分,扣分原因\n张桂芳,冯坊1组1号,环保卫生,6,门前柴草乱堆，占用巷道';
    answers.previewImport = { rows: [{ line: 2, household: '张桂芳（冯坊1组1号）', indicator: '环保卫生', score: 6, reason: '门前柴草乱堆，占用巷道', errors: [] }], fileErrors: [], lines: 1, errorCount: 0 };
    answers.importCsv = { written: 1, lines: 1, month: month('2026-11') };
    render(<PointsEntry />);
    await screen.findByText('从表格导入');
    typeInto(document.querySelector('taro-textarea-core')!, good);
    fireEvent.click(await screen.findByText('预览粘贴的内容'));
    expect(await screen.findByText('第 2 行：张桂芳（冯坊1组1号） · 环保卫生 6 分（门前柴草乱堆，占用巷道）')).toBeTruthy();
    fireEvent.click(screen.getByText('确认导入 1 行'));
    await waitFor(() => expect(calls('importCsv')).toHaveLength(1));
    expect(calls('importCsv')[0]).toEqual({ villageId: 'v-fengfang', month: '2026-11', csv: good, requestId: expect.stringMatching(/^r[a-z0-9]{8,}$/) });
  });

  it('sends a chosen Excel file as its bytes, shows every previewed row with its errors, and imports that file once confirmed', async () => {
    picked.next = { name: '十一月积分.xlsx', size: 9000, base64: 'UEsDBBQAAAAI' };
    answers.previewImport = {
      rows: [
        { line: 2, household: '张桂芳（冯坊1组1号）', indicator: '环保卫生', score: 6, reason: '门前柴草乱堆，占用巷道', errors: [] },
        { line: 3, household: '王建平（冯坊1组2号）', indicator: '遵纪守法', score: 10, reason: null, errors: [] },
      ],
      fileErrors: [],
      lines: 2,
      errorCount: 0,
    };
    answers.importCsv = { written: 2, lines: 2, month: month('2026-11') };
    render(<PointsEntry />);
    fireEvent.click(await screen.findByText('选 Excel 文件'));
    expect(await screen.findByText('第 2 行：张桂芳（冯坊1组1号） · 环保卫生 6 分（门前柴草乱堆，占用巷道）')).toBeTruthy();
    expect(screen.getByText('第 3 行：王建平（冯坊1组2号） · 遵纪守法 10 分')).toBeTruthy();
    expect(screen.getByText('已选：十一月积分.xlsx')).toBeTruthy();
    expect(calls('previewImport')).toEqual([{ villageId: 'v-fengfang', month: '2026-11', xlsx: 'UEsDBBQAAAAI' }]);
    expect(calls('importCsv')).toEqual([]);
    fireEvent.click(screen.getByText('确认导入 2 行'));
    await waitFor(() => expect(calls('importCsv')).toHaveLength(1));
    expect(calls('importCsv')[0]).toEqual({ villageId: 'v-fengfang', month: '2026-11', xlsx: 'UEsDBBQAAAAI', requestId: expect.stringMatching(/^r[a-z0-9]{8,}$/) });
  });

  it('refuses a file over the size limit in words before sending anything', async () => {
    picked.next = { tooLarge: 300 * 1024, name: '全村.xlsx' };
    render(<PointsEntry />);
    fireEvent.click(await screen.findByText('选 Excel 文件'));
    expect(await screen.findByText(/^「全村.xlsx」有 300 KB，超过了一次导入的上限 45 KB/)).toBeTruthy();
    expect(calls('previewImport')).toEqual([]);
  });
});

describe('points entry: 其余按满分', () => {
  it('asks first, then has the server fill the unscored indicators as one audited action', async () => {
    answers.fillRemainingFull = { filled: 20, households: 2, month: month('2026-11', { ratedCount: 2 }) };
    render(<PointsEntry />);
    // Why 公示 cannot be tapped yet is said, with the way out.
    expect(await screen.findByText(/^还有 1 户没评完（每户 10 项都要有分），评完才能公示/)).toBeTruthy();
    fireEvent.click(await screen.findByText('其余按满分（没评的各项记满分）'));
    fireEvent.click(await screen.findByText('都记满分'));
    await waitFor(() => expect(calls('fillRemainingFull')).toEqual([{ villageId: 'v-fengfang', month: '2026-11' }]));
    expect(calls('enter')).toEqual([]);
  });
});

describe('points entry: dividends', () => {
  it('splits last year’s income, by the server’s year, typed in yuan and sent as exact fen', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo');
    render(<PointsEntry />);
    expect(await screen.findByText(/填写2025年村集体收入/)).toBeTruthy();
    typeInto(document.querySelector('taro-input-core[placeholder="集体收入（元）"]')!, '12,345.67');
    fireEvent.click(await screen.findByText('计算并公布分红'));
    fireEvent.click(await screen.findByText('计算'));
    await waitFor(() => expect(calls('distribute')).toEqual([{ villageId: 'v-fengfang', year: 2025, incomeFen: 1234567 }]));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ url: ROUTES.points.dividends.url({ villageId: 'v-fengfang', year: 2025 }) }));
  });
});
