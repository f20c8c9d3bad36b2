export default definePageConfig({ navigationBarTitleText: '研判信号' });
