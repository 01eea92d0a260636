import { shownQuestionKeys, type ShowIf } from '../../src/surveys/survey-logic.js'
import { enhanceQuestions } from './question-enhance.js'
import { guardPreview } from './preview-guard.js'

/**
 * Progressive enhancement of the server-rendered survey form: hide the
 * questions the survey's logic skips, as the answers change. Without this
 * script every question shows and the server applies the same logic.
 */

interface PageQuestion {
  key: string
  showIf?: ShowIf
}

function readAnswers(
  form: HTMLFormElement,
  earlier: Record<string, unknown>,
): Record<string, unknown> {
  const answers: Record<string, unknown> = { ...earlier }
  for (const fieldset of form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-key]'))
    delete answers[fieldset.dataset.key!]
  for (const [name, value] of new FormData(form)) {
    const existing = answers[name]
    answers[name] = existing === undefined ? value : ([] as unknown[]).concat(existing, value)
  }
  return answers
}

function apply(
  form: HTMLFormElement,
  questions: PageQuestion[],
  earlier: Record<string, unknown>,
): void {
  const shown = shownQuestionKeys(questions, readAnswers(form, earlier))
  for (const fieldset of form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-key]')) {
    const visible = shown.has(fieldset.dataset.key!)
    fieldset.hidden = !visible
    // A hidden question's inputs are neither required nor sent.
    fieldset.disabled = !visible
  }
}

const form = document.querySelector<HTMLFormElement>('form[data-survey]')
const definition = document.getElementById('survey-logic')
if (form && definition) {
  // Conditions may refer to questions answered on earlier pages.
  const { questions, earlier } = JSON.parse(definition.textContent ?? '{}') as {
    questions: PageQuestion[]
    earlier: Record<string, unknown>
  }
  form.addEventListener('change', () => apply(form, questions, earlier))
  apply(form, questions, earlier)
}
if (form) enhanceQuestions(form)
if (form?.dataset.preview !== undefined) guardPreview(form)
