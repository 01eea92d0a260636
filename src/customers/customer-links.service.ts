import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'
import { keysFrom, type NormalKey } from './customer-keys.js'
import { insertLinks } from './customer.repository.js'
import type { CustomerKeyKind, LinkFacts, LinkKind } from './customer.schema.js'
import { CUSTOMER_SYSTEM_ACTOR, matchOrCreate } from './customer.service.js'

// Matching on arrival: the intake paths (the survey intake for every stored answer, the feedback
// store for complaints, imports and survey comments) hand their records here with whatever names
// the customer — hidden fields such as `account`, the invitation's contact, the complaint's phone
// and e-mail. Each record is linked to the customer those keys find (created on first sight),
// once: a record linked before keeps its customer.

/** Hidden fields (link parameters) that carry a customer key, by kind. */
const FIELD_KINDS: ReadonlyArray<[string, CustomerKeyKind]> = [
  ['account', 'account'],
  ['account_no', 'account'],
  ['account_id', 'account'],
  ['member_id', 'member'],
  ['member_no', 'member'],
  ['customer_id', 'external'],
  ['customer_no', 'external'],
  ['openid', 'openid'],
  ['phone', 'phone'],
  ['mobile', 'phone'],
  ['email', 'email'],
]

/** The hidden fields that carry a customer key (erased with the customer's data). */
export const CUSTOMER_KEY_FIELDS: readonly string[] = FIELD_KINDS.map(([field]) => field)

/** The keys an answer's hidden fields carry. */
export function keysOfFields(fields: Readonly<Record<string, string>>): NormalKey[] {
  return keysFrom(FIELD_KINDS.map(([field, kind]) => [kind, fields[field]]))
}

/** A record to link to its customer. */
export interface RecordToLink {
  orgId: string
  kind: LinkKind
  sourceId: string
  unitId: string | null
  at: number
  facts: LinkFacts
  keys: NormalKey[]
  /** Another record (a case) linked to the same customer. */
  also?: { kind: LinkKind; sourceId: string; facts: LinkFacts }
}

/** A stored answer as the survey intake hands it over. */
export interface AnswerToLink {
  id: string
  orgId: string
  surveyId: string
  unitId: string | null
  submittedAt: number
  nps: number | null
  csat: number | null
  channel: string
  /** Hidden fields. */
  segments: Readonly<Record<string, string>>
  /** The invitation's contact, when the answer came through a personal link. */
  contact?: { email: string | null; phone: string | null } | undefined
}

/** Link a batch of stored answers to their customers (those naming none are left alone). */
export async function linkAnswersToCustomers(
  db: Db,
  now: number,
  answers: readonly AnswerToLink[],
): Promise<number> {
  return linkRecords(
    db,
    now,
    answers.map((a) => ({
      orgId: a.orgId,
      kind: 'answer',
      sourceId: a.id,
      unitId: a.unitId,
      at: a.submittedAt,
      facts: { surveyId: a.surveyId, nps: a.nps, csat: a.csat, channel: a.channel },
      keys: [
        ...keysOfFields(a.segments),
        ...keysFrom([
          ['email', a.contact?.email],
          ['phone', a.contact?.phone],
        ]),
      ],
    })),
  )
}

/** A stored feedback record (complaint, import, survey comment) and the case it opened. */
export interface FeedbackToLink {
  orgId: string
  feedbackId: string
  unitId: string | null
  receivedAt: number
  channel: string
  nps: number | null
  csat: number | null
  sentiment: 'positive' | 'neutral' | 'negative' | null
  /** The customer's reference (户号, customer number) as the record carries it. */
  reference: string | null
  email: string | null
  phone: string | null
  case?: { id: string } | undefined
}

/**
 * The key a feedback record's customer reference is. Messages from customers' own channels
 * (src/channels) carry the sender as <platform>:<id> on channel social: wechat:<openid> is the
 * follower's openid, another platform's user id an external reference; any other reference is
 * the account number (户号) it has always been read as.
 */
function referenceKeys(
  channel: string,
  reference: string | null,
): Array<[CustomerKeyKind, string | null]> {
  const scoped =
    channel === 'social' && reference ? /^([a-z][a-z0-9_-]{0,31}):(.+)$/.exec(reference) : null
  if (!scoped) return [['account', reference]]
  const [, platform, id] = scoped
  return platform === 'wechat' ? [['openid', id!]] : [['external', reference]]
}

/** Link feedback records (and the cases they opened) to their customers. */
export async function linkFeedbackToCustomers(
  db: Db,
  now: number,
  items: readonly FeedbackToLink[],
): Promise<number> {
  return linkRecords(
    db,
    now,
    items.map((f) => ({
      orgId: f.orgId,
      kind: 'feedback',
      sourceId: f.feedbackId,
      unitId: f.unitId,
      at: f.receivedAt,
      facts: { nps: f.nps, csat: f.csat, channel: f.channel, sentiment: f.sentiment },
      keys: keysFrom([
        ...referenceKeys(f.channel, f.reference),
        ['phone', f.phone],
        ['email', f.email],
      ]),
      ...(f.case
        ? {
            also: {
              kind: 'case' as const,
              sourceId: f.case.id,
              facts: {},
            },
          }
        : {}),
    })),
  )
}

/**
 * Each record in its own transaction (its customer found or created, and its link, land together).
 * Keys and links are inserted with "on conflict do nothing", so two intakes meeting the same new
 * customer at once leave one key each and never fail. Returns how many records were newly linked.
 */
export async function linkRecords(
  db: Db,
  now: number,
  records: readonly RecordToLink[],
): Promise<number> {
  let linked = 0
  for (const record of records) {
    if (record.keys.length === 0) continue
    await db.transaction().execute(async (trx) => {
      const match = await matchOrCreate(
        { db: trx, orgId: record.orgId, actor: CUSTOMER_SYSTEM_ACTOR, now },
        record.keys,
        { unitId: record.unitId, source: record.kind },
      )
      if (!match) return
      const rows = [record, ...(record.also ? [{ ...record, ...record.also }] : [])].map((r) => ({
        id: newId(now),
        org_id: record.orgId,
        customer_id: match.customerId,
        kind: r.kind,
        source_id: r.sourceId,
        unit_id: record.unitId,
        occurred_at: record.at,
        facts: JSON.stringify(r.facts),
      }))
      linked += await insertLinks(trx, rows)
    })
  }
  return linked
}

/** A feedback record as the feedback store prepared it (the columns this link reads). */
interface PreparedRecord {
  values: {
    org_id: string
    unit_id?: string | null | undefined
    received_at: number
    channel: string
    nps?: number | null | undefined
    csat?: number | null | undefined
    customer_ref?: string | null | undefined
    customer_email?: string | null | undefined
    customer_phone?: string | null | undefined
  }
  analysis: { sentiment: 'positive' | 'neutral' | 'negative' }
}

/**
 * The feedback store's call: the records of a batch just stored (`results` in the same order),
 * the new ones linked with their sentiment and the case each opened.
 */
export function linkStoredFeedback(
  db: Db,
  now: number,
  prepared: readonly PreparedRecord[],
  results: ReadonlyArray<{ id: string; caseId: string | null; created: boolean }>,
): Promise<number> {
  return linkFeedbackToCustomers(
    db,
    now,
    results.flatMap((r, i) => {
      const item = prepared[i]
      if (!r.created || !item) return []
      const v = item.values
      return [
        {
          orgId: v.org_id,
          feedbackId: r.id,
          unitId: v.unit_id ?? null,
          receivedAt: v.received_at,
          channel: v.channel,
          nps: v.nps ?? null,
          csat: v.csat ?? null,
          sentiment: item.analysis.sentiment,
          reference: v.customer_ref ?? null,
          email: v.customer_email ?? null,
          phone: v.customer_phone ?? null,
          case: r.caseId ? { id: r.caseId } : undefined,
        },
      ]
    }),
  )
}

/**
 * The survey intake's call: a batch of stored answers and the contacts of their invitations;
 * pilot answers (someone trying the survey out) are left alone.
 */
export function linkStoredAnswers(
  db: Db,
  now: number,
  answers: ReadonlyArray<
    Omit<AnswerToLink, 'contact'> & { invitationId: string | null; qualityFlags: readonly string[] }
  >,
  contacts: ReadonlyMap<string, { email: string | null; phone: string | null }>,
): Promise<number> {
  return linkAnswersToCustomers(
    db,
    now,
    answers
      .filter((a) => !a.qualityFlags.includes('pilot'))
      .map((a) => ({ ...a, contact: a.invitationId ? contacts.get(a.invitationId) : undefined })),
  )
}

/** The customers domain's normalisation of a key (phone, e-mail …), for other domains' matching. */
export { normaliseKey } from './customer-keys.js'
