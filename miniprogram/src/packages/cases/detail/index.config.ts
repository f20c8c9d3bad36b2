export default definePageConfig({ navigationBarTitleText: '纠纷详情' });
