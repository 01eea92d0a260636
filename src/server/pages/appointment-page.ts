import { html, type SafeHtml, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { formatInTimeZone } from '../../shared/timezone.js'
import { page } from './layout.js'
import type { PageBrand } from './page-brand.js'

/**
 * The public appointment pages at /book/<organisation>: choose a hall or home-visit area, a free
 * slot, leave a name and phone and agree; then the customer's own page (the link in the
 * confirmation) to see, cancel or move the appointment. Plain HTML forms, no script, phone-width
 * first. Its words live here (the pages are their only reader).
 */

const WORDS = {
  'zh-CN': {
    title: '预约办理',
    chooseUnit: '请选择营业厅或上门服务区域',
    hall: '营业厅',
    home_visit: '上门服务',
    noUnits: '目前没有可预约的营业厅。',
    chooseSlot: '选择时段',
    free: '余 {n} 个',
    noSlots: '近期没有可预约的时段，请稍后再来。',
    name: '姓名',
    phone: '手机号码',
    email: '电子邮箱（选填）',
    address: '上门地址',
    addressHint: '请写明街道、小区、楼栋和门牌号，工作人员将按此地址上门。',
    consent: '我同意为办理本次预约使用我的姓名和手机号码，并接收预约确认和提醒短信。',
    consentVisit:
      '我同意为办理本次预约使用我的姓名、手机号码和上门地址，并接收预约确认和提醒短信。',
    submit: '提交预约',
    other: '其他营业厅',
    problems: {
      missing: '请填写姓名和手机号码，选择时段并勾选同意。',
      badPhone: '手机号码格式不正确。',
      badEmail: '电子邮箱格式不正确。',
      badAddress: '请填写上门地址（至少 4 个字）。',
      full: '该时段刚刚约满，请选择其他时段。',
      gone: '该时段已不能预约，请重新选择。',
      closed: '该预约已取消、已办理或已过时间，不能再更改。',
    },
    booked: '预约成功',
    bookedBody: '我们已向您的手机发送确认短信，办理前一天会再提醒您。',
    yours: '我的预约',
    when: '时间',
    where: '地点',
    visitAt: '上门地址',
    code: '预约码',
    status: '状态',
    statuses: { booked: '已预约', arrived: '已到达', no_show: '未到', cancelled: '已取消' },
    keep: '请保存本页链接，以便取消或改约：',
    cancel: '取消预约',
    reschedule: '改约到所选时段',
    cancelled: '预约已取消',
    language: 'English',
  },
  'en-US': {
    title: 'Book an appointment',
    chooseUnit: 'Choose a service hall or home-visit area',
    hall: 'Service hall',
    home_visit: 'Home visit',
    noUnits: 'No hall takes appointments at the moment.',
    chooseSlot: 'Choose a time',
    free: '{n} left',
    noSlots: 'No time can be booked soon; please come back later.',
    name: 'Name',
    phone: 'Mobile number',
    email: 'E-mail (optional)',
    address: 'Visit address',
    addressHint: 'Street, estate, building and door number: staff come to this address.',
    consent:
      'I agree that my name and mobile number are used for this appointment and to receive its confirmation and reminder.',
    consentVisit:
      'I agree that my name, mobile number and address are used for this appointment and to receive its confirmation and reminder.',
    submit: 'Book',
    other: 'Other halls',
    problems: {
      missing: 'Please enter your name and mobile number, choose a time and tick the agreement.',
      badPhone: 'The mobile number does not look right.',
      badEmail: 'The e-mail address does not look right.',
      badAddress: 'Please enter the visit address (at least 4 characters).',
      full: 'This time has just been fully booked; please choose another.',
      gone: 'This time can no longer be booked; please choose again.',
      closed: 'This appointment is cancelled, done or past and can no longer change.',
    },
    booked: 'Appointment booked',
    bookedBody: 'We have sent a confirmation to your phone and will remind you the day before.',
    yours: 'Your appointment',
    when: 'Time',
    where: 'Place',
    visitAt: 'Visit address',
    code: 'Booking code',
    status: 'Status',
    statuses: { booked: 'Booked', arrived: 'Arrived', no_show: 'Missed', cancelled: 'Cancelled' },
    keep: 'Keep this page’s link to cancel or change it:',
    cancel: 'Cancel the appointment',
    reschedule: 'Move to the time chosen',
    cancelled: 'Appointment cancelled',
    language: '中文',
  },
} as const

export type BookingProblem = keyof (typeof WORDS)['zh-CN']['problems']

const STYLE = trustedHtml(`<style>
.units{list-style:none;padding:0;margin:0 0 16px;display:grid;gap:8px}
.units a{display:block;background:#fff;border-radius:10px;padding:12px 16px;color:inherit;text-decoration:none;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.units a[aria-current]{outline:2px solid var(--brand)}
.units small{display:block;color:#5d6679}
.day{margin:8px 0 4px;font-weight:600;color:#344054}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(6.5rem,1fr));gap:6px;margin-bottom:6px}
.slots label{position:relative}
.slots input{position:absolute;opacity:0}
.slots span{display:block;text-align:center;padding:8px 2px;border:1px solid #d0d5dd;border-radius:8px;background:#fff;cursor:pointer;line-height:1.3}
.slots small{display:block;font-size:.75rem;color:#5d6679}
.slots input:checked+span{background:var(--brand);border-color:var(--brand);color:var(--on-brand)}
.slots input:checked+span small{color:var(--on-brand)}
.slots input:focus-visible+span{outline:3px solid #91caff}
.consent{display:flex;gap:8px;align-items:flex-start;font-size:.9rem;color:#344054}
.consent input{margin-top:4px;flex:none}
.card{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
.card dt{color:#5d6679}.card dd{margin:0;overflow-wrap:anywhere}
.link{overflow-wrap:anywhere;font-size:.85rem}
button.secondary{background:#fff;color:#b42318;border:1px solid #b42318;margin-top:8px}
</style>`)

export interface PageUnit {
  id: string
  name: string
  nameEn: string | null
  kind: string
}
export interface PageSlot {
  id: string
  startsAt: number
  free: number
}

interface Common {
  orgId: string
  organisation: { name: string; timezone: string }
  brand?: PageBrand
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '')

function unitLabel(locale: Locale, unit: PageUnit): string {
  return locale === 'en-US' && unit.nameEn ? unit.nameEn : unit.name
}

function header(locale: Locale, title: string, switchTo: string): SafeHtml {
  const w = WORDS[locale]
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  return html`${STYLE}<header><h1>${title}</h1><a class="lang" href="${switchTo}lang=${other}" lang="${other}">${w.language}</a></header>`
}

/** Local date and time of a slot, split for the slot grid. */
function dayAndTime(at: number, timeZone: string): [string, string] {
  const local = formatInTimeZone(at, timeZone)
  return [local.slice(0, 10), local.slice(11)]
}

function slotGrid(locale: Locale, slots: readonly PageSlot[], timeZone: string, chosen?: string) {
  const w = WORDS[locale]
  const days = new Map<string, PageSlot[]>()
  for (const s of slots) {
    const [day] = dayAndTime(s.startsAt, timeZone)
    days.set(day, [...(days.get(day) ?? []), s])
  }
  return [...days.entries()].map(
    ([day, list]) =>
      html`<p class="day">${day}</p><div class="slots">${list.map(
        (s) =>
          html`<label><input type="radio" name="slotId" value="${s.id}" data-starts="${new Date(s.startsAt).toISOString()}"${s.id === chosen ? trustedHtml(' checked') : ''}><span>${dayAndTime(s.startsAt, timeZone)[1]}<small>${fill(w.free, { n: String(s.free) })}</small></span></label>`,
      )}</div>`,
  )
}

export interface BookingPageState extends Common {
  units: PageUnit[]
  unit: PageUnit | null
  slots: PageSlot[]
  values?: { slotId?: string; name?: string; phone?: string; email?: string; address?: string }
  problem?: BookingProblem
}

/** The booking page: the units, and for the chosen one its free slots and the form. */
export function bookingPage(locale: Locale, state: BookingPageState): string {
  const w = WORDS[locale]
  const { unit, values = {} } = state
  const base = `/book/${state.orgId}`
  const self = unit ? `${base}?unit=${unit.id}&` : `${base}?`
  const unitList =
    state.units.length === 0
      ? html`<p class="hint">${w.noUnits}</p>`
      : html`<p class="hint">${unit ? w.other : w.chooseUnit}</p><ul class="units">${state.units.map(
          (u) =>
            html`<li><a href="${base}?unit=${u.id}&lang=${locale}"${u.id === unit?.id ? trustedHtml(' aria-current="page"') : ''}>${unitLabel(locale, u)}<small>${u.kind === 'home_visit' ? w.home_visit : w.hall}</small></a></li>`,
        )}</ul>`
  const form =
    unit &&
    html`${state.problem && html`<div class="summary" role="alert" id="booking-error"><p>${w.problems[state.problem]}</p></div>`}
<form method="post" action="${base}?lang=${locale}" novalidate><input type="hidden" name="unit" value="${unit.id}">
<fieldset><legend>${w.chooseSlot} · ${unitLabel(locale, unit)}</legend>${state.slots.length === 0 ? html`<p class="hint">${w.noSlots}</p>` : slotGrid(locale, state.slots, state.organisation.timezone, values.slotId)}</fieldset>
<fieldset>
<label class="contact" for="name">${w.name}<input id="name" name="name" autocomplete="name" maxlength="60" value="${values.name ?? ''}" required></label>
<label class="contact" for="phone">${w.phone}<input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" maxlength="20" value="${values.phone ?? ''}" required></label>
<label class="contact" for="email">${w.email}<input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${values.email ?? ''}"></label>
${unit.kind === 'home_visit' ? html`<label class="contact" for="address">${w.address}<textarea id="address" name="address" autocomplete="street-address" rows="2" maxlength="200" aria-describedby="address-hint" required>${values.address ?? ''}</textarea></label><p class="hint" id="address-hint">${w.addressHint}</p>` : ''}
<label class="consent"><input type="checkbox" name="consent" value="yes" required><span>${unit.kind === 'home_visit' ? w.consentVisit : w.consent}</span></label>
</fieldset><button type="submit">${w.submit}</button></form>`
  const body = html`${header(locale, `${w.title} · ${state.organisation.name}`, self)}${form || ''}${unitList}`
  return page(locale, `${w.title} · ${state.organisation.name}`, body, state.brand, {
    withoutScript: true,
  })
}

export interface ManagePageState extends Common {
  token: string
  unit: PageUnit | null
  booking: {
    startsAt: number
    status: 'booked' | 'arrived' | 'no_show' | 'cancelled'
    /** The short code the customer quotes. */
    code: string
    /** A home visit's address (the customer's own, on their own page). */
    address: string | null
  }
  changeable: boolean
  slots: PageSlot[]
  /** Just booked: the thanks shown above the booking. */
  justBooked?: boolean
  problem?: BookingProblem
  /** The page's own address, shown for the customer to keep. */
  link: string
}

/** The customer's own page: the appointment, and while it stands, cancel or move it. */
export function managePage(locale: Locale, state: ManagePageState): string {
  const w = WORDS[locale]
  const action = `/book/${state.orgId}/manage/${state.token}`
  const title = state.booking.status === 'cancelled' ? w.cancelled : w.yours
  const time = formatInTimeZone(state.booking.startsAt, state.organisation.timezone)
  const changes =
    state.changeable &&
    html`<form method="post" action="${action}?lang=${locale}" novalidate>
${state.slots.length > 0 && html`<fieldset><legend>${w.chooseSlot}</legend>${slotGrid(locale, state.slots, state.organisation.timezone)}</fieldset><button type="submit" name="action" value="reschedule">${w.reschedule}</button>`}
<button type="submit" name="action" value="cancel" class="secondary">${w.cancel}</button></form>`
  const body = html`${header(locale, title, `${action}?`)}
${state.justBooked && html`<div class="notice" role="status"><span class="done" aria-hidden="true">✓</span><h1>${w.booked}</h1><p>${w.bookedBody}</p></div>`}
${state.problem && html`<div class="summary" role="alert"><p>${w.problems[state.problem]}</p></div>`}
<section class="card" data-status="${state.booking.status}"><dl><dt>${w.when}</dt><dd>${time}</dd><dt>${w.where}</dt><dd>${state.unit ? unitLabel(locale, state.unit) : ''}</dd>${state.booking.address !== null ? html`<dt>${w.visitAt}</dt><dd data-address>${state.booking.address}</dd>` : ''}<dt>${w.code}</dt><dd data-code>${state.booking.code}</dd><dt>${w.status}</dt><dd>${w.statuses[state.booking.status]}</dd></dl></section>
${state.changeable && html`<p class="hint">${w.keep}</p><p class="link"><a href="${state.link}" data-manage-link>${state.link}</a></p>`}
${changes || ''}`
  return page(locale, `${title} · ${state.organisation.name}`, body, state.brand, {
    withoutScript: true,
  })
}
