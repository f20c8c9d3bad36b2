export default definePageConfig({ navigationBarTitleText: '三污治理台账' });
