/** The shared date range's presets (web/src/components/shell/date-range.tsx). */
export const dateRangeZhCN = {
  'range.7d': '近 7 天',
  'range.30d': '近 30 天',
  'range.90d': '近 90 天',
  'range.12m': '近 12 个月',
  'range.month': '本月',
  'range.quarter': '本季度',
  'range.year': '今年',
  'range.custom': '自定义日期',
  'range.shared': '此日期范围在首页、仪表盘、投诉分析、文本洞察和分群对比等页面通用，并为您保存',
}
