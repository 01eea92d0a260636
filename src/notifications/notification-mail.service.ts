import { createHash } from 'node:crypto'
import { activeMemberMailboxes } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import type { OutgoingMail } from '../distribution/distribution.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import {
  type NotificationKind,
  NotificationKindSchema,
  NotificationParamsSchema,
  type NotificationSettings,
  NotificationSettingsInputSchema,
} from './notification.schema.js'
import {
  claimDueNotificationMail,
  listNotificationSettings,
  notificationMailBacklog,
  queueNotificationMail,
  saveNotificationSettings,
  settleNotificationMail,
} from './notification-mail.repository.js'
import { minutesOf, quietHoursEnd, timeOf } from './quiet-hours.js'
import { robotMessageFor } from './robot-words.js'
import { nextOutboxAttempt } from '../jobs/outbox-retry.service.js'

/**
 * Members' e-mail: who chose to be told by e-mail as well as in the app, their quiet hours, and
 * the outbox their e-mails wait in. An e-mail is queued in the event's own transaction; one that
 * falls in the member's quiet hours (the organisation's time zone) waits until they end. The job
 * `notification-mail` sends what is due, each e-mail claimed by exactly one instance.
 */

type Locale = 'zh-CN' | 'en-US'

function mailId(memberId: string, eventKey: string): string {
  return createHash('sha256')
    .update(`mail\u0000${memberId}\u0000${eventKey}`)
    .digest('base64url')
    .slice(0, 32)
}

/** Queues the event's e-mail for those of `memberIds` who chose e-mail (the event's transaction). */
export async function queueMemberMail(
  trx: Db,
  at: { orgId: string; now: number },
  event: {
    kind: NotificationKind
    link: string | null
    eventKey: string
    memberIds: readonly string[]
  },
  params: string,
): Promise<void> {
  const settings = (await listNotificationSettings(trx, at.orgId, event.memberIds)).filter(
    (s) => s.email,
  )
  if (settings.length === 0) return
  const timeZone = await organisationTimezone({ db: trx, orgId: at.orgId })
  await queueNotificationMail(
    trx,
    settings.map((s) => {
      const quietEnd =
        s.quietFrom === null || s.quietTo === null
          ? null
          : quietHoursEnd(at.now, { from: s.quietFrom, to: s.quietTo }, timeZone)
      return {
        id: mailId(s.memberId, event.eventKey),
        orgId: at.orgId,
        memberId: s.memberId,
        kind: event.kind,
        params,
        link: event.link,
        attempts: 0,
        nextAt: quietEnd ?? at.now,
        createdAt: at.now,
      }
    }),
  )
}

/** The caller's own choices (none stored: in the app only, no quiet hours). */
export async function myNotificationSettings(scope: Scope): Promise<NotificationSettings> {
  const [row] = await listNotificationSettings(scope.db, scope.orgId, [scope.actor.id])
  return {
    email: row?.email ?? false,
    quietFrom: row?.quietFrom == null ? null : timeOf(row.quietFrom),
    quietTo: row?.quietTo == null ? null : timeOf(row.quietTo),
    timeZone: await organisationTimezone(scope),
  }
}

export async function saveMyNotificationSettings(
  scope: Scope,
  input: unknown,
): Promise<NotificationSettings> {
  const body = parseInput(NotificationSettingsInputSchema, input, 'notification settings')
  if ((body.quietFrom === null) !== (body.quietTo === null))
    throw new ValidationError(
      'QUIET_HOURS_INCOMPLETE',
      'Quiet hours need both a start and an end time, or neither.',
      [
        {
          path: body.quietFrom === null ? 'quietFrom' : 'quietTo',
          reason: 'missing',
          allowed: 'HH:MM, with the other end given too',
        },
      ],
    )
  await saveNotificationSettings(
    scope.db,
    scope.orgId,
    {
      memberId: scope.actor.id,
      email: body.email,
      quietFrom: body.quietFrom === null ? null : minutesOf(body.quietFrom),
      quietTo: body.quietTo === null ? null : minutesOf(body.quietTo),
    },
    scope.now,
  )
  return myNotificationSettings(scope)
}

const STALE_CLAIM_MS = 300_000
const BATCH = 50

/**
 * The background job: sends the due e-mails, each claimed by one instance, in the member's
 * language, with a link to the evidence in the app; retried with growing delays on a temporary
 * failure (a 4xx reply, the network), marked failed at once on a permanent one (5xx: no such
 * mailbox) or when the member is gone.
 */
export async function runNotificationMail(
  deps: { db: Db; send: (mail: OutgoingMail) => Promise<void>; baseUrl: string },
  now: number,
): Promise<{ sent: number; failed: number }> {
  const { db } = deps
  const report = { sent: 0, failed: 0 }
  for (const mail of await claimDueNotificationMail(db, now, BATCH, STALE_CLAIM_MS)) {
    const [box] = await activeMemberMailboxes({ db, orgId: mail.orgId }, [mail.memberId])
    const attempts = mail.attempts + 1
    if (!box) {
      await settleNotificationMail(db, mail.id, {
        state: 'failed',
        attempts,
        nextAt: now,
        error: 'member disabled or removed',
        sentAt: null,
      })
      report.failed++
      continue
    }
    const locale: Locale = box.locale === 'en-US' ? 'en-US' : 'zh-CN'
    const link = mail.link === null ? null : new URL(mail.link, deps.baseUrl).toString()
    const words = robotMessageFor(
      NotificationKindSchema.parse(mail.kind),
      NotificationParamsSchema.parse(JSON.parse(mail.params)),
      locale,
      link,
    )
    try {
      await deps.send({
        to: { name: box.displayName, address: box.email },
        subject: words.title,
        text: link ? `${words.text}\n\n${link}\n` : `${words.text}\n`,
      })
      await settleNotificationMail(db, mail.id, {
        state: 'sent',
        attempts,
        nextAt: now,
        error: null,
        sentAt: now,
      })
      report.sent++
    } catch (error) {
      const permanent = (error as { permanent?: boolean }).permanent === true
      const next = nextOutboxAttempt(attempts, now, permanent)
      await settleNotificationMail(db, mail.id, {
        state: next.retry ? 'pending' : 'failed',
        attempts,
        nextAt: next.nextAt,
        error: (error as Error).message.slice(0, 300),
        sentAt: null,
      })
      if (!next.retry) report.failed++
    }
  }
  return report
}

export function notificationMailJobBacklog(db: Db, now: number) {
  return notificationMailBacklog(db, now, 1_000)
}
