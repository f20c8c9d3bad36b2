export default definePageConfig({ navigationBarTitleText: '议事事项清单' });
