export default definePageConfig({ navigationBarTitleText: '警民之家' });
