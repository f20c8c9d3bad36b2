export default definePageConfig({ navigationBarTitleText: '环境设施' });
