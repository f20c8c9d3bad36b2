export default definePageConfig({ navigationBarTitleText: '党员社区考评' });
