export default definePageConfig({ navigationBarTitleText: '开门服务取号' });
