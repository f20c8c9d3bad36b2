export default definePageConfig({ navigationBarTitleText: '居民公约' });
