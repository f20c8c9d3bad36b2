export default definePageConfig({
  navigationBarTitleText: '我的心愿',
  // weapp only: the native status badge (h5 renders a React one).
  usingComponents: process.env.TARO_ENV === 'weapp' ? { 'wish-status-badge': '../../../components/native/wish-status-badge/index' } : {},
});
