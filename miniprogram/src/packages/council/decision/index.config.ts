export default definePageConfig({ navigationBarTitleText: '决定和落实' });
