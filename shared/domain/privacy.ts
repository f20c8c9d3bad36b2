/**
 * The personal information the product collects, as one table: the privacy page shows it and
 * docs/privacy-guide.md (用户隐私保护指引) declares the same items (a test keeps the two in step).
 */
export interface PersonalDataItem {
  /** What is collected, in the words the guide uses. */
  item: string;
  /** Why: the feature that needs it. */
  purpose: string;
  /** Who can see it. */
  visibleTo: string;
}

export interface PersonalDataGroup {
  title: string;
  items: PersonalDataItem[];
}

export const PERSONAL_DATA: PersonalDataGroup[] = [
  {
    title: '账号与居住信息',
    items: [
      { item: '微信身份标识（OpenID）', purpose: '识别您的身份、登录和发送服务通知', visibleTo: '仅系统使用，不向任何人展示' },
      { item: '姓名', purpose: '村（社区）干部确认您的户籍，办理心愿、预约、纠纷等事项时显示办理人', visibleTo: '为您办理事项的干部、民警、党员' },
      { item: '居住的村（社区）、网格和户', purpose: '按村、网格分派事项，确定由哪位干部办理', visibleTo: '本村（社区）干部、网格长' },
      { item: '出生年份', purpose: '60 岁以上老人的心愿、上门服务优先办理，干部可代为确认', visibleTo: '本村（社区）干部' },
      { item: '手机号（仅保存打码后的号码）', purpose: '在页面上提示联系方式', visibleTo: '您本人和办理干部，始终打码显示' },
      { item: '易地搬迁安置户标记', purpose: '安置户的事项优先办理', visibleTo: '本村（社区）干部' },
      { item: '职务与所在单位（干部、党员、民警等）', purpose: '确定您能办理哪些事项', visibleTo: '同一辖区的干部' },
    ],
  },
  {
    title: '您填写或产生的内容',
    items: [
      { item: '微心愿的标题、内容、完成情况和感谢的话', purpose: '发布、认领和完成微心愿', visibleTo: '审核通过后本村（社区）居民和党员；审核前仅您和干部' },
      { item: '警民之家的预约、集中服务报名、上门服务申请、取号和爽约记录（含地址、事由、备注）', purpose: '安排民警服务', visibleTo: '本警民之家民警和辖区干部' },
      { item: '矛盾纠纷的当事人姓名、联系电话、纠纷描述、调解记录和协议', purpose: '排查、研判、调解和回访纠纷', visibleTo: '承办的干部和调解员；联系电话仅承办人可见完整号码' },
      { item: '户的积分评分、理由、异议和分红金额', purpose: '积分制评议、公示和分红', visibleTo: '本村（社区）公示范围内的居民和干部' },
      { item: '办事申请、进度记录、评价和投诉', purpose: '小微权力事项按流程办理并留痕，投诉交监督人员处理', visibleTo: '办理干部和村务监督人员' },
      { item: '随手拍的问题说明和报告人、设施巡查记录', purpose: '把垃圾、厕所、污水问题交给负责的单位处理，并告诉报告人进展', visibleTo: '负责处理的干部和监督人员看到全名；审核通过后本村（社区）居民看到问题和报告人的姓氏' },
      { item: '户厕和垃圾分类记录（厕所类型、建改时间、验收结果、满意度、分类垃圾桶、每月分类检查）', purpose: '“改一户成一户”的户厕台账和垃圾分类检查，分类检查结果作为积分“环保卫生”的参考分', visibleTo: '本户已确认的成员和本村（社区）及以上干部、监督人员' },
      { item: '对干部的三提醒谈话记录', purpose: '村务监督和纪检对干部用权的提醒留痕', visibleTo: '本村（社区）监督人员和上级纪检；上级只看到次数' },
      { item: '任命和邀请记录（职务、所在单位、邀请码、被邀请人姓名）', purpose: '县、镇管理员任命村（社区）干部、网格长、民警、调解员和监督员', visibleTo: '任命所在单位的管理员；本人' },
      { item: '议事协商的议题、支持、关注、会议出席和发言记录、投票（不记名投票只记是否投过）和评价，居民公约的确认，评选的提名、异议和荣誉', purpose: '居民提出议题、户代表支持和投票，议事会轮席开会、表决并公开落实进度', visibleTo: '本村（社区）居民看到议题、决定和进度；投票内容不记名时任何人都看不到谁投了什么' },
      { item: '党员双报到记录（所在单位党组织、报到的社区、服务记录）', purpose: '在职党员到居住地社区报到、认领微心愿并在社区考评', visibleTo: '报到社区的干部、本单位党组织书记和县级管理员' },
    ],
  },
  {
    title: '通知与操作记录',
    items: [
      { item: '站内消息和订阅消息授权记录', purpose: '在“消息”里保留每条通知，在您同意时通过微信服务通知提醒您', visibleTo: '仅您本人' },
      { item: '干部操作记录（谁、何时、做了什么）', purpose: '干部的每项操作留痕备查', visibleTo: '县级管理员和监督人员' },
    ],
  },
];

/** Where data leaves the product, and why. */
export const THIRD_PARTIES: PersonalDataItem[] = [
  { item: '微信内容安全接口（msgSecCheck）', purpose: '您写给别人看的文字，发布前由微信检查是否违规', visibleTo: '腾讯（微信）' },
  { item: '微信订阅消息接口', purpose: '在您同意后发送服务通知', visibleTo: '腾讯（微信）' },
  { item: '腾讯云开发（CloudBase）', purpose: '存储和运行本产品的数据与云函数', visibleTo: '腾讯云（受托处理）' },
];
