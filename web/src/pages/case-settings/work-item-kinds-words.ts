// The work-item card's and the status-notice switch's own words (zh-CN default, en-US), loaded with the case settings page.

export const WORK_ITEM_ZH = {
  workItemKinds: '咨询、建议与表扬工单',
  workItemKindsHelp:
    '打开后，每条该类反馈都生成一张该类工单，按下方时限计时（工作分钟，按营业日历计算）；关闭后该类反馈只记录、不生成工单。投诉的时限按优先级，见“时限目标”。',
  workItemOpens: '生成工单',
  'workItemKind.inquiry': '咨询',
  'workItemKind.suggestion': '建议',
  'workItemKind.praise': '表扬',
  statusNotices: '案件受理、重新打开和办结时告知客户（微信、短信或邮件，按客户的语言）',
}

export const WORK_ITEM_EN: Record<keyof typeof WORK_ITEM_ZH, string> = {
  workItemKinds: 'Inquiries, suggestions and praise as work items',
  workItemKindsHelp:
    'When on, every feedback of the kind opens a work item of that kind, timed by the targets below (working minutes on the business calendar); when off, it is stored but opens none. Complaints keep the targets of their priority (SLA targets).',
  workItemOpens: 'Opens work items',
  'workItemKind.inquiry': 'Inquiry',
  'workItemKind.suggestion': 'Suggestion',
  'workItemKind.praise': 'Praise',
  statusNotices:
    'Tell customers when their case is accepted, reopened or resolved (WeChat, SMS or e-mail, in their language)',
}
