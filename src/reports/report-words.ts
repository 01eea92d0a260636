import type { Report, ReportLocale } from './report.schema.js'

/** The words of a report's PDF and XLSX, in Simplified Chinese and English. */
export interface ReportWords {
  title: (kind: Report['kind']) => string
  period: string
  previousPeriod: string
  generatedAt: string
  keyMetrics: string
  metric: string
  value: string
  interval: string
  answers: string
  previous: string
  change: string
  target: string
  probability: string
  metricNames: Record<'nps' | 'csat' | 'ces', string>
  league: (month: string) => string
  rank: string
  unit: string
  shrunk: string
  versusRest: string
  verdictsVsRest: Record<'better' | 'worse' | 'same', string>
  causes: string
  cause: string
  count: string
  share: string
  cumulativeShare: string
  vital: string
  topics: string
  topic: string
  recentShare: string
  baselineShare: string
  lift: string
  newTopic: string
  plans: string
  planNumber: string
  planTitle: string
  status: string
  statuses: Record<string, string>
  due: string
  overdue: string
  verdict: string
  verdicts: Record<'effective' | 'not_effective' | 'not_enough_data', string>
  effect: string
  reviews: string
  reviewHeldOn: string
  reviewTitle: string
  decisions: string
  none: string
  noData: string
  yes: string
  nps: string
  complaints: string
  leagueChart: string
  paretoChart: string
  notes: string
  /** The note of a report whose pooled figures leave some surveys' respondent weights out. */
  unweighted: (surveys: string[], count: number) => string
}

const ZH: ReportWords = {
  title: (kind) => (kind === 'weekly' ? '周报' : '月报'),
  period: '统计期间',
  previousPeriod: '上期',
  generatedAt: '生成时间',
  keyMetrics: '关键指标',
  metric: '指标',
  value: '本期',
  interval: '95% 置信区间',
  answers: '样本量',
  previous: '上期',
  change: '变化',
  target: '目标',
  probability: '达标概率',
  metricNames: { nps: '净推荐值 NPS', csat: '满意度 CSAT (%)', ces: '费力度 CES (1–7)' },
  league: (month) => `下级单元排名（NPS，${month}）`,
  rank: '名次',
  unit: '单元',
  shrunk: '收缩估计',
  versusRest: '与其余单元相比',
  verdictsVsRest: { better: '显著更好', worse: '显著更差', same: '无显著差异' },
  causes: '主要投诉原因（帕累托）',
  cause: '原因',
  count: '件数',
  share: '占比',
  cumulativeShare: '累计占比',
  vital: '关键少数',
  topics: '新兴话题',
  topic: '话题',
  recentShare: '近 7 天占比',
  baselineShare: '此前 28 天占比',
  lift: '倍数',
  newTopic: '新出现',
  plans: '改进计划（进行中与逾期，及效果判定）',
  planNumber: '编号',
  planTitle: '计划',
  status: '状态',
  statuses: {
    plan: '计划',
    do: '执行',
    check: '检查',
    act: '处置',
    closed: '已关闭',
    abandoned: '已放弃',
  },
  due: '截止日期',
  overdue: '已逾期',
  verdict: '效果判定',
  verdicts: { effective: '有效', not_effective: '无效', not_enough_data: '数据尚不足' },
  effect: '效果估计',
  reviews: '本期管理评审',
  reviewHeldOn: '评审日期',
  reviewTitle: '主题',
  decisions: '决议数',
  none: '无',
  noData: '暂无数据',
  yes: '是',
  nps: 'NPS',
  complaints: '投诉件数',
  leagueChart: '下级单元 NPS 与目标',
  paretoChart: '投诉原因帕累托图',
  notes:
    '说明：区间为 95% 置信区间（NPS 采用调整 Wald 区间，CSAT 采用 Wilson 区间，CES 采用 t 区间）；样本不足 30 时不显示区间。排名与目标按所在月份计算。',
  unweighted: (surveys, count) =>
    `未加权：本报告的指标、排名和目标把各问卷的答卷等同合并计算，未使用受访者权重；本期有 ${count} 份设有受访者权重的问卷${surveys.length > 0 ? `（${surveys.join('、')}）` : ''}，其加权结果见各问卷的仪表盘。`,
}

const EN: ReportWords = {
  title: (kind) => (kind === 'weekly' ? 'Weekly report' : 'Monthly report'),
  period: 'Period',
  previousPeriod: 'Previous period',
  generatedAt: 'Generated',
  keyMetrics: 'Key metrics',
  metric: 'Metric',
  value: 'This period',
  interval: '95% interval',
  answers: 'Answers',
  previous: 'Previous',
  change: 'Change',
  target: 'Target',
  probability: 'Chance to meet',
  metricNames: { nps: 'NPS', csat: 'CSAT (%)', ces: 'CES (1–7)' },
  league: (month) => `League of the units below (NPS, ${month})`,
  rank: 'Rank',
  unit: 'Unit',
  shrunk: 'Shrunk',
  versusRest: 'Against the rest',
  verdictsVsRest: { better: 'better', worse: 'worse', same: 'no difference' },
  causes: 'Top complaint causes (Pareto)',
  cause: 'Cause',
  count: 'Cases',
  share: 'Share',
  cumulativeShare: 'Cumulative share',
  vital: 'Vital few',
  topics: 'Emerging topics',
  topic: 'Topic',
  recentShare: 'Last 7 days',
  baselineShare: '28 days before',
  lift: 'Lift',
  newTopic: 'new',
  plans: 'Action plans (open and overdue, with effect verdicts)',
  planNumber: 'No.',
  planTitle: 'Plan',
  status: 'Status',
  statuses: {
    plan: 'Plan',
    do: 'Do',
    check: 'Check',
    act: 'Act',
    closed: 'Closed',
    abandoned: 'Abandoned',
  },
  due: 'Due',
  overdue: 'Overdue',
  verdict: 'Verdict',
  verdicts: {
    effective: 'effective',
    not_effective: 'not effective',
    not_enough_data: 'not enough data yet',
  },
  effect: 'Effect',
  reviews: 'Management reviews in this period',
  reviewHeldOn: 'Held on',
  reviewTitle: 'Subject',
  decisions: 'Decisions',
  none: 'None',
  noData: 'No data',
  yes: 'yes',
  nps: 'NPS',
  complaints: 'Complaints',
  leagueChart: 'NPS of the units below, with targets',
  paretoChart: 'Complaint causes (Pareto)',
  notes:
    'Intervals are 95% (NPS adjusted Wald, CSAT Wilson, CES t); none below 30 answers. League and targets are for the month the period ends in.',
  unweighted: (surveys, count) =>
    `Unweighted: this report's metrics, league and targets pool every survey's answers alike, without respondent weights; surveys with respondent weights answered in the period: ${count}${surveys.length > 0 ? ` (${surveys.join(', ')})` : ''}. Their weighted figures are on each survey's dashboard.`,
}

export function reportWords(locale: ReportLocale): ReportWords {
  return locale === 'en-US' ? EN : ZH
}

/** A unit's or a cause's name in the report's language (English falling back to Chinese). */
export function unitNameIn(locale: ReportLocale, u: { nameZh: string; nameEn: string | null }) {
  return locale === 'en-US' ? u.nameEn || u.nameZh : u.nameZh
}

/** A figure as the report prints it: one decimal, CES two. */
export function formatFigure(metric: string, x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—'
  return x.toFixed(metric === 'ces' ? 2 : 1)
}

/** The titles of a report's weighted surveys in its language (none when the reader may not see them). */
export function surveyTitlesIn(locale: ReportLocale, report: Report): string[] {
  return report.weightedSurveys.flatMap((s) => {
    const title = locale === 'en-US' ? s.titleEn : s.titleZh
    return title === null ? [] : [title]
  })
}
