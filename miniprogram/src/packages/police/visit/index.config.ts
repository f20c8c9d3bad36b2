export default definePageConfig({ navigationBarTitleText: '申请上门服务' });
