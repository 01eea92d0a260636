/** The internal-satisfaction page (/app/internal-satisfaction). Loaded with the page (usePageWords). */
export const internalZhCN = {
  'internal.title': '内部满意度',
  'internal.intro':
    '员工满意度调查按维度和单元计分，附 95% 置信区间和 eNPS。为保护匿名：少于 {minGroup} 人的群体不显示任何数字或意见，并会再隐藏一个相邻群体，使上级减去其余群体也推算不出小群体。',
  'internal.survey': '员工调查',
  'internal.external': '对比客户调查',
  'internal.externalNone': '不对比',
  'internal.noSurvey': '还没有匿名的员工调查。请用“员工满意度（含 eNPS）”模板创建一份问卷。',
  'internal.unit': '单元',
  'internal.dim.work_rights': '工作权责',
  'internal.dim.conditions': '工作条件',
  'internal.dim.management': '组织管理',
  'internal.dim.environment': '公司环境',
  'internal.dim.personal': '个人状况',
  'internal.organisation': '全公司',
  'internal.n': '人数',
  'internal.index': '综合指数 (1–5)',
  'internal.enps': 'eNPS',
  'internal.externalNps': '客户 NPS',
  'internal.hidden': '为保护匿名不显示',
  'internal.itemHidden': '回答不足',
  'internal.comments': '意见（{unit}）',
  'internal.commentsNone': '该群体没有意见',
  'internal.commentsHint': '点击一行查看该群体的意见（按文字排序，不显示时间和作者）',
  'internal.chain': '服务利润链：内部与客户满意度',
  'internal.correlation': '相关系数 r = {r}（95% 区间 {low}–{high}，{n} 个单元）',
  'internal.correlation.no-external-survey': '选择一份客户调查以对比各单元的客户 NPS。',
  'internal.correlation.too-few-units':
    '可对比的单元只有 {n} 个，至少需要 4 个（每个单元员工和客户各 ≥5 份答卷）。',
  'internal.correlation.no-spread': '各单元的数值都相同，无法计算相关。',
  'internal.chainNote':
    '按最细一级的可显示单元计算 Pearson 相关，区间为 Fisher z 变换。相关不代表因果。',
}
