export default definePageConfig({ navigationBarTitleText: '我办的事' });
