export default defineAppConfig({
  pages: ['pages/home/index', 'pages/wishes/index', 'pages/inbox/index', 'pages/me/index', 'pages/login/index'],
  subPackages: [
    { root: 'packages/points', pages: ['mine/index', 'detail/index', 'ranking/index', 'entry/index', 'dividends/index'] },
    { root: 'packages/cases', pages: ['report/index', 'mine/index', 'handling/index', 'detail/index', 'figures/index', 'summary/index', 'routing/index'] },
    {
      root: 'packages/wish',
      pages: ['detail/index', 'submit/index', 'mine/index', 'claimed/index', 'review/index'],
    },
    { root: 'packages/account', pages: ['privacy/index', 'export/index', 'party/index', 'invitation/index'] },
    {
      root: 'packages/admin',
      pages: ['dead-letters/index', 'residents/index', 'home/index', 'unit/index', 'appoint/index', 'party-orgs/index', 'party-org/index', 'party-registrations/index', 'bootstrap/index', 'audit/index', 'care/index'],
    },
    { root: 'packages/police', pages: ['home/index', 'slots/index', 'mine/index', 'visit/index', 'sessions/index', 'queue/index', 'workbench/index'] },
    { root: 'packages/sanitation', pages: ['report/index', 'mine/index', 'facilities/index', 'facility/index', 'orders/index', 'order/index', 'ledger/index', 'household/index', 'households/index', 'figures/index'] },
    { root: 'packages/powers', pages: ['list/index', 'item/index', 'apply/index', 'mine/index', 'matter/index', 'queue/index', 'supervise/index', 'talks/index'] },
    { root: 'packages/alerts', pages: ['list/index', 'detail/index', 'issue/index', 'ack/index', 'status/index', 'signals/index', 'signal-rules/index', 'dashboard/index'] },
    {
      root: 'packages/council',
      pages: ['home/index', 'topics/index', 'topic/index', 'raise/index', 'call/index', 'meeting/index', 'vote/index', 'decisions/index', 'decision/index', 'covenant/index', 'honours/index', 'honour/index', 'agenda/index'],
    },
    {
      root: 'packages/volunteers',
      pages: ['home/index', 'services/index', 'activities/index', 'activity/index', 'checkin/index', 'scan/index', 'record/index', 'certificate/index', 'manage/index', 'visits/index', 'venues/index', 'venue/index', 'report/index'],
    },
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packages/wish'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#b3141b',
    navigationBarTitleText: '千阳智治',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f4f2',
  },
  tabBar: {
    color: '#454545',
    selectedColor: '#b3141b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/wishes/index', text: '心愿', iconPath: 'assets/tab/wishes.png', selectedIconPath: 'assets/tab/wishes-on.png' },
      { pagePath: 'pages/inbox/index', text: '消息', iconPath: 'assets/tab/inbox.png', selectedIconPath: 'assets/tab/inbox-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
});
