import { householdLabel, importTemplate, lineOfIssue, parseTable, readImportLines, readImportTable, resolveImportLines } from '../../../../shared/domain/points-import';

const HOUSEHOLDS = [
  { _id: 'h-1', headName: '王建平', address: '冯坊1组1号' },
  { _id: 'h-2', headName: '李秀英', address: '冯坊1组2号' },
];

describe('parseTable', () => {
  it('reads quoted cells and CRLF lines with their line numbers', () => {
    expect(parseTable('a,"b,""c"""\r\n\r\nd,e\n')).toEqual([
      { line: 1, cells: ['a', 'b,"c"'] },
      { line: 3, cells: ['d', 'e'] },
    ]);
  });

  it('never splits at a full-width comma: it is part of the text', () => {
    expect(parseTable('户号,指标,得分,扣分原因\nh-fengfang-1-01,环保卫生,6,门前柴草乱堆，占用巷道\n')[1]!.cells).toEqual(['h-fengfang-1-01', '环保卫生', '6', '门前柴草乱堆，占用巷道']);
  });

  it('reads a sheet pasted with tabs, where commas of either kind are text', () => {
    expect(parseTable('户主\t门牌\t指标\t得分\t扣分原因\n王建平\t冯坊1组1号\t环保卫生\t6\t柴草乱堆, 占道，未清\n')[1]!.cells).toEqual(['王建平', '冯坊1组1号', '环保卫生', '6', '柴草乱堆, 占道，未清']);
  });

  it('keeps a quoted line break inside one cell and numbers the next row by where it starts', () => {
    expect(parseTable('a,b\n"x\ny",z\nq,r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'z'] },
      { line: 4, cells: ['q', 'r'] },
    ]);
  });
});

describe('readImportLines', () => {
  it('reads the template form by 户主 and 门牌', () => {
    const read = readImportLines('户主,门牌,指标,得分,扣分原因\n王建平,冯坊1组1号,环保卫生,6,门前柴草乱堆，占用巷道\n');
    expect(read.issues).toEqual([]);
    expect(read.lines).toEqual([{ line: 2, household: { headName: '王建平', door: '冯坊1组1号' }, indicator: '环保卫生', scoreText: '6', reason: '门前柴草乱堆，占用巷道' }]);
  });

  it('refuses a line with more or fewer columns than the header, by its line number, and never cuts it', () => {
    const read = readImportLines('户号,指标,得分,扣分原因\nh-1,环保卫生,6,门前柴草乱堆,占用巷道\nh-1,遵纪守法\nh-1,孝老爱亲,10,\n');
    expect(read.issues.map((i) => i.path)).toEqual(['csv.line2.columns', 'csv.line3.columns']);
    expect(read.issues[0]!.message).toMatch(/^第 2 行：有 5 列，表头是 4 列/);
    expect(read.lines.map((l) => l.line)).toEqual([4]);
  });

  it('reports a bad score or a missing header by line', () => {
    expect(readImportLines('户号,指标,得分,扣分原因\nh-1,遵纪守法,十,\n').issues).toEqual([{ path: 'csv.line2.得分', message: expect.stringContaining('第 2 行') }]);
    expect(readImportLines('household,code\n').issues[0]!.path).toBe('csv.line1');
  });
});

describe('resolveImportLines', () => {
  it('finds the household by its head and door plate, and names one it cannot find', () => {
    const read = readImportLines('户主,门牌,指标,得分,扣分原因\n王建平,冯坊1组1号,环保卫生,6,乱堆\n王建平,冯坊9组9号,环保卫生,6,乱堆\n');
    const res = resolveImportLines(read.lines, HOUSEHOLDS);
    expect(res.rows).toEqual([{ line: 2, householdId: 'h-1', householdLabel: '王建平（冯坊1组1号）', scores: [{ code: '环保卫生', score: 6, reason: '乱堆' }] }]);
    expect(res.issues).toEqual([{ path: 'csv.line3.户主', message: '第 3 行：本村（社区）没有户主为「王建平」、门牌为「冯坊9组9号」的农户' }]);
  });
});

describe('importTemplate', () => {
  it('lists every household by name and door on every indicator at full marks, readable back as it is', () => {
    const csv = importTemplate(HOUSEHOLDS, [
      { name: '遵纪守法', max: 10 },
      { name: '环保卫生', max: 10 },
    ]);
    expect(csv.startsWith('\uFEFF户主,门牌,指标,得分,扣分原因\r\n王建平,冯坊1组1号,遵纪守法,10,\r\n')).toBe(true);
    const back = resolveImportLines(readImportLines(csv).lines, HOUSEHOLDS);
    expect(back.issues).toEqual([]);
    expect(back.rows).toHaveLength(4);
    expect(householdLabel(HOUSEHOLDS[1]!)).toBe('李秀英（冯坊1组2号）');
  });
});

describe('lineOfIssue', () => {
  it('reads the line of an issue path, or null for the whole file', () => {
    expect(lineOfIssue('csv.line12.得分')).toBe(12);
    expect(lineOfIssue('csv')).toBeNull();
  });
});

describe('parseTable with papaparse: what the cadre wrote, cell by cell', () => {
  it('stores the issue example whole: the full-width comma in the reason is text', () => {
    const read = readImportLines('户号,指标,得分,扣分原因\nh-fengfang-1-01,环保卫生,6,门前柴草乱堆，占用巷道\n');
    expect(read.issues).toEqual([]);
    expect(read.lines).toEqual([{ line: 2, household: { id: 'h-fengfang-1-01' }, indicator: '环保卫生', scoreText: '6', reason: '门前柴草乱堆，占用巷道' }]);
  });

  it('keeps an ASCII comma inside a quoted reason, with doubled quotes read as one', () => {
    const read = readImportLines('户主,门牌,指标,得分,扣分原因\n王建平,冯坊1组1号,环保卫生,6,"柴草乱堆, 说了""马上清""，未清"\n');
    expect(read.lines[0]!.reason).toBe('柴草乱堆, 说了"马上清"，未清');
  });

  it('numbers lines right in a file mixing CRLF and LF, with blank lines between', () => {
    expect(parseTable('a,b\r\nc,d\n\r\ne,f\rg,h').map((r) => [r.line, r.cells.join('|')])).toEqual([
      [1, 'a|b'],
      [2, 'c|d'],
      [4, 'e|f'],
      [5, 'g|h'],
    ]);
  });

  it('refuses a line whose quotes do not pair up, by its line number, instead of reading what follows into it', () => {
    const read = readImportLines('户号,指标,得分,扣分原因\nh-1,环保卫生,6,乱堆\nh-1,遵纪守法,6,"说了"不改\nh-1,孝老爱亲,10,\n');
    expect(read.lines.map((l) => l.line)).toEqual([2]);
    expect(read.issues).toEqual([{ path: 'csv.line3.columns', message: expect.stringMatching(/^第 3 行：这一行的英文双引号没有配对/) }]);
  });

  it('reads the rows of a sheet (an Excel file read on the server) with the same rules', () => {
    const read = readImportTable([
      { line: 1, cells: ['户主', '门牌', '指标', '得分', '扣分原因'] },
      { line: 2, cells: ['王建平', '冯坊1组1号', '环保卫生', '6', '门前柴草乱堆，占用巷道'] },
      { line: 3, cells: ['李秀英', '冯坊1组2号', '环保卫生'] },
    ]);
    expect(read.lines.map((l) => l.reason)).toEqual(['门前柴草乱堆，占用巷道']);
    expect(read.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^第 3 行：有 3 列，表头是 5 列/)]);
  });
});
