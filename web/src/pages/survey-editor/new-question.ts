import {
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  type SurveyInput,
} from '../../../../src/surveys/survey.schema'
import type { MessageKey } from '../../i18n/i18n'
import { zhCN } from '../../i18n/zh-CN'
import { enUS } from '../../i18n/en-US'
import { newTypeDefaults } from './new-type-defaults'

/** The questions a new survey starts with and a question of each type starts as. */

export const TYPES: readonly QuestionType[] = QUESTION_TYPES

export function defaultQuestion(type: QuestionType, taken: string[]): Question {
  const base = type === 'text' ? 'comment' : type
  let key = base
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`
  const text = (k: string) => ({ 'zh-CN': zhCN[k as MessageKey], 'en-US': enUS[k as MessageKey] })
  const question: Question = { key, type, required: type === 'nps', title: text(`default.${type}`) }
  if (type === 'single' || type === 'multiple')
    question.options = [
      { key: 'a', label: text('default.option1') },
      { key: 'b', label: text('default.option2') },
    ]
  if (type === 'matrix')
    question.matrix = {
      scale: 'likert5',
      rows: [
        { key: 'r1', label: text('default.row1') },
        { key: 'r2', label: text('default.row2') },
      ],
    }
  if (type === 'kano')
    question.kano = {
      functional: text('default.kanoFunctional'),
      dysfunctional: text('default.kanoDysfunctional'),
    }
  if (type === 'servqual') question.servqual = { dimension: 'reliability', reversed: false }
  newTypeDefaults(question, text)
  return question
}

export const NEW_SURVEY: SurveyInput = {
  title: { 'zh-CN': '', 'en-US': '' },
  defaultLocale: 'zh-CN',
  settings: { hiddenFields: [] },
  questions: (['nps', 'csat', 'ces', 'text'] as const).reduce<Question[]>((qs, type) => {
    qs.push(
      defaultQuestion(
        type,
        qs.map((q) => q.key),
      ),
    )
    return qs
  }, []),
}
