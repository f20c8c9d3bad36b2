/**
 * The Excel file (.xlsx) cadres keep their scores in, read and written on the server with exceljs
 * (a maintained library, bundled into this function only: the mini-program never carries it).
 * A sheet is read into the same rows a CSV is split into (`TableLine`), so both go through one set
 * of rules (`readImportTable`); the line numbers are the sheet's own row numbers. exceljs is loaded
 * on first use, so the function's other actions do not pay for it at a cold start.
 */
import type ExcelJS from 'exceljs';
import type { EntryIssue } from '../../shared/domain/points-entry';
import { IMPORT_COLUMNS, XLSX_MAX_BYTES, type ImportHousehold, type TableLine } from '../../shared/domain/points-import';
import type { Indicator } from '../../shared/domain/points-rules';
import { invalid } from '../_lib/errors';

const excel = async (): Promise<typeof ExcelJS> => {
  const mod = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return mod.default ?? mod;
};

const notXlsx = (why: string): EntryIssue[] => [{ path: 'xlsx', message: why }];

/** A cell as the cadre sees it: the shown text of a number, a formula's result, rich text joined. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getFullYear()}年${v.getMonth() + 1}月${v.getDate()}日`;
  if (typeof v === 'object' && 'error' in v) return String(v.error);
  return cell.text ?? '';
}

/**
 * The first sheet that has anything in it, row by row. A row is as wide as the header, or wider when
 * something is written beyond the header's last column (that row is then refused for its columns);
 * cells left empty at the end of a row are empty cells, not missing columns.
 */
export async function readXlsxTable(base64: string): Promise<TableLine[]> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > XLSX_MAX_BYTES) throw tooLarge(bytes.length);
  // An .xlsx is a zip archive ("PK"); an old .xls or a renamed file is not.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw invalid(...unreadable());
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw invalid(...unreadable());
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw invalid('这个 Excel 文件里没有任何内容', notXlsx('这个 Excel 文件里没有任何内容'));
  const rows: { line: number; texts: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      texts[col - 1] = cellText(cell).trim();
    });
    for (let i = 0; i < texts.length; i++) texts[i] ??= '';
    while (texts.length && texts[texts.length - 1] === '') texts.pop();
    if (texts.length) rows.push({ line: row.number, texts });
  });
  const width = rows[0]?.texts.length ?? 0;
  return rows.map(({ line, texts }) => ({ line, cells: texts.length >= width ? texts : [...texts, ...Array<string>(width - texts.length).fill('')] }));
}

function unreadable(): [string, EntryIssue[]] {
  const why = '打不开这个文件：请选 Excel 的 .xlsx 文件。老的 .xls 或 WPS 文件，请先在 Excel / WPS 里“另存为”Excel 工作簿（.xlsx）';
  return [why, notXlsx(why)];
}

export function tooLarge(bytes: number) {
  const why = `文件有 ${Math.ceil(bytes / 1024)} KB，超过了一次导入的上限 ${XLSX_MAX_BYTES / 1024} KB：请把表格分成几份（例如每个村民小组一份）分别导入`;
  return invalid(why, notXlsx(why));
}

/** The template as an Excel workbook (base64): the same rows as the CSV template, and a sheet of how to fill it in. */
export async function xlsxTemplate(households: readonly ImportHousehold[], indicators: readonly Pick<Indicator, 'name' | 'max'>[], rule: string): Promise<string> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet('积分');
  ws.columns = IMPORT_COLUMNS.map((header, i) => ({ header, width: [10, 16, 12, 8, 40][i] }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const h of households) for (const i of indicators) ws.addRow([h.headName, h.address, i.name, i.max, '']);
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 80;
  for (const line of [rule, '只读第一张工作表（“积分”）；每户每项一行，满分不用改，扣了分的改得分并写扣分原因。', `文件不要超过 ${XLSX_MAX_BYTES / 1024} KB，太大请分几份导入。`]) help.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
