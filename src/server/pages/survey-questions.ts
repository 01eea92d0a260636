import type { FieldIssue } from '../../shared/errors.js'
import { html, type SafeHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { KANO_ANSWER_KEYS, type LocalizedText, type Question } from '../../surveys/survey.schema.js'
import type { PageText } from './page-text.js'
import { isRadioGroupType, typeInputs } from './question-type-fields.js'

/** One question of the respondent page as plain form inputs; names follow answerFromForm. */

export function localized(text: LocalizedText, locale: Locale): string {
  return (locale === 'en-US' ? text['en-US'] : undefined) || text['zh-CN']
}

/** A field issue in the respondent's language (the issues' reasons are English, for the API). */
export function issueMessage(issue: FieldIssue, text: PageText): string {
  if (
    issue.reason.startsWith('a required') ||
    issue.reason.endsWith('was not answered') ||
    issue.reason.endsWith('was not ranked')
  )
    return text.missing
  if (issue.reason.startsWith('contact details')) return text.consentNeeded
  if (issue.reason.startsWith('is not')) return text.invalidContact
  if (issue.reason.startsWith('text is')) return text.tooLong
  if (/^rank|^ranks/.test(issue.reason)) return text.rankingInvalid
  if (issue.reason.startsWith('must be written as') || issue.reason.includes('day of the calendar'))
    return text.dateInvalid
  if (issue.reason.includes('signature')) return text.signatureInvalid
  if (issue.reason.startsWith('the file is ') && issue.reason.endsWith(' bytes'))
    return text.uploadTooLarge
  if (issue.reason.includes('kind this question')) return text.uploadWrongKind
  if (issue.reason.includes('uploaded file') || issue.reason === 'the file is empty')
    return text.uploadMissing
  if (issue.reason.includes('steps of') || issue.reason.includes('in the range'))
    return text.sliderInvalid
  return text.outOfRange
}

export type FormValues = Record<string, string | string[] | undefined>

interface FieldContext {
  id: string
  locale: Locale
  text: PageText
  values: FormValues
  required: boolean
}

const checkedIf = (on: unknown) => (on ? html` checked` : false)

function radioScale(
  ctx: FieldContext,
  name: string,
  scores: ReadonlyArray<number | string>,
  labelOf: (score: number | string, i: number) => string,
  wordy = false,
): SafeHtml {
  const chosen = ctx.values[name]
  const options = scores.map(
    (score, i) =>
      html`<label><input type="radio" name="${name}" value="${score}"${checkedIf(chosen === String(score))}${ctx.required && html` required`}><span>${labelOf(score, i)}</span></label>`,
  )
  // Numbers sit in one strip of equal cells (grid columns per count, layout.ts), however narrow the
  // screen: a 0–10 scale that wraps 7 + 4 no longer reads as one scale. Worded answers stack.
  return html`<div class="scale ${wordy ? 'words' : `n${scores.length}`}">${options}</div>`
}

function ends(low: string, high: string): SafeHtml {
  return html`<div class="ends" aria-hidden="true"><span>${low}</span><span>${high}</span></div>`
}

const range = (min: number, max: number, step = 1) =>
  Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step)

/** Options in their defined order, or shuffled per page view when the question asks for it (Fisher–Yates). */
function orderedOptions(q: Question): NonNullable<Question['options']> {
  const options = [...(q.options ?? [])]
  if (!q.randomize) return options
  for (let i = options.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[options[i], options[j]] = [options[j]!, options[i]!]
  }
  return options
}

/** The inputs of one question; names follow answerFromForm (`key`, `key.part`). */
function questionInputs(q: Question, ctx: FieldContext): SafeHtml {
  const t = ctx.text
  const newer = typeInputs(q, ctx)
  if (newer) return newer
  switch (q.type) {
    case 'text':
      return html`<textarea name="${q.key}" aria-labelledby="${ctx.id}-label" placeholder="${t.textPlaceholder}" maxlength="5000">${String(ctx.values[q.key] ?? '')}</textarea>`
    case 'nps':
      return html`${radioScale(ctx, q.key, range(0, 10), String)}${ends(t.npsLow, t.npsHigh)}`
    case 'csat':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.csatLabels[i]}`, true)
    case 'ces':
      return html`${radioScale(ctx, q.key, range(1, 7), String)}${ends(t.cesLow, t.cesHigh)}`
    case 'likert5':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.agreeLabels5[i]}`, true)
    case 'likert7':
      return html`${radioScale(ctx, q.key, range(1, 7), String)}${ends(t.cesLow, t.cesHigh)}`
    case 'csm7':
      return radioScale(ctx, q.key, range(-60, 60, 20), (_, i) => t.csmLabels[i]!, true)
    case 'rating10':
      return html`${radioScale(ctx, q.key, range(1, 10), String)}${ends(t.ratingLow, t.ratingHigh)}`
    case 'importance5':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.importanceLabels[i]}`, true)
    case 'single':
    case 'multiple': {
      const chosen = ([] as string[]).concat(ctx.values[q.key] ?? [])
      const input = q.type === 'single' ? 'radio' : 'checkbox'
      const items = orderedOptions(q).map(
        (o) =>
          html`<label class="choice"><input type="${input}" name="${q.key}" value="${o.key}"${checkedIf(chosen.includes(o.key))}> ${localized(o.label, ctx.locale)}</label>`,
      )
      return html`<div class="choices">${items}</div>`
    }
    case 'matrix': {
      const { scale, rows } = q.matrix!
      const rowsHtml = rows.map((row) => {
        const labelId = `${ctx.id}-${row.key}`
        return html`<div class="matrix-row" role="radiogroup" aria-labelledby="${labelId}"><p class="sub" id="${labelId}">${localized(row.label, ctx.locale)}</p>${matrixScale(ctx, `${q.key}.${row.key}`, scale)}</div>`
      })
      const scaleEnds =
        scale === 'likert7'
          ? ends(t.cesLow, t.cesHigh)
          : scale === 'rating10' && ends(t.ratingLow, t.ratingHigh)
      return html`${rowsHtml}${scaleEnds}`
    }
    case 'kano': {
      const part = (name: 'functional' | 'dysfunctional') =>
        html`<p class="sub">${localized(q.kano![name], ctx.locale)}</p>${radioScale(ctx, `${q.key}.${name}`, KANO_ANSWER_KEYS, (_, i) => t.kanoLabels[i]!, true)}`
      return html`${part('functional')}${part('dysfunctional')}`
    }
    case 'servqual':
      return html`<p class="sub">${t.expectation}</p>${radioScale(ctx, `${q.key}.expectation`, range(1, 7), String)}<p class="sub">${t.perception}</p>${radioScale(ctx, `${q.key}.perception`, range(1, 7), String)}${ends(t.cesLow, t.cesHigh)}`
    case 'contact': {
      const field = (name: string, label: string, type: string) =>
        html`<label class="contact">${label}<input type="${type}" name="${q.key}.${name}" value="${String(ctx.values[`${q.key}.${name}`] ?? '')}"></label>`
      return html`${field('name', t.contactName, 'text')}${field('phone', t.contactPhone, 'tel')}${field('email', t.contactEmail, 'email')}<label class="choice"><input type="checkbox" name="${q.key}.consent" value="true"${checkedIf(ctx.values[`${q.key}.consent`])}> ${t.contactConsent}</label>`
    }
    default:
      return html``
  }
}

/** One matrix row's radios, labelled as the same scale would be on its own. */
function matrixScale(
  ctx: FieldContext,
  name: string,
  scale: NonNullable<Question['matrix']>['scale'],
): SafeHtml {
  const t = ctx.text
  switch (scale) {
    case 'likert5':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.agreeLabels5[i]}`, true)
    case 'csat':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.csatLabels[i]}`, true)
    case 'importance5':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.importanceLabels[i]}`, true)
    case 'likert7':
      return radioScale(ctx, name, range(1, 7), String)
    case 'rating10':
      return radioScale(ctx, name, range(1, 10), String)
  }
}

/** A question's fieldset: its title, whether it is required, its inputs and its error. */
export function questionField(
  q: Question,
  index: number,
  locale: Locale,
  text: PageText,
  values: FormValues,
  issue: FieldIssue | undefined,
): SafeHtml {
  const id = `q${index}`
  const grouped =
    isRadioGroupType(q) ||
    !(
      q.type === 'text' ||
      q.type === 'contact' ||
      q.type === 'multiple' ||
      q.type === 'matrix' ||
      q.type === 'image_choice' ||
      q.type === 'ranking' ||
      q.type === 'cascade' ||
      q.type === 'slider' ||
      q.type === 'datetime' ||
      q.type === 'location' ||
      q.type === 'signature' ||
      q.type === 'choice_matrix' ||
      q.type === 'file_upload'
    )
  const inputs = questionInputs(q, {
    id,
    locale,
    text,
    values,
    required: q.required && q.type !== 'multiple' && !(q.type === 'choice_matrix' && q.multiple),
  })
  return html`<fieldset id="${id}"${grouped && html` role="radiogroup"`} data-key="${q.key}" aria-labelledby="${id}-label"${issue && html` aria-describedby="${id}-error"`}><legend id="${id}-label">${localized(q.title, locale)}<span class="tag">${q.required ? text.required : text.optional}</span></legend>${inputs}${issue && html`<p class="error" id="${id}-error">${issueMessage(issue, text)}</p>`}</fieldset>`
}
