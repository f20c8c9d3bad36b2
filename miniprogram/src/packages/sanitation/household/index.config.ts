export default definePageConfig({ navigationBarTitleText: '我家厕所和垃圾分类' });
