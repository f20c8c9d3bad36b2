export default definePageConfig({ navigationBarTitleText: '纠纷分级规则' });
