export default definePageConfig({ navigationBarTitleText: '评选' });
