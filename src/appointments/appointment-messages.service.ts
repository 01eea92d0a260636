import { organisationCloudSms } from '../channels/channel-settings.service.js'
import type { Db } from '../db/database.js'
import {
  sendCustomerMessage,
  type CustomerMessageDeps,
} from '../notices/customer-message.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { LOCALES, type Locale } from '../shared/locale.js'
import { formatInTimeZone } from '../shared/timezone.js'
import { newId } from '../shared/ids.js'
import { type LinkSecretCache, organisationLinkSecret } from '../surveys/signed-link.service.js'
import { unitById } from '../units/unit.service.js'
import {
  bookedStartingBetween,
  claimDueMessages,
  findAppointmentSmsSettings,
  findBooking,
  type MessageRow,
  queueMessages,
  settleMessage,
} from './appointment.repository.js'
import { bookingToken } from './appointment.service.js'
import { type AppointmentMessageKind, appointmentText } from './appointment-words.js'
import { nextOutboxAttempt } from '../jobs/outbox-retry.service.js'

/**
 * Appointment messages: the day-before reminders queued once (the unique booking–kind–channel
 * key decides among instances) and every due message sent by exactly one instance, retried with
 * a growing delay. An SMS goes through the organisation's cloud gateway (channel settings) with
 * the appointment template of its kind when both are set, keeping the cloud's id for the
 * delivery receipt; otherwise, and for e-mail, through the notices' customer-message route
 * (the company SMS webhook, SMTP).
 */

const DAY_MS = 86_400_000
const STALE_CLAIM_MS = 300_000
const BATCH = 100

export interface AppointmentMessageDeps extends CustomerMessageDeps {
  /** The public address the customer's link points to. */
  baseUrl: string
  linkSecrets?: LinkSecretCache
}

/**
 * Queues the reminder of every booking starting within the next 24 hours that was made earlier
 * than a day before its time (one booked later has just had its confirmation). Idempotent: a
 * reminder already queued for the booking and channel is left as it is.
 */
export async function queueDueReminders(db: Db, now: number): Promise<number> {
  const due = await bookedStartingBetween(db, now, now + DAY_MS)
  const rows = due
    .filter((b) => b.createdAt <= b.startsAt - DAY_MS)
    .flatMap((b) => [
      { id: newId(now), orgId: b.orgId, bookingId: b.id, kind: 'reminder', channel: 'sms' },
      ...(b.emailSealed === null
        ? []
        : [
            { id: newId(now), orgId: b.orgId, bookingId: b.id, kind: 'reminder', channel: 'email' },
          ]),
    ])
  for (let i = 0; i < rows.length; i += 200) await queueMessages(db, rows.slice(i, i + 200), now)
  return rows.length
}

/** The sweep's job: reminders queued, then every due message sent. */
export async function runAppointmentMessages(deps: AppointmentMessageDeps, now: number) {
  await queueDueReminders(deps.db, now)
  for (const message of await claimDueMessages(deps.db, now, BATCH, STALE_CLAIM_MS)) {
    const { failure, providerId } = await deliver(deps, message, now)
    const attempts = message.attempts + 1
    const next = failure === null ? null : nextOutboxAttempt(attempts, now, failure.permanent)
    await settleMessage(deps.db, message.id, {
      state: next === null ? 'sent' : next.retry ? 'queued' : 'failed',
      attempts,
      nextAt: next?.nextAt ?? now,
      sentAt: failure === null ? now : null,
      error: failure === null ? null : failure.reason.slice(0, 500),
      providerMessageId: providerId,
    })
  }
}

function kindOf(message: MessageRow): AppointmentMessageKind {
  if (message.kind === 'reminder' || message.kind === 'cancellation') return message.kind
  return 'confirmation'
}

type Failure = { reason: string; permanent: boolean } | null
const failed = (reason: string): { failure: Failure; providerId: null } => ({
  failure: { reason, permanent: true },
  providerId: null,
})

/** The approved cloud template of a message kind; cancellations have none (they go by webhook). */
async function cloudTemplateOf(db: Db, orgId: string, kind: AppointmentMessageKind) {
  if (kind === 'cancellation') return null
  const settings = await findAppointmentSmsSettings(db, orgId)
  return (
    (kind === 'reminder' ? settings?.reminderTemplateId : settings?.confirmationTemplateId) ?? null
  )
}

/**
 * A template variable as the clouds take it: no line breaks or control characters, and at most
 * 35 characters — Alibaba Cloud's limit for most variables, which the gateway refuses beyond
 * (src/distribution/sms-gateway.ts); a long hall name is cut rather than the SMS lost.
 */
function variable(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return [...value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()].slice(0, 35).join('')
}

async function deliver(
  deps: AppointmentMessageDeps,
  message: MessageRow,
  now: number,
): Promise<{ failure: Failure; providerId: string | null }> {
  const booking = await findBooking(deps.db, message.orgId, message.bookingId)
  if (!booking) return failed('the appointment is gone')
  const kind = kindOf(message)
  // A reminder of an appointment cancelled, marked or moved into the past meanwhile is not sent.
  if (kind === 'reminder' && (booking.status !== 'booked' || booking.startsAt <= now))
    return failed('the appointment no longer stands')
  const sealed = message.channel === 'email' ? booking.emailSealed : booking.phoneSealed
  if (sealed === null) return failed('no address')
  const locale: Locale = (LOCALES as readonly string[]).includes(booking.locale)
    ? (booking.locale as Locale)
    : 'zh-CN'
  const scope = { db: deps.db, orgId: message.orgId }
  const unit = await unitById(scope, booking.unitId)
  const unitName = (locale === 'en-US' ? unit?.nameEn : null) ?? unit?.nameZh ?? ''
  const timeZone = await organisationTimezone(scope)
  if (message.channel === 'sms') {
    const templateId = await cloudTemplateOf(deps.db, message.orgId, kind)
    const gateway =
      templateId && (await organisationCloudSms(deps.db, message.orgId, deps.outbound))
    if (templateId && gateway) {
      // Carriers pass only approved templates, so the cloud gets the template and its variables,
      // never the text (nor the manage link: links in variables are refused by both clouds).
      // Alibaba Cloud reads them by name from TemplateParam JSON, ${name} ${hall} ${time}
      // ${code} in the template (https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms);
      // Tencent Cloud by position from TemplateParamSet, {1} {2} {3} {4} in this order
      // (https://cloud.tencent.com/document/api/382/55981).
      const params = [
        { name: 'name', value: variable(openSecret(deps.db, booking.nameSealed)) },
        { name: 'hall', value: variable(unitName) },
        { name: 'time', value: formatInTimeZone(booking.startsAt, timeZone) },
        { name: 'code', value: booking.code },
      ]
      try {
        const outcome = await gateway.send({
          phone: openSecret(deps.db, sealed).replace(/[\s-]/g, ''),
          templateId,
          params,
          reference: message.id,
        })
        return outcome.sent
          ? { failure: null, providerId: outcome.providerId || null }
          : { failure: { reason: outcome.reason, permanent: outcome.permanent }, providerId: null }
      } catch (error) {
        // A message no gateway would take (a number that is no mobile number) or an address
        // the outbound policy refuses: retrying cannot help.
        return failed(error instanceof Error ? error.message : String(error))
      }
    }
  }
  const token = bookingToken(await organisationLinkSecret(scope, deps.linkSecrets), booking.id)
  const words = appointmentText(kind, locale, {
    unitName,
    startsAt: booking.startsAt,
    timeZone,
    link: `${deps.baseUrl}/book/${message.orgId}/manage/${token}?lang=${locale}`,
  })
  const failure = await sendCustomerMessage(
    deps,
    {
      id: message.id,
      orgId: message.orgId,
      event: `appointment.${kind}`,
      channel: message.channel === 'email' ? 'email' : 'sms',
      address: openSecret(deps.db, sealed),
      locale,
      subject: words.subject,
      text: words.text,
    },
    now,
  )
  return { failure, providerId: null }
}
