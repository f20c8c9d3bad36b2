export default definePageConfig({ navigationBarTitleText: '村积分排名' });
