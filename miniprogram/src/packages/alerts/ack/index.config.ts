export default definePageConfig({ navigationBarTitleText: '已通知到户' });
