/**
 * A case's title as every page shows it. A case opened from an answer to a survey that is
 * anonymous now comes from the server without its title (src/cases/case-withheld.ts): it reads
 * '匿名调查的回答（已隐藏）' / 'Answer to an anonymous survey (withheld)' instead of nothing.
 */
export function caseTitleText(
  c: { title: string; answerWithheld: boolean },
  t: (key: 'caseAnswerWithheldTitle') => string,
): string {
  return c.answerWithheld ? t('caseAnswerWithheldTitle') : c.title
}
