export default definePageConfig({
  navigationBarTitleText: '县管理员初始化',
});
