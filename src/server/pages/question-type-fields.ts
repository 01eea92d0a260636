import { html, type SafeHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import {
  cascadeLeaves,
  type LocalizedText,
  type Question,
  UPLOAD_KINDS,
  type UploadKind,
} from '../../surveys/survey.schema.js'
import type { PageText } from './page-text.js'

/**
 * The respondent page's inputs of the ranking, cascade, image-choice, slider, date/time, location,
 * signature and choice-matrix questions. Each works as a plain HTML form without JavaScript:
 * ranking by numbers, cascading choice as one select grouped by <optgroup>, a slider as a number
 * input (the page script adds a range), location and signature as text with a hint saying what
 * JavaScript would add. Field names follow answerFromForm (`key`, `key.part`).
 */

export type FormValues = Record<string, string | string[] | undefined>

export interface TypeFieldContext {
  id: string
  locale: Locale
  text: PageText
  values: FormValues
  required: boolean
}

const label = (text: LocalizedText, locale: Locale) =>
  (locale === 'en-US' ? text['en-US'] : undefined) || text['zh-CN']

const checkedIf = (on: unknown) => (on ? html` checked` : false)
const requiredIf = (on: boolean) => on && html` required`
const fieldValue = (ctx: TypeFieldContext, name: string) => {
  const v = ctx.values[name]
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
}

/** The inputs of a question of one of the newer types; null for the other types. */
export function typeInputs(q: Question, ctx: TypeFieldContext): SafeHtml | null {
  switch (q.type) {
    case 'ranking':
      return ranking(q, ctx)
    case 'cascade':
      return cascade(q, ctx)
    case 'image_choice':
      return imageChoice(q, ctx)
    case 'slider':
      return slider(q, ctx)
    case 'datetime':
      return dateTime(q, ctx)
    case 'location':
      return location(q, ctx)
    case 'signature':
      return signature(q, ctx)
    case 'choice_matrix':
      return choiceMatrix(q, ctx)
    case 'file_upload':
      return fileUpload(q, ctx)
    default:
      return null
  }
}

function ranking(q: Question, ctx: TypeFieldContext): SafeHtml {
  const options = q.options ?? []
  const items = options.map(
    (o) =>
      html`<label class="rank"><input type="number" inputmode="numeric" name="${q.key}.${o.key}" min="1" max="${options.length}" step="1" value="${fieldValue(ctx, `${q.key}.${o.key}`)}" aria-describedby="${ctx.id}-hint"${requiredIf(ctx.required)}><span>${label(o.label, ctx.locale)}</span></label>`,
  )
  return html`<p class="hint" id="${ctx.id}-hint">${ctx.text.rankingHint}</p><div class="ranks">${items}</div>`
}

function cascade(q: Question, ctx: TypeFieldContext): SafeHtml {
  const chosen = fieldValue(ctx, q.key)
  const option = (path: string, text: string) =>
    html`<option value="${path}"${chosen === path && html` selected`}>${text}</option>`
  // Leaves grouped under the path of their parents ("广东省 / 深圳市"); top-level leaves ungrouped.
  const groups = new Map<string, SafeHtml[]>()
  const loose: SafeHtml[] = []
  for (const leaf of cascadeLeaves(q.tree ?? [])) {
    const names = leaf.labels.map((l) => label(l, ctx.locale))
    const leafName = names.pop()!
    if (names.length === 0) loose.push(option(leaf.path, leafName))
    else {
      const group = names.join(' / ')
      groups.set(group, [...(groups.get(group) ?? []), option(leaf.path, leafName)])
    }
  }
  const grouped = [...groups].map(
    ([group, options]) => html`<optgroup label="${group}">${options}</optgroup>`,
  )
  return html`<select class="cascade" name="${q.key}" aria-labelledby="${ctx.id}-label"${requiredIf(ctx.required)}><option value="">${ctx.text.cascadePlaceholder}</option>${loose}${grouped}</select>`
}

function imageChoice(q: Question, ctx: TypeFieldContext): SafeHtml {
  const chosen = ([] as string[]).concat(ctx.values[q.key] ?? [])
  const input = q.multiple ? 'checkbox' : 'radio'
  const items = (q.options ?? []).map(
    (o) =>
      html`<label class="image-choice"><input type="${input}" name="${q.key}" value="${o.key}"${checkedIf(chosen.includes(o.key))}${requiredIf(ctx.required && !q.multiple)}><img src="${o.image ?? ''}" alt="" loading="lazy"><span>${label(o.label, ctx.locale)}</span></label>`,
  )
  return html`<div class="image-choices">${items}</div>`
}

function slider(q: Question, ctx: TypeFieldContext): SafeHtml {
  const { min, max, step, low, high } = q.slider!
  const hint = ctx.text.sliderHint.replace('{min}', String(min)).replace('{max}', String(max))
  const ends =
    (low || high) &&
    html`<div class="ends" aria-hidden="true"><span>${low ? label(low, ctx.locale) : ''}</span><span>${high ? label(high, ctx.locale) : ''}</span></div>`
  return html`<div class="slider" data-slider><input type="number" inputmode="numeric" name="${q.key}" min="${min}" max="${max}" step="${step}" value="${fieldValue(ctx, q.key)}" aria-labelledby="${ctx.id}-label" aria-describedby="${ctx.id}-hint"${requiredIf(ctx.required)}></div>${ends}<p class="hint" id="${ctx.id}-hint">${hint}</p>`
}

function dateTime(q: Question, ctx: TypeFieldContext): SafeHtml {
  const mode = q.datetime?.mode ?? 'date'
  const type = mode === 'datetime' ? 'datetime-local' : mode
  return html`<input class="field" type="${type}" name="${q.key}" value="${fieldValue(ctx, q.key)}" aria-labelledby="${ctx.id}-label"${requiredIf(ctx.required)}>`
}

function location(q: Question, ctx: TypeFieldContext): SafeHtml {
  return html`<input class="field" type="text" name="${q.key}" maxlength="300" autocomplete="street-address" value="${fieldValue(ctx, q.key)}" aria-labelledby="${ctx.id}-label" aria-describedby="${ctx.id}-hint" data-locate="${ctx.text.locateButton}" data-locate-failed="${ctx.text.locateFailed}"${requiredIf(ctx.required)}><p class="hint" id="${ctx.id}-hint">${ctx.text.locationHint}</p>`
}

function signature(q: Question, ctx: TypeFieldContext): SafeHtml {
  const value = fieldValue(ctx, q.key)
  // A drawn signature sent back after an error is kept as it is (the page script shows it again).
  return html`<input class="field" type="text" name="${q.key}" maxlength="60000" autocomplete="name" value="${value}" aria-labelledby="${ctx.id}-label" aria-describedby="${ctx.id}-hint" data-signature="${ctx.text.signaturePad}" data-signature-clear="${ctx.text.signatureClear}"${requiredIf(ctx.required)}><p class="hint" id="${ctx.id}-hint">${ctx.text.signatureHint}</p>`
}

function choiceMatrix(q: Question, ctx: TypeFieldContext): SafeHtml {
  const input = q.multiple ? 'checkbox' : 'radio'
  const rows = (q.rows ?? []).map((row) => {
    const name = `${q.key}.${row.key}`
    const chosen = ([] as string[]).concat(ctx.values[name] ?? [])
    const labelId = `${ctx.id}-${row.key}`
    const options = (q.options ?? []).map(
      (o) =>
        html`<label class="choice"><input type="${input}" name="${name}" value="${o.key}"${checkedIf(chosen.includes(o.key))}${requiredIf(ctx.required && !q.multiple)}> ${label(o.label, ctx.locale)}</label>`,
    )
    return html`<div class="matrix-row"${!q.multiple && html` role="radiogroup"`} aria-labelledby="${labelId}"><p class="sub" id="${labelId}">${label(row.label, ctx.locale)}</p><div class="choices row">${options}</div></div>`
  })
  return html`${rows}`
}

const ACCEPT: Record<UploadKind, string> = {
  image: 'image/*',
  pdf: 'application/pdf,.pdf',
  video: 'video/*',
}

/**
 * A file field posted with the form (multipart) as `key.file`; the stored file's id rides along
 * as `key`, so a page shown again after another question's error keeps the upload. A photo-only
 * question opens the phone's camera (capture); the server checks size and kind by content.
 */
function fileUpload(q: Question, ctx: TypeFieldContext): SafeHtml {
  const kinds = q.upload?.kinds ?? ['image']
  const mb = q.upload?.maxMb ?? 5
  const kindWords = ctx.text.uploadKinds.split('|')
  const names = kinds.map((k) => kindWords[UPLOAD_KINDS.indexOf(k)] ?? k)
  const hint = ctx.text.uploadHint
    .replace('{kinds}', names.join(ctx.locale === 'en-US' ? ', ' : '、'))
    .replace('{mb}', String(mb))
  const stored = fieldValue(ctx, q.key)
  const storedName = fieldValue(ctx, `${q.key}.name`)
  const photoOnly = kinds.length === 1 && kinds[0] === 'image'
  return html`<input class="field" type="file" name="${q.key}.file" accept="${kinds.map((k) => ACCEPT[k]).join(',')}"${photoOnly && html` capture="environment"`} data-max-bytes="${mb * 1024 * 1024}" data-too-large="${ctx.text.uploadTooLarge}" aria-labelledby="${ctx.id}-label" aria-describedby="${ctx.id}-hint"${requiredIf(ctx.required && !stored)}>${stored && html`<input type="hidden" name="${q.key}" value="${stored}"><input type="hidden" name="${q.key}.name" value="${storedName}"><p class="hint">${ctx.text.uploadKept.replace('{name}', storedName || stored)}</p>`}<p class="hint" id="${ctx.id}-hint">${hint}</p>`
}

/** The types that are one group of radios (the fieldset is a radiogroup). */
export function isRadioGroupType(q: Question): boolean {
  return q.type === 'image_choice' && !q.multiple
}

/** The types whose inputs the page script enhances (slider range, locate button, signature pad, upload size check). */
export const ENHANCED_TYPES: ReadonlySet<Question['type']> = new Set([
  'slider',
  'location',
  'signature',
  'file_upload',
])

/** Extra lines of the respondent page's stylesheet for these inputs. */
export const TYPE_STYLE = `
.ranks{display:flex;flex-direction:column;gap:8px}
.rank{display:flex;gap:10px;align-items:center}
.rank input{width:4rem;font:inherit;padding:8px;border:1px solid #667085;border-radius:8px;text-align:center}
.field,select.cascade,.slider input[type=number]{width:100%;font:inherit;padding:10px;border:1px solid #667085;border-radius:8px;background:#fff}
.slider{display:flex;gap:12px;align-items:center}.slider input[type=range]{flex:1;accent-color:var(--brand)}.slider input[type=number]{max-width:7rem}
.image-choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:10px}
.image-choice{display:flex;flex-direction:column;gap:6px;border:1px solid #d0d5dd;border-radius:10px;padding:8px;cursor:pointer}
.image-choice img{width:100%;aspect-ratio:4/3;object-fit:cover;border-radius:6px;background:#f2f4f7}
.image-choice:has(input:checked){border-color:var(--brand);box-shadow:0 0 0 2px var(--brand)}
.choices.row{flex-direction:row;flex-wrap:wrap;gap:6px 16px}
.signature-pad{display:block;width:100%;height:140px;border:1px dashed #667085;border-radius:8px;background:#fff;touch-action:none}
.tool{width:auto;margin:8px 8px 0 0;padding:8px 14px;font-weight:400}
`
