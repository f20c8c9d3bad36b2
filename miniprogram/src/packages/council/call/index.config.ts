export default definePageConfig({ navigationBarTitleText: '召集议事会议' });
