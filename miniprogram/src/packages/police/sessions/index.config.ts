export default definePageConfig({ navigationBarTitleText: '集中服务活动' });
