import type { UiLocale } from '../i18n/i18n'

/**
 * What each audited action means, in the reader's language. The log stores
 * stable codes; an action without a label here is shown as its code.
 */
const LABELS: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  'auth.*': { 'zh-CN': '登录（全部）', 'en-US': 'Sign-in (all)' },
  'auth.login': { 'zh-CN': '登录', 'en-US': 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', 'en-US': 'Failed sign-in' },
  'auth.session_ended': { 'zh-CN': '结束会话', 'en-US': 'Ended a session' },
  'auth.sign_in_policy': { 'zh-CN': '修改登录策略', 'en-US': 'Changed the sign-in policy' },
  'auth.switch_in': { 'zh-CN': '切换进入本组织', 'en-US': 'Switched into this organisation' },
  'auth.switch_out': { 'zh-CN': '切换到其他组织', 'en-US': 'Switched to another organisation' },
  'user.*': { 'zh-CN': '用户（全部）', 'en-US': 'Users (all)' },
  'user.create': { 'zh-CN': '添加用户', 'en-US': 'Added a user' },
  'user.update': { 'zh-CN': '修改用户', 'en-US': 'Changed a user' },
  'user.password': { 'zh-CN': '设置密码', 'en-US': 'Set a password' },
  'user.disable': { 'zh-CN': '停用用户', 'en-US': 'Disabled a user' },
  'user.enable': { 'zh-CN': '启用用户', 'en-US': 'Enabled a user' },
  'user.delete': { 'zh-CN': '删除用户', 'en-US': 'Deleted a user' },
  'user.unlock': { 'zh-CN': '解除登录锁定', 'en-US': 'Unlocked sign-in' },
  'user.units': { 'zh-CN': '设置用户所属单元', 'en-US': 'Limited a user to units' },
  'unit.*': { 'zh-CN': '组织单元（全部）', 'en-US': 'Units (all)' },
  'unit.create': { 'zh-CN': '新建单元', 'en-US': 'Created a unit' },
  'unit.update': { 'zh-CN': '修改单元', 'en-US': 'Changed a unit' },
  'unit.move': { 'zh-CN': '移动单元', 'en-US': 'Moved a unit' },
  'unit.close': { 'zh-CN': '撤销单元', 'en-US': 'Closed a unit' },
  'unit.import': { 'zh-CN': '导入单元', 'en-US': 'Imported units' },
  'target.*': { 'zh-CN': '目标（全部）', 'en-US': 'Targets (all)' },
  'target.set': { 'zh-CN': '设定目标', 'en-US': 'Set a target' },
  'target.delete': { 'zh-CN': '删除目标', 'en-US': 'Deleted a target' },
  'target.cascade': { 'zh-CN': '向下分解目标', 'en-US': 'Cascaded a target' },
  'analysis.*': { 'zh-CN': '分析（全部）', 'en-US': 'Analyses (all)' },
  'analysis.save': { 'zh-CN': '保存分析', 'en-US': 'Saved an analysis' },
  'analysis.rename': { 'zh-CN': '重命名已保存的分析', 'en-US': 'Renamed a saved analysis' },
  'analysis.delete': { 'zh-CN': '删除已保存的分析', 'en-US': 'Deleted a saved analysis' },
  'analysis.run': { 'zh-CN': '重新运行已保存的分析', 'en-US': 'Re-ran a saved analysis' },
  'analysis.export': { 'zh-CN': '导出分析结果', 'en-US': 'Exported an analysis result' },
  'text_correction.create': {
    'zh-CN': '更正文本分析结果',
    'en-US': 'Corrected a comment’s analysis',
  },
  'token.create': { 'zh-CN': '创建 API 令牌', 'en-US': 'Created an API token' },
  'token.revoke': { 'zh-CN': '吊销 API 令牌', 'en-US': 'Revoked an API token' },
  'survey.*': { 'zh-CN': '问卷（全部）', 'en-US': 'Surveys (all)' },
  'survey.create': { 'zh-CN': '创建问卷', 'en-US': 'Created a survey' },
  'survey.update': { 'zh-CN': '修改问卷', 'en-US': 'Edited a survey' },
  'survey.publish': { 'zh-CN': '发布问卷', 'en-US': 'Published a survey' },
  'survey.close': { 'zh-CN': '关闭问卷', 'en-US': 'Closed a survey' },
  'responses.export': { 'zh-CN': '导出答卷', 'en-US': 'Exported answers' },
  'responses.import': { 'zh-CN': '导入答卷', 'en-US': 'Imported answers' },
  'cases.export': { 'zh-CN': '导出投诉库', 'en-US': 'Exported the complaint database' },
  'attachment.download': { 'zh-CN': '下载附件', 'en-US': 'Downloaded an attachment' },
  'response_file.download': {
    'zh-CN': '下载答卷上传的文件',
    'en-US': 'Downloaded a file uploaded with an answer',
  },
  'case.*': { 'zh-CN': '工单（全部）', 'en-US': 'Cases (all)' },
  'case.transition': { 'zh-CN': '工单状态变更', 'en-US': 'Changed a case status' },
  'appointments.settings': { 'zh-CN': '修改预约时段', 'en-US': 'Changed appointment slots' },
  'appointments.arrived': { 'zh-CN': '登记预约到场', 'en-US': 'Marked an appointment arrived' },
  'appointments.no_show': { 'zh-CN': '登记预约爽约', 'en-US': 'Marked an appointment no-show' },
  'appointments.bookings_read': { 'zh-CN': '查看预约名单', 'en-US': 'Read the bookings list' },
  'appointments.sms_settings': {
    'zh-CN': '修改预约短信模板',
    'en-US': 'Changed the appointment SMS templates',
  },
  'loyalty.programme': { 'zh-CN': '修改会员计划', 'en-US': 'Changed the loyalty programme' },
  'loyalty.redeem': { 'zh-CN': '兑换积分', 'en-US': 'Redeemed points' },
  'loyalty.adjust': { 'zh-CN': '调整积分', 'en-US': 'Adjusted points' },
  'loyalty.reward': { 'zh-CN': '奖励积分', 'en-US': 'Rewarded points' },
  'segment.create': { 'zh-CN': '保存客户分群', 'en-US': 'Saved a customer segment' },
  'segment.update': { 'zh-CN': '修改客户分群', 'en-US': 'Changed a customer segment' },
  'segment.delete': { 'zh-CN': '删除客户分群', 'en-US': 'Deleted a customer segment' },
  'enterprise_csi.settings.save': {
    'zh-CN': '修改企业 CSI 设置',
    'en-US': 'Changed the enterprise CSI settings',
  },
  'case.assign': { 'zh-CN': '分派工单', 'en-US': 'Assigned a case' },
  'personal-data.*': { 'zh-CN': '个人信息（全部）', 'en-US': 'Personal data (all)' },
  'personal-data.reveal': { 'zh-CN': '查看完整个人信息', 'en-US': 'Revealed personal data' },
  'role.*': { 'zh-CN': '角色（全部）', 'en-US': 'Roles (all)' },
  'role.create': { 'zh-CN': '创建自定义角色', 'en-US': 'Created a custom role' },
  'role.update': { 'zh-CN': '修改自定义角色', 'en-US': 'Changed a custom role' },
  'role.delete': { 'zh-CN': '删除自定义角色', 'en-US': 'Deleted a custom role' },
  'sso.*': { 'zh-CN': '单点登录（全部）', 'en-US': 'Single sign-on (all)' },
  'sso.provider_created': { 'zh-CN': '添加单点登录方式', 'en-US': 'Added a sign-on provider' },
  'sso.provider_updated': { 'zh-CN': '修改单点登录方式', 'en-US': 'Changed a sign-on provider' },
  'sso.member_created': {
    'zh-CN': '单点登录时自动加入成员',
    'en-US': 'Member added at single sign-on',
  },
  'compensation.*': { 'zh-CN': '补偿（全部）', 'en-US': 'Compensation (all)' },
  'compensation.request': { 'zh-CN': '申请补偿审批', 'en-US': 'Asked to approve compensation' },
  'compensation.approved': { 'zh-CN': '批准补偿', 'en-US': 'Approved compensation' },
  'compensation.rejected': { 'zh-CN': '驳回补偿', 'en-US': 'Rejected compensation' },
  'case_config.*': { 'zh-CN': '补救设置（全部）', 'en-US': 'Recovery settings (all)' },
  'case_config.update': { 'zh-CN': '修改补救设置', 'en-US': 'Changed recovery settings' },
  'case_config.public_form_key.rotate': {
    'zh-CN': '更换投诉表单链接',
    'en-US': 'Replaced the complaint form link',
  },
  'case_config.public_form_key.reassign': {
    'zh-CN': '升级时重发投诉表单链接',
    'en-US': 'Complaint form link reissued on upgrade',
  },
  'feedback.create': { 'zh-CN': '登记反馈', 'en-US': 'Recorded feedback' },
  'distribution.*': { 'zh-CN': '问卷投放（全部）', 'en-US': 'Distributions (all)' },
  'distribution.create': { 'zh-CN': '创建投放', 'en-US': 'Created a distribution' },
  'distribution.start': { 'zh-CN': '开始投放', 'en-US': 'Started a distribution' },
  'contact_list.import': { 'zh-CN': '导入联系人', 'en-US': 'Imported contacts' },
  'link_secret.read': { 'zh-CN': '查看链接签名密钥', 'en-US': 'Read the link signing secret' },
  'text_config.update': { 'zh-CN': '修改文本分析设置', 'en-US': 'Changed text analysis settings' },
  'demo.load': { 'zh-CN': '加载演示数据', 'en-US': 'Loaded demo data' },
  'audit.*': { 'zh-CN': '审计日志（全部）', 'en-US': 'Audit log (all)' },
  'audit.export': { 'zh-CN': '导出审计日志', 'en-US': 'Exported the audit log' },
  'audit.policy': { 'zh-CN': '修改日志保留期限', 'en-US': 'Changed how long the log is kept' },
  'audit.purge': { 'zh-CN': '按保留期限清理日志', 'en-US': 'Removed entries past the retention' },
  'identity.operator': { 'zh-CN': '授予实例运维权限', 'en-US': 'Made an instance operator' },
  'organisation.create': { 'zh-CN': '创建组织', 'en-US': 'Created the organisation' },
  'organisation.configure': {
    'zh-CN': '运维人员修改组织设置',
    'en-US': 'Operator changed the organisation',
  },
  'organisation.rename': {
    'zh-CN': '修改机构名称或时区',
    'en-US': 'Changed the organisation’s name or time zone',
  },
  'organisation.branding': {
    'zh-CN': '修改问卷页面外观',
    'en-US': 'Changed the respondent pages’ look',
  },
}

export function auditActionLabel(action: string, locale: UiLocale): string {
  return LABELS[action]?.[locale] ?? action
}

/** What kind of object an entry is about, in the reader's language. */
const ENTITIES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  analysis: { 'zh-CN': '分析', 'en-US': 'Analysis' },
  api_token: { 'zh-CN': 'API 令牌', 'en-US': 'API token' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  saved_analysis: { 'zh-CN': '已保存的分析', 'en-US': 'Saved analysis' },
  sso_provider: { 'zh-CN': '单点登录方式', 'en-US': 'Sign-on provider' },
  attachment: { 'zh-CN': '附件', 'en-US': 'Attachment' },
  response_file: { 'zh-CN': '答卷文件', 'en-US': 'Answer file' },
  case: { 'zh-CN': '工单', 'en-US': 'Case' },
  contact_list: { 'zh-CN': '联系人名单', 'en-US': 'Contact list' },
  distribution: { 'zh-CN': '投放', 'en-US': 'Distribution' },
  feedback: { 'zh-CN': '反馈', 'en-US': 'Feedback' },
  organisation: { 'zh-CN': '组织', 'en-US': 'Organisation' },
  survey: { 'zh-CN': '问卷', 'en-US': 'Survey' },
  target: { 'zh-CN': '目标', 'en-US': 'Target' },
  unit: { 'zh-CN': '组织单元', 'en-US': 'Unit' },
  user: { 'zh-CN': '用户', 'en-US': 'User' },
}

/** The object types the search offers. */
export const AUDIT_ENTITIES = Object.keys(ENTITIES)

export function auditEntityLabel(entity: string, locale: UiLocale): string {
  return ENTITIES[entity]?.[locale] ?? entity
}

/** Who acted when it was not a person: the system (jobs, the command line) or an API token. */
export function auditActorLabel(actorType: string, actorId: string, locale: UiLocale): string {
  if (actorType === 'system')
    return locale === 'zh-CN' ? `系统（${actorId}）` : `System (${actorId})`
  if (actorType === 'token')
    return locale === 'zh-CN' ? `API 令牌 ${actorId}` : `API token ${actorId}`
  return actorId
}
