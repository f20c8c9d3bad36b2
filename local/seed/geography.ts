/**
 * Qianyang County as the demo shows it: the 7 real towns; villages and communities are
 * representative (the 3 urban communities and the 6 resettlement communities of the county
 * report sit in 城关镇, where the demo personas live).
 */
export interface TownSeed {
  id: string;
  name: string;
  villages: { id: string; name: string; kind: 'village' | 'community'; resettlement?: boolean }[];
}

export const COUNTY = { id: 'qianyang', name: '千阳县' };

export const TOWNS: TownSeed[] = [
  {
    id: 't-chengguan',
    name: '城关镇',
    villages: [
      { id: 'v-fengfang', name: '冯坊村', kind: 'village' },
      { id: 'v-xijie', name: '西街村', kind: 'village' },
      { id: 'v-baofeng', name: '宝丰村', kind: 'village' },
      { id: 'c-dongguan', name: '东关社区', kind: 'community' },
      { id: 'c-xiguan', name: '西关社区', kind: 'community' },
      { id: 'c-nanguan', name: '南关社区', kind: 'community' },
      { id: 'c-fengming', name: '凤鸣安置社区', kind: 'community', resettlement: true },
      { id: 'c-qianyuan', name: '汧源安置社区', kind: 'community', resettlement: true },
      { id: 'c-yanyu', name: '燕鱼安置社区', kind: 'community', resettlement: true },
      { id: 'c-liulin', name: '柳林安置社区', kind: 'community', resettlement: true },
      { id: 'c-wenjiapo', name: '文家坡安置社区', kind: 'community', resettlement: true },
      { id: 'c-hongyan', name: '红岩安置社区', kind: 'community', resettlement: true },
    ],
  },
  {
    id: 't-cuijiatou',
    name: '崔家头镇',
    villages: [
      { id: 'v-cuijiatou', name: '崔家头村', kind: 'village' },
      { id: 'v-haojiazhuang', name: '郝家庄村', kind: 'village' },
      { id: 'v-nanzhuang', name: '南庄村', kind: 'village' },
    ],
  },
  {
    id: 't-nanzhai',
    name: '南寨镇',
    villages: [
      { id: 'v-nanzhai', name: '南寨村', kind: 'village' },
      { id: 'v-yanjia', name: '闫家村', kind: 'village' },
      { id: 'v-dongfeng', name: '东风村', kind: 'village' },
    ],
  },
  {
    id: 't-zhangjiayuan',
    name: '张家塬镇',
    villages: [
      { id: 'v-zhangjiayuan', name: '张家塬村', kind: 'village' },
      { id: 'v-gaojiazhuang', name: '高家庄村', kind: 'village' },
    ],
  },
  {
    id: 't-shuigou',
    name: '水沟镇',
    villages: [
      { id: 'v-shuigou', name: '水沟村', kind: 'village' },
      { id: 'v-huaiya', name: '槐芽村', kind: 'village' },
    ],
  },
  {
    id: 't-caobi',
    name: '草碧镇',
    villages: [
      { id: 'v-caobi', name: '草碧村', kind: 'village' },
      { id: 'v-luojiazhuang', name: '罗家庄村', kind: 'village' },
    ],
  },
  {
    id: 't-gaoya',
    name: '高崖镇',
    villages: [
      { id: 'v-gaoya', name: '高崖村', kind: 'village' },
      { id: 'v-shuangliuzhou', name: '双碌碡村', kind: 'village' },
    ],
  },
];

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
