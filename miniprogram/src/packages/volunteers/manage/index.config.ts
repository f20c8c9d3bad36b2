export default definePageConfig({ navigationBarTitleText: '志愿者确认' });
