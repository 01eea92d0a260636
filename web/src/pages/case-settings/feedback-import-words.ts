// The feedback import card's own words for platform files (zh-CN default, en-US), loaded with
// the case settings page. The columns listed are those src/feedback/feedback-import-formats.ts
// recognises (docs/feedback-imports.md).

export const IMPORT_ZH = {
  importFeedback: '导入反馈：热线、社交媒体、平台点评与工单',
  importSource: '文件来源',
  'source.generic': '热线记录 / 社交媒体（通用格式）',
  'source.ctrip': '携程酒店点评',
  'source.meituan': '美团 / 大众点评评价',
  'source.workorder95598': '95598 工单',
  'source.workorder12345': '12345 工单',
  'help.ctrip':
    '携程 eBooking 点评导出（CSV/XLSX）。必需列：点评ID、总评分（1–5，可带小数）、点评内容；可选：点评时间、用户昵称、酒店名称、单元编码。1–2 分记为投诉并立案，4–5 分为表扬，3 分按文字判断。同一点评ID重复导入不会重复记录。',
  'help.meituan':
    '美团 / 大众点评商家后台评价导出。必需列：评价ID、星级（1–5、4.5、5星，或 10–50）、评价内容；可选：评价时间、用户昵称、门店名称、单元编码。星级与类型的对应同携程。',
  'help.workorder95598':
    '95598 工单导出。必需列：工单编号、诉求类型、受理内容；可选：受理时间、户号、客户姓名、联系电话、供电单位、单元编码。诉求类型：投诉/举报 → 投诉，咨询/业务咨询/信息查询 → 咨询，意见/建议/意见建议 → 建议，表扬/感谢 → 表扬；故障报修等其他类型逐行拒收（勾选“跳过无效行”可导入其余行）。',
  'help.workorder12345':
    '12345 热线工单导出。必需列：工单编号、诉求类型、诉求内容；可选：来电时间、来电人、联系电话、承办单位、单元编码。诉求类型：投诉/举报 → 投诉，咨询/求助 → 咨询，建议/意见 → 建议，表扬/感谢 → 表扬。',
  lineRow: '行',
  lineId: '编号',
  lineOutcome: '结果',
  lineKind: '类型 · 评分',
  'outcome.imported': '已导入',
  'outcome.duplicate': '已存在',
  'outcome.invalid': '有问题',
  'kind.complaint': '投诉',
  'kind.praise': '表扬',
  'kind.suggestion': '建议',
  'kind.inquiry': '咨询',
}

export const IMPORT_EN: Record<keyof typeof IMPORT_ZH, string> = {
  importFeedback: 'Import feedback, reviews and work orders',
  importSource: 'File from',
  'source.generic': 'Hotline records / social media (own layout)',
  'source.ctrip': 'Ctrip hotel reviews',
  'source.meituan': 'Meituan / Dianping reviews',
  'source.workorder95598': '95598 work orders',
  'source.workorder12345': '12345 work orders',
  'help.ctrip':
    'Ctrip eBooking review export (CSV/XLSX). Required columns: 点评ID, 总评分 (1–5, decimals allowed), 点评内容; optional: 点评时间, 用户昵称, 酒店名称, 单元编码. 1–2 is a complaint and opens a case, 4–5 praise, 3 is read from the text. A review id imported again is not stored twice.',
  'help.meituan':
    'Meituan / Dianping merchant review export. Required columns: 评价ID, 星级 (1–5, 4.5, 5星, or 10–50), 评价内容; optional: 评价时间, 用户昵称, 门店名称, 单元编码. Stars map to kinds as for Ctrip.',
  'help.workorder95598':
    '95598 work-order export. Required columns: 工单编号, 诉求类型, 受理内容; optional: 受理时间, 户号, 客户姓名, 联系电话, 供电单位, 单元编码. 诉求类型: 投诉/举报 → complaint, 咨询/业务咨询/信息查询 → inquiry, 意见/建议/意见建议 → suggestion, 表扬/感谢 → praise; other types such as 故障报修 are refused by row (tick "Skip invalid rows" to import the rest).',
  'help.workorder12345':
    '12345 hotline work-order export. Required columns: 工单编号, 诉求类型, 诉求内容; optional: 来电时间, 来电人, 联系电话, 承办单位, 单元编码. 诉求类型: 投诉/举报 → complaint, 咨询/求助 → inquiry, 建议/意见 → suggestion, 表扬/感谢 → praise.',
  lineRow: 'Row',
  lineId: 'ID',
  lineOutcome: 'Result',
  lineKind: 'Kind · rating',
  'outcome.imported': 'Imported',
  'outcome.duplicate': 'Already there',
  'outcome.invalid': 'Problem',
  'kind.complaint': 'Complaint',
  'kind.praise': 'Praise',
  'kind.suggestion': 'Suggestion',
  'kind.inquiry': 'Inquiry',
}
