export default definePageConfig({
  navigationBarTitleText: '心愿墙',
  // weapp only: the native status badge (h5 renders a React one).
  usingComponents: process.env.TARO_ENV === 'weapp' ? { 'wish-status-badge': '../../components/native/wish-status-badge/index' } : {},
});
