/** Words of a customer's data rights on the customer page (web/src/pages/customers). */
export const DATA_RIGHTS_ZH = {
  'rights.title': '个人信息权利',
  'rights.intro':
    '按客户请求导出其全部个人信息，或删除其个人信息。删除后回答、评分与交易仍计入统计，但不再能识别到此人。',
  'rights.exportJson': '导出（JSON）',
  'rights.exportXlsx': '导出（Excel）',
  'rights.erase': '删除个人信息',
  'rights.confirmTitle': '删除该客户的全部个人信息？',
  'rights.confirmText':
    '将删除其标识（手机号、邮箱、户号等）、问卷中的文字与联系方式、投诉人信息与内容、工单备注与回复、名单中的联系人、文本校正、积分记录的备注以及服务工单中的客户编号。此操作无法撤销。',
  'rights.confirmOk': '确认删除',
  'rights.cancel': '取消',
  'rights.done':
    '已删除：标识 {keys} 个、回答 {answers} 份、反馈 {feedback} 条、工单 {cases} 个、联系人 {contacts} 个',
  'rights.erasedNote': '该客户的个人信息已删除，其记录以匿名方式保留在统计中。',
}

export const DATA_RIGHTS_EN: Record<keyof typeof DATA_RIGHTS_ZH, string> = {
  'rights.title': 'Data rights',
  'rights.intro':
    "On the customer's request, export everything held about them, or erase their personal data. Erased customers' answers, scores and purchases still count in every figure, but no longer identify them.",
  'rights.exportJson': 'Export (JSON)',
  'rights.exportXlsx': 'Export (Excel)',
  'rights.erase': 'Erase personal data',
  'rights.confirmTitle': "Erase all of this customer's personal data?",
  'rights.confirmText':
    'Their keys (phone, e-mail, account …), the words and contact details in their answers, their details and words in complaints, case notes and replies, their contact-list entries, text corrections, notes on their points and their number on service orders will be erased. This cannot be undone.',
  'rights.confirmOk': 'Erase',
  'rights.cancel': 'Cancel',
  'rights.done':
    'Erased: {keys} keys, {answers} answers, {feedback} feedback records, {cases} cases, {contacts} contacts',
  'rights.erasedNote':
    "This customer's personal data was erased; their records stay in the figures, anonymously.",
}
