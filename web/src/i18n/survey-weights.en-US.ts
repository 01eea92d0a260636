import type { surveyWeightsZhCN } from './survey-weights.zh-CN'

/** The survey editor's respondent-weight control (web/src/pages/survey-editor/weight-field-control.tsx). */
export const surveyWeightsEnUS: Record<keyof typeof surveyWeightsZhCN, string> = {
  'weights.field': 'Respondent weight field',
  'weights.groupHidden': 'Hidden fields',
  'weights.groupQuestions': 'Numeric questions (sliders)',
  'weights.none': 'Not weighted',
  'weights.noHiddenFields':
    'First add a hidden field that carries the weight (e.g. w) under “Hidden fields”, or a slider question (e.g. household size), then choose it here.',
  'weights.explain':
    'In a sample survey each respondent may stand for a different number of people (a design weight from quota sampling by region or age, or a post-stratification weight). Choose the hidden field or slider question that carries that number: the survey dashboard (key figures, trend, per-question analyses), the unit league tables and target attainment then weight NPS, CSAT, CES, CSM and SERVQUAL by it — weighted mean Σw·x / Σw, intervals on the effective sample size n_eff = (Σw)²/Σw² (Kish). A missing (or unanswered), non-numeric or non-positive weight leaves the answer out of the weighted figures but not out of the unweighted counts. When you change the field, the units’ figures of the answers already given are recalculated in the background; until that finishes the league shows the old weights.',
  'weights.rebuild.queued':
    'Queued: the units’ figures will be recalculated with weight field “{field}”.',
  'weights.rebuild.queuedNone':
    'Queued: this survey’s weighted unit figures will be removed (it is no longer weighted).',
  'weights.rebuild.running':
    'Recalculating the units’ figures with weight field “{field}”: {done} of {total} answers done.',
  'weights.rebuild.runningNoCount': 'Recalculating the units’ figures with weight field “{field}”…',
  'weights.rebuild.done':
    'Units’ figures recalculated with weight field “{field}” ({done} answers), finished {at}.',
  'weights.rebuild.doneNone':
    'Weighted unit figures removed (the survey is no longer weighted), finished {at}.',
  'weights.rebuild.failed':
    'Recalculating with the new weights failed ({code}); ask an administrator to look at the server log. Saving the survey again retries.',
}
