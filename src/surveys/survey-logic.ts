/**
 * Show/skip logic: whether a question is shown, given the answers so far.
 * The one implementation, used by the server when it checks answers and by
 * the respondent page's script. Browser-safe and free of dependencies, so the
 * page script stays small.
 */

export interface ShowIf {
  /** An earlier question's key. */
  question: string
  /** Shown when that answer (or, for multiple choice, one of its choices) is one of these. */
  anyOf?: Array<string | number>
  /** Shown when that numeric answer lies in [min, max]. */
  min?: number
  max?: number
}

interface LogicQuestion {
  key: string
  showIf?: ShowIf
}

export function conditionHolds(condition: ShowIf, answer: unknown): boolean {
  if (answer === undefined || answer === null || answer === '') return false
  const values = Array.isArray(answer) ? answer : [answer]
  if (
    condition.anyOf &&
    !values.some((v) => condition.anyOf!.some((allowed) => String(allowed) === String(v)))
  )
    return false
  if (condition.min !== undefined || condition.max !== undefined) {
    const n = Number(answer)
    if (Array.isArray(answer) || !Number.isFinite(n)) return false
    if (condition.min !== undefined && n < condition.min) return false
    if (condition.max !== undefined && n > condition.max) return false
  }
  return true
}

/**
 * The keys of the questions shown, in order. A question shows when it has no
 * condition, or when its condition holds on an earlier question that is
 * itself shown (answers to hidden questions do not count).
 */
export function shownQuestionKeys(
  questions: readonly LogicQuestion[],
  answers: Record<string, unknown>,
): Set<string> {
  const shown = new Set<string>()
  for (const q of questions) if (isShownAfter(q, shown, answers)) shown.add(q.key)
  return shown
}

/** One step of shownQuestionKeys: is `q` shown, given the earlier questions shown so far? */
export function isShownAfter(
  q: LogicQuestion,
  shownEarlier: ReadonlySet<string>,
  answers: Record<string, unknown>,
): boolean {
  return (
    !q.showIf ||
    (shownEarlier.has(q.showIf.question) && conditionHolds(q.showIf, answers[q.showIf.question]))
  )
}
