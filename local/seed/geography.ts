import qianyangJson from '../../counties/qianyang.json';
import { countyFileSchema, type CountyFile } from '../../shared/contracts/county';

/**
 * Qianyang County as the demo shows it: the county file `counties/qianyang.json` (the 7 real towns;
 * villages and communities are representative, the 3 urban communities and the 6 resettlement
 * communities of the county report sit in 城关镇, where the demo personas live). The demo provisions
 * this file like any county and adds its people on top.
 */
export const QIANYANG: CountyFile = countyFileSchema.parse(qianyangJson);

export const COUNTY = QIANYANG.county;

export type TownSeed = CountyFile['towns'][number];

export const TOWNS: TownSeed[] = QIANYANG.towns;

/** Where the demo personas live. */
export const DEMO_TOWN = 't-chengguan';
export const DEMO_VILLAGE = 'v-fengfang';
export const DEMO_GRID = 'g-fengfang-1';
export const DEMO_RESETTLEMENT = 'c-fengming';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = [
  '秀英', '桂兰', '建国', '志强', '玉梅', '海燕', '永红', '德胜', '淑芬', '红霞', '金山', '凤英',
  '小军', '春花', '宝成', '丽娟', '文斌', '新民', '翠莲', '国庆', '彩霞', '长江', '素珍', '满仓',
];

/** Deterministic, varied names: the n-th person of the demo. */
export function personName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`;
}
