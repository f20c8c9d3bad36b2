export default definePageConfig({ navigationBarTitleText: '我村议事会' });
