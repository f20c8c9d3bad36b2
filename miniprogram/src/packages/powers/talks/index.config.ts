export default definePageConfig({ navigationBarTitleText: '三提醒谈话' });
