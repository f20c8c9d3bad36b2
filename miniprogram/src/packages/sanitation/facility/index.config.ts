export default definePageConfig({ navigationBarTitleText: '设施详情' });
