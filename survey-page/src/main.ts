import { shownQuestionKeys, type ShowIf } from '../../src/surveys/survey-logic.js'

/**
 * Progressive enhancement of the server-rendered survey form: hide the
 * questions the survey's logic skips, as the answers change. Without this
 * script every question shows and the server applies the same logic.
 */

interface PageQuestion {
  key: string
  showIf?: ShowIf
}

function readAnswers(form: HTMLFormElement): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const [name, value] of new FormData(form)) {
    const existing = answers[name]
    answers[name] = existing === undefined ? value : ([] as unknown[]).concat(existing, value)
  }
  return answers
}

function apply(form: HTMLFormElement, questions: PageQuestion[]): void {
  const shown = shownQuestionKeys(questions, readAnswers(form))
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
  const questions = JSON.parse(definition.textContent ?? '[]') as PageQuestion[]
  form.addEventListener('change', () => apply(form, questions))
  apply(form, questions)
}
