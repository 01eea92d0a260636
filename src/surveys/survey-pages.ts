import { shownQuestionKeys, type ShowIf } from './survey-logic.js'

/**
 * Multi-page surveys: a question with `pageBreak` starts a new page.
 * Browser-safe and shared by the server-rendered form, the page script and
 * the answer checks, so both sides agree on which page comes next.
 */

interface PagedQuestion {
  key: string
  pageBreak?: boolean
  showIf?: ShowIf
}

export function surveyPages<Q extends PagedQuestion>(questions: readonly Q[]): Q[][] {
  const pages: Q[][] = []
  for (const question of questions) {
    if (pages.length === 0 || (question.pageBreak && pages.at(-1)!.length > 0)) pages.push([])
    pages.at(-1)!.push(question)
  }
  return pages
}

/**
 * The page to show after `from` moving by `step` (+1 next, −1 back), skipping
 * pages whose every question the logic hides; −1 before the first page and
 * `pages.length` after the last.
 */
export function adjacentPage(
  questions: readonly PagedQuestion[],
  from: number,
  step: 1 | -1,
  answers: Record<string, unknown>,
): number {
  const pages = surveyPages(questions)
  const shown = shownQuestionKeys(questions, answers)
  let page = from + step
  while (page >= 0 && page < pages.length && !pages[page]!.some((q) => shown.has(q.key)))
    page += step
  return Math.max(-1, Math.min(page, pages.length))
}
