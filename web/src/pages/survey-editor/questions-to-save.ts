import type { Question } from '../../../../src/surveys/survey.schema'

/** The editor's questions as the API takes them: a show-if without a question is dropped, empty parts left out. */
export function questionsToSave(questions: readonly Question[]): Question[] {
  return questions.map(({ showIf, ...q }) => {
    if (!showIf?.question) return q
    const clean = {
      question: showIf.question,
      ...(showIf.anyOf?.length ? { anyOf: showIf.anyOf } : {}),
      ...(showIf.min == null ? {} : { min: showIf.min }),
      ...(showIf.max == null ? {} : { max: showIf.max }),
    }
    return { ...q, showIf: clean }
  })
}
