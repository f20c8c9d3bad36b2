export default definePageConfig({ navigationBarTitleText: '议事决定' });
