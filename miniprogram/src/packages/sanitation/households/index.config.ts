export default definePageConfig({ navigationBarTitleText: '户厕和分类台账' });
