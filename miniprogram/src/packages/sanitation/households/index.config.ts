export default definePageConfig({ navigationBarTitleText: '全村户厕和分类' });
