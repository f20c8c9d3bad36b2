export default definePageConfig({ navigationBarTitleText: '共享场地' });
