import type { Question, SurveyInput } from './survey.schema.js'

/** Building blocks of the ready-made surveys (survey-templates.ts): wording helpers and shared questions. */

export type Text = { 'zh-CN': string; 'en-US': string }
export const tx = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en })
export const q = (
  key: string,
  type: Question['type'],
  title: Text,
  extra: Partial<Question> = {},
): Question => ({ key, type, title, required: false, ...extra })

export const NPS = q(
  'nps',
  'nps',
  tx(
    '您有多大可能向朋友或同事推荐我们？',
    'How likely are you to recommend us to a friend or colleague?',
  ),
  { required: true },
)
export const NPS_REASON = q(
  'nps_reason',
  'text',
  tx('您给出这个分数的主要原因是什么？', 'What is the main reason for your score?'),
)
export const COMMENT = q(
  'comment',
  'text',
  tx('您还有什么意见或建议？', 'Anything else you would like to tell us?'),
)

export interface SurveyTemplate {
  id: string
  name: { 'zh-CN': string; 'en-US': string }
  description: { 'zh-CN': string; 'en-US': string }
  /** The industry the template is made for (the template picker groups by it); none for the general instruments. */
  industry?: Text
  survey: SurveyInput
}
