import type { internalZhCN } from './internal-satisfaction.zh-CN'

/** The internal-satisfaction page (/app/internal-satisfaction). Loaded with the page (usePageWords). */
export const internalEnUS: Record<keyof typeof internalZhCN, string> = {
  'internal.title': 'Internal satisfaction',
  'internal.intro':
    'The employee survey scored per dimension and unit with 95% intervals and eNPS. To keep answers anonymous, no figure or comment is shown for a group of fewer than {minGroup} people, and a neighbouring group is hidden too, so that subtracting the others from the parent cannot reveal a small group.',
  'internal.survey': 'Employee survey',
  'internal.external': 'Compare with customer survey',
  'internal.externalNone': 'No comparison',
  'internal.noSurvey':
    'No anonymous employee survey yet. Create one from the “Employee satisfaction with eNPS” template.',
  'internal.unit': 'Unit',
  'internal.dim.work_rights': 'Rights & duties',
  'internal.dim.conditions': 'Conditions',
  'internal.dim.management': 'Management',
  'internal.dim.environment': 'Environment',
  'internal.dim.personal': 'Personal',
  'internal.organisation': 'Whole company',
  'internal.n': 'People',
  'internal.index': 'Index (1–5)',
  'internal.enps': 'eNPS',
  'internal.externalNps': 'Customer NPS',
  'internal.hidden': 'Hidden to keep answers anonymous',
  'internal.itemHidden': 'Too few answers',
  'internal.comments': 'Comments ({unit})',
  'internal.commentsNone': 'No comments in this group',
  'internal.commentsHint':
    'Click a row to read its comments (sorted by text, without time or author)',
  'internal.chain': 'Service-profit chain',
  'internal.correlation': 'Correlation r = {r} (95% interval {low}–{high}, {n} units)',
  'internal.correlation.no-external-survey':
    'Choose a customer survey to compare the units’ customer NPS.',
  'internal.correlation.too-few-units':
    'Only {n} units can be compared; at least 4 are needed (each with ≥5 employee and ≥5 customer answers).',
  'internal.correlation.no-spread': 'Every unit has the same figure, so there is no correlation.',
  'internal.chainNote':
    'Pearson correlation over the finest units shown, with a Fisher z interval. Correlation is not causation.',
}
