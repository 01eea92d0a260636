import { createHash } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { ImapFlow } from 'imapflow'
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser'
import { requirePermission } from '../auth/permission.service.js'
import { addCustomerEmailToCase, caseOfCustomerEmail } from '../cases/case.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { Actor, Scope } from '../db/scope.js'
import {
  isIpLiteral,
  isPublicAddress,
  type OutboundPolicy,
} from '../distribution/outbound.service.js'
import { messageKindFor } from '../feedback/channel-message.service.js'
import { createFeedback } from '../feedback/feedback.service.js'
import type { CaseHorizon } from '../feedback/intake-horizon.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import type { InboxCheck } from './channel-settings.schema.js'
import {
  type ChannelSettingsRow,
  findChannelSettings,
  inboxesToRead,
  noteInboxMessage,
  saveInboxStatus,
  seenInboxKeys,
} from './channel-settings.repository.js'

/**
 * The organisation's e-mail inbox read by IMAP (issue 20). Each look takes the folder's unseen
 * messages: a customer's answer to a case's reply (its In-Reply-To / References name the reply's
 * Message-ID, or its subject the case number from the customer's own address) becomes a line on
 * that case; any other message becomes feedback of channel email, its sender's address joining
 * the customer master as every record's does. Auto-replies and bounces, messages over the size
 * cap and mail with no readable sender are noted and left alone. Every message is noted in
 * email_inbox_seen by its Message-ID, so it is taken once whichever instance reads it and however
 * often; the \Seen flag set afterwards only keeps the next search short.
 */
export interface InboxDeps {
  db: Db
  features: DialectFeatures
  horizon: CaseHorizon
  /** Where the inbox may be reached (MANYI_WEBHOOK_ALLOWED_HOSTS beside public addresses). */
  outbound: OutboundPolicy
  /** Connection, greeting and socket timeouts (ms); 20 s unless said. */
  timeoutMs?: number
  /** The size cap (bytes); INBOX_MAX_MESSAGE_BYTES unless said (tests set a small one). */
  maxMessageBytes?: number
}

/** Messages larger than this are not downloaded: 10 MB holds any letter with a few photos. */
export const INBOX_MAX_MESSAGE_BYTES = 10 * 1024 * 1024
/** A look takes at most this many messages; the rest wait for the next (a minute later). */
const MAX_PER_LOOK = 50
/** Feedback text is at most 10,000 characters (FeedbackInputSchema). */
const MAX_TEXT = 10_000

/**
 * An inbox's failure, by the stable code the settings page words. Not an API error: a look's
 * outcome is stored as the inbox's status (docs/channels.md lists the codes), never answered as
 * an error response, so these codes are not in ERROR_CODES / docs/errors.md.
 */
export class InboxFailure extends Error {
  constructor(readonly code: InboxFailureCode) {
    super(code)
  }
}
export const INBOX_ERROR_CODES = [
  'IMAP_AUTH_FAILED',
  'IMAP_UNREACHABLE',
  'IMAP_TLS_FAILED',
  'IMAP_FOLDER_NOT_FOUND',
  'OUTBOUND_ADDRESS_NOT_ALLOWED',
  'IMAP_FAILED',
] as const
export type InboxFailureCode = (typeof INBOX_ERROR_CODES)[number]

/** What one look did. */
interface Taken {
  feedback: number
  threaded: number
  ignored: number
}

/**
 * Inboxes looked at side by side: a slow or silent mail server holds its own look up to the
 * timeout, and the sweep's other jobs wait for this one, so a few at once keep that wait short.
 */
const INBOXES_AT_ONCE = 4

/** Every organisation's inbox that is on (the background job); none started once `signal` aborts. */
export async function runEmailInbox(
  deps: InboxDeps,
  now: number,
  signal?: AbortSignal,
): Promise<{ inboxes: number; failed: number } & Taken> {
  const report = { inboxes: 0, failed: 0, feedback: 0, threaded: 0, ignored: 0 }
  const queue = await inboxesToRead(deps.db)
  const worker = async () => {
    for (let row = queue.shift(); row && !signal?.aborted; row = queue.shift()) {
      const look = await readInbox(deps, row, now)
      report.inboxes++
      if (look.status !== 'ok') report.failed++
      report.feedback += look.feedback
      report.threaded += look.threaded
      report.ignored += look.ignored
    }
  }
  await Promise.all(Array.from({ length: Math.min(INBOXES_AT_ONCE, queue.length) }, worker))
  return report
}

/** An administrator's "check now" on the settings page: one look at the organisation's inbox. */
export async function checkInboxNow(
  scope: Scope,
  deps: Omit<InboxDeps, 'db' | 'features'>,
): Promise<InboxCheck> {
  requirePermission(scope.actor, 'organisation:write')
  const row = await findChannelSettings(scope.db, scope.orgId)
  if (!row?.emailEnabled)
    return { status: 'IMAP_DISABLED', checkedAt: scope.now, feedback: 0, threaded: 0, ignored: 0 }
  return readInbox({ ...deps, db: scope.db, features: scope.features }, row, scope.now)
}

/** One look at one inbox; its outcome (ok or the error's code) is kept for the settings page. */
async function readInbox(
  deps: InboxDeps,
  row: ChannelSettingsRow,
  now: number,
): Promise<InboxCheck> {
  const taken: Taken = { feedback: 0, threaded: 0, ignored: 0 }
  let status = 'ok'
  try {
    await takeNewMessages(deps, row, now, taken)
  } catch (error) {
    status = inboxErrorCode(error)
  }
  await saveInboxStatus(deps.db, row.orgId, status, now)
  return { status, checkedAt: now, ...taken }
}

/** The stable code of a failed look (imapflow's errors name the IMAP response or Node's code). */
export function inboxErrorCode(error: unknown): InboxFailureCode {
  if (error instanceof InboxFailure) return error.code
  const e = error as { authenticationFailed?: boolean; code?: string; serverResponseCode?: string }
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED')
    return 'IMAP_AUTH_FAILED'
  const code = String(e.code ?? '')
  if (code === 'OUTBOUND_ADDRESS_NOT_ALLOWED') return code
  if (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)
  )
    return 'IMAP_UNREACHABLE'
  if (/TIMEOUT|NoConnection|ClosedAfterConnect/i.test(code)) return 'IMAP_UNREACHABLE'
  if (/^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'IMAP_TLS_FAILED'
  return 'IMAP_FAILED'
}

/**
 * The address to connect to: the host's, checked as webhooks are (a private address only when
 * the operator allowed the host), so the inbox setting cannot reach into the company's network.
 * The connection goes to the address checked, TLS still verifying the host's name.
 */
async function checkedAddress(host: string, policy: OutboundPolicy): Promise<string> {
  const allowed = policy.allowedHosts.includes(host.toLowerCase())
  const addresses = isIpLiteral(host)
    ? [host]
    : (await lookup(host, { all: true })).map((a) => a.address)
  const first = addresses[0]
  if (first === undefined) throw new InboxFailure('IMAP_UNREACHABLE')
  if (!allowed && addresses.some((a) => !isPublicAddress(a)))
    throw new InboxFailure('OUTBOUND_ADDRESS_NOT_ALLOWED')
  return first
}

async function takeNewMessages(
  deps: InboxDeps,
  row: ChannelSettingsRow,
  now: number,
  taken: Taken,
): Promise<void> {
  if (!row.imapHost || !row.imapUser || !row.imapPassword) throw new InboxFailure('IMAP_FAILED')
  const address = await checkedAddress(row.imapHost, deps.outbound)
  const timeout = deps.timeoutMs ?? 20_000
  const client = new ImapFlow({
    host: address,
    servername: row.imapHost,
    port: row.imapPort ?? 993,
    secure: row.imapTls,
    auth: { user: row.imapUser, pass: openSecret(deps.db, row.imapPassword) },
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  // A dropped connection emits 'error'; the pending command rejects with it too.
  client.on('error', () => {})
  await client.connect()
  try {
    let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>
    try {
      lock = await client.getMailboxLock(row.imapFolder ?? 'INBOX')
    } catch (error) {
      // SELECT answered NO: the folder is not there (NONEXISTENT, RFC 5530) or not readable.
      if ((error as { responseStatus?: string }).responseStatus === 'NO')
        throw new InboxFailure('IMAP_FOLDER_NOT_FOUND')
      throw error
    }
    try {
      await takeFromFolder(deps, client, row.orgId, now, taken)
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
}

interface Head {
  uid: number
  size: number
  key: string
}

async function takeFromFolder(
  deps: InboxDeps,
  client: ImapFlow,
  orgId: string,
  now: number,
  taken: Taken,
): Promise<void> {
  const found = await client.search({ seen: false }, { uid: true })
  const uids = (found || []).slice(0, MAX_PER_LOOK)
  if (uids.length === 0) return
  const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : '0'
  const heads: Head[] = []
  for await (const m of client.fetch(
    uids.join(','),
    { uid: true, size: true, envelope: true },
    { uid: true },
  ))
    heads.push({
      uid: m.uid,
      size: m.size ?? 0,
      key: messageKey(m.envelope?.messageId, uidValidity, m.uid),
    })
  const seen = await seenInboxKeys(
    deps.db,
    orgId,
    heads.map((h) => h.key),
  )
  for (const head of heads) {
    if (!seen.has(head.key)) {
      const outcome = await takeOne(deps, client, orgId, head, now)
      taken[outcome === 'feedback' ? 'feedback' : outcome === 'threaded' ? 'threaded' : 'ignored']++
      // Too large: left unseen, so whoever reads the mailbox notices it.
      if (outcome === 'too_large') continue
    }
    await client.messageFlagsAdd(String(head.uid), ['\\Seen'], { uid: true })
  }
}

/** A message's key: its Message-ID (hashed when long), or the folder's UIDVALIDITY and its UID. */
function messageKey(messageId: string | undefined, uidValidity: string, uid: number): string {
  const id = messageId?.trim()
  if (!id) return `uid:${uidValidity}:${uid}`
  return id.length <= 200 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`
}

type Outcome = 'feedback' | 'threaded' | 'ignored' | 'too_large' | 'malformed'

async function takeOne(
  deps: InboxDeps,
  client: ImapFlow,
  orgId: string,
  head: Head,
  now: number,
): Promise<Outcome> {
  const note = (outcome: Outcome, feedbackId: string | null = null, caseId: string | null = null) =>
    noteInboxMessage(deps.db, { orgId, messageKey: head.key, outcome, feedbackId, caseId }, now)
  const cap = deps.maxMessageBytes ?? INBOX_MAX_MESSAGE_BYTES
  if (head.size > cap) {
    await note('too_large')
    return 'too_large'
  }
  const fetched = await client.fetchOne(String(head.uid), { source: true }, { uid: true })
  const source = fetched ? fetched.source : undefined
  if (!source || source.length > cap) {
    await note(source ? 'too_large' : 'malformed')
    return source ? 'too_large' : 'malformed'
  }
  const mail = await readMail(source)
  if (mail === null) {
    await note('malformed')
    return 'malformed'
  }
  if (mail.automatic) {
    await note('ignored')
    return 'ignored'
  }
  const threaded = await caseOfCustomerEmail(deps.db, orgId, {
    references: mail.references,
    subject: mail.subject,
    from: mail.from,
  })
  if (threaded) {
    // The note and the line in one transaction: of two instances, the one whose note lands adds it.
    await deps.db.transaction().execute(async (trx) => {
      const first = await noteInboxMessage(
        trx,
        {
          orgId,
          messageKey: head.key,
          outcome: 'threaded',
          feedbackId: null,
          caseId: threaded.caseId,
        },
        now,
      )
      if (first)
        await addCustomerEmailToCase(trx, {
          orgId,
          caseId: threaded.caseId,
          body: mail.reply,
          from: mail.from,
          subject: mail.subject,
          messageId: mail.messageId,
          now,
        })
    })
    return 'threaded'
  }
  const text = (mail.subject ? `${mail.subject}\n\n${mail.body}` : mail.body).slice(0, MAX_TEXT)
  // Feedback is stored once per Message-ID (external id email:<key>) however many instances try.
  const stored = await createFeedback(
    scopeFor(deps, orgId, now),
    {
      channel: 'email',
      // Only a complaint opens a case (src/feedback/message-kind.ts).
      kind: await messageKindFor(deps.db, orgId, text),
      text,
      customer: { email: mail.from, ...(mail.name ? { name: mail.name.slice(0, 100) } : {}) },
      receivedAt: new Date(Math.min(mail.date ?? now, now)).toISOString(),
      externalId: `email:${head.key}`.slice(0, 200),
    },
    deps.horizon,
  )
  await note('feedback', stored.feedback.id, stored.caseId)
  return 'feedback'
}

/** A message as the inbox uses it, or null when it has no readable sender or text. */
interface ReadMail {
  from: string
  name: string | null
  subject: string
  /** The text, its quoted history included (new feedback). */
  body: string
  /** The text above the quoted history (an answer on a case). */
  reply: string
  references: string[]
  messageId: string | null
  date: number | null
  /** An auto-reply, bounce or other machine-sent message. */
  automatic: boolean
}

const EMAIL = /^[^\s@<>()]{1,64}@[^\s@<>()]{1,253}$/

/**
 * Parsed by mailparser, which decodes any charset iconv-lite knows (GB2312, GBK, GB18030, Big5 …,
 * common in Chinese mail) in headers (RFC 2047) and bodies alike. Attachments are not kept.
 */
export async function readMail(source: Buffer): Promise<ReadMail | null> {
  let parsed: ParsedMail
  try {
    parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true })
  } catch {
    return null
  }
  const sender = firstAddress(parsed.from)
  if (!sender || !EMAIL.test(sender.address)) return null
  const body = (parsed.text ?? '').replace(/\r\n/g, '\n').trim()
  const subject = (parsed.subject ?? '').trim().slice(0, 500)
  if (!body && !subject) return null
  const references = [
    ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
    ...(Array.isArray(parsed.references)
      ? parsed.references
      : parsed.references
        ? [parsed.references]
        : []),
  ]
  return {
    from: sender.address.toLowerCase(),
    name: sender.name || null,
    subject,
    body: body || subject,
    reply: withoutQuote(body) || body || subject,
    references,
    messageId: parsed.messageId ?? null,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.getTime() : null,
    automatic: isAutomatic(parsed, sender.address, subject),
  }
}

function firstAddress(
  from: AddressObject | undefined,
): { address: string; name: string } | undefined {
  const first = from?.value[0]
  return first?.address ? { address: first.address, name: first.name } : undefined
}

/**
 * Machine-sent mail, which must never become feedback (nor answer it, which could loop):
 * Auto-Submitted other than "no" (RFC 3834 §5), a delivery or disposition report
 * (multipart/report, RFC 6522), mail from MAILER-DAEMON or postmaster, Precedence bulk, junk or
 * auto_reply, the X-Autoreply / X-Autorespond headers some servers set instead, and the subjects
 * of out-of-office replies and bounces of the common servers (Exchange, Gmail, QQ and 163 Mail).
 */
function isAutomatic(parsed: ParsedMail, address: string, subject: string): boolean {
  const header = (name: string) => {
    const value = parsed.headers.get(name)
    if (value === undefined) return undefined
    return (typeof value === 'object' && value && 'value' in value ? value.value : String(value))
      .toString()
      .trim()
      .toLowerCase()
  }
  const autoSubmitted = header('auto-submitted')
  if (autoSubmitted && autoSubmitted !== 'no') return true
  if (header('content-type')?.startsWith('multipart/report')) return true
  if (/^(mailer-daemon|postmaster)@/i.test(address)) return true
  if (/^(bulk|junk|auto_reply)$/.test(header('precedence') ?? '')) return true
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true
  return /^(auto(matic)?[ -]?reply|out of office|undeliverable|undelivered mail|delivery status notification|mail delivery failed|自动回复|退信|系统退信)/i.test(
    subject,
  )
}

/** The answer above the quoted history: lines quoted with ">" and what follows a quote header go. */
function withoutQuote(body: string): string {
  const lines = body.split('\n')
  const kept: string[] = []
  for (const line of lines) {
    if (
      /^-{2,}\s*(Original Message|原始邮件|回复的原邮件)\s*-{2,}/i.test(line.trim()) ||
      /^On .+ wrote:$/.test(line.trim()) ||
      /^在.+写道[:：]?$/.test(line.trim())
    )
      break
    if (line.startsWith('>')) continue
    kept.push(line)
  }
  return kept.join('\n').trim()
}

/** Who stores inbox mail: an agent's rights (feedback:write), nothing more. */
const ACTOR: Actor = { type: 'system', id: 'email', role: 'agent' }

function scopeFor(deps: InboxDeps, orgId: string, now: number): Scope {
  return { db: deps.db, features: deps.features, orgId, actor: ACTOR, now }
}
