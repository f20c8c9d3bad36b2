export default definePageConfig({ navigationBarTitleText: '网格纠纷概况' });
