export default definePageConfig({ navigationBarTitleText: '通知到户情况' });
