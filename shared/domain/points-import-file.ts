/**
 * What a cadre is told about an import file, and its limits: shared by the page, the contract and
 * the function, without the parser (papaparse stays on the server, see points-import.ts).
 */

/** The template's columns: the household by its head's name and door plate, never by an id code. */
export const IMPORT_COLUMNS = ['户主', '门牌', '指标', '得分', '扣分原因'] as const;
/** The earlier form, by household code, still read. */
export const CODE_COLUMNS = ['户号', '指标', '得分', '扣分原因'] as const;

/**
 * The largest Excel file one import takes. A request to a function carries at most 64 KB (the
 * gateway's limit; WeChat advises under 100 KB per call), and the file travels base64-encoded (4/3).
 */
export const XLSX_MAX_BYTES = 45 * 1024;
/** The base64 text of the largest file. */
export const XLSX_MAX_BASE64 = Math.ceil(XLSX_MAX_BYTES / 3) * 4;

export const IMPORT_RULE =
  '第一行是表头：户主,门牌,指标,得分,扣分原因。可以直接选 Excel 表格（.xlsx，先下载模板填写最方便）；粘贴文字时，列之间用英文逗号或 Tab 分开，扣分原因里可以有中文逗号“，”，含英文逗号的内容请整格加英文双引号。';

