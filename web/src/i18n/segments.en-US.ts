import type { segmentsZhCN } from './segments.zh-CN'

/** Segment comparison page (web/src/pages/segments). */
export const segmentsEnUS: Record<keyof typeof segmentsZhCN, string> = {
  'seg.title': 'Segment comparison',
  'seg.intro':
    'Compare NPS, satisfaction (CSAT) or effort (CES) by store, region or any other hidden field: ranked by score with 95% intervals, each segment tested against all the others.',
  'seg.survey': 'Survey',
  'seg.pickSurvey': 'Choose a survey',
  'seg.field': 'Segment by',
  'seg.pickField': 'Choose a field',
  'seg.metric': 'Metric',
  'seg.noFields':
    'The answers to this survey carry no hidden fields (such as store or region) to segment by.',
  'seg.noMetric': 'This survey asks no NPS, satisfaction or effort question.',
  'seg.noRows': 'No answers in this period.',
  'seg.rank': 'Rank',
  'seg.segment': 'Segment',
  'seg.n': 'Answers',
  'seg.value': 'Score',
  'seg.ci': '95% interval',
  'seg.vsRest': 'Difference from the rest',
  'seg.p': 'p (Holm-adjusted)',
  'seg.verdict': 'Verdict',
  'seg.higher': 'Significantly higher than the rest',
  'seg.lower': 'Significantly lower than the rest',
  'seg.noDifference': 'No significant difference',
  'seg.untested': 'Too few answers to test',
  'seg.lowConfidence': 'Fewer than 30 answers: indicative only',
  'seg.overall': 'All answers: {value} ({n} answers)',
  'seg.method':
    'Tests: NPS by a two-sample z test (Rocks 2016), CSAT by a two-proportion z test, CES by Welch’s t test; each segment against all other answers, p-values Holm-adjusted over all segments, significance level 0.05.',
  'seg.chartTitle': 'Score by segment with 95% intervals',
  'seg.heatTitle': 'Heat map by month',
  'seg.heatHint':
    'Each cell is the segment’s score that month, answers in brackets; darker is better, an empty cell means no answers that month.',
  'seg.heatMonth': '{month}/{year}',
  'seg.unit.nps': 'points',
  'seg.unit.csat': '%',
  'seg.unit.ces': 'points (1–7)',
  'seg.metric.nps': 'NPS',
  'seg.metric.csat': 'Satisfaction (CSAT)',
  'seg.metric.ces': 'Effort (CES)',
  'seg.open': 'Segment comparison',
}
