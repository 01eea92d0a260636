import type { Db } from '../db/database.js'
import {
  sendCustomerMessage,
  type CustomerMessageDeps,
} from '../notices/customer-message.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { LOCALES, type Locale } from '../shared/locale.js'
import { newId } from '../shared/ids.js'
import { type LinkSecretCache, organisationLinkSecret } from '../surveys/signed-link.service.js'
import { unitById } from '../units/unit.service.js'
import {
  bookedStartingBetween,
  claimDueMessages,
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
 * key decides among instances) and every due message sent by exactly one instance through the
 * notices' customer-message route (SMS gateway webhook, e-mail), retried with a growing delay.
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
    const outcome = await deliver(deps, message, now)
    const attempts = message.attempts + 1
    const next = outcome === null ? null : nextOutboxAttempt(attempts, now, outcome.permanent)
    await settleMessage(deps.db, message.id, {
      state: next === null ? 'sent' : next.retry ? 'queued' : 'failed',
      attempts,
      nextAt: next?.nextAt ?? now,
      sentAt: outcome === null ? now : null,
      error: outcome === null ? null : outcome.reason.slice(0, 500),
    })
  }
}

function kindOf(message: MessageRow): AppointmentMessageKind {
  if (message.kind === 'reminder' || message.kind === 'cancellation') return message.kind
  return 'confirmation'
}

async function deliver(deps: AppointmentMessageDeps, message: MessageRow, now: number) {
  const booking = await findBooking(deps.db, message.orgId, message.bookingId)
  if (!booking) return { reason: 'the appointment is gone', permanent: true }
  const kind = kindOf(message)
  // A reminder of an appointment cancelled, marked or moved into the past meanwhile is not sent.
  if (kind === 'reminder' && (booking.status !== 'booked' || booking.startsAt <= now))
    return { reason: 'the appointment no longer stands', permanent: true }
  const sealed = message.channel === 'email' ? booking.emailSealed : booking.phoneSealed
  if (sealed === null) return { reason: 'no address', permanent: true }
  const locale: Locale = (LOCALES as readonly string[]).includes(booking.locale)
    ? (booking.locale as Locale)
    : 'zh-CN'
  const scope = { db: deps.db, orgId: message.orgId }
  const unit = await unitById(scope, booking.unitId)
  const unitName = (locale === 'en-US' ? unit?.nameEn : null) ?? unit?.nameZh ?? ''
  const token = bookingToken(await organisationLinkSecret(scope, deps.linkSecrets), booking.id)
  const words = appointmentText(kind, locale, {
    unitName,
    startsAt: booking.startsAt,
    timeZone: await organisationTimezone(scope),
    link: `${deps.baseUrl}/book/${message.orgId}/manage/${token}?lang=${locale}`,
  })
  return sendCustomerMessage(
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
}
