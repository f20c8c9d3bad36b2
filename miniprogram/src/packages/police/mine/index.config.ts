export default definePageConfig({ navigationBarTitleText: '我的预约和申请' });
