export default definePageConfig({ navigationBarTitleText: '千阳智治' });
