export default definePageConfig({ navigationBarTitleText: '我登记的纠纷' });
