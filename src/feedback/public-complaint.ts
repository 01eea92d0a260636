import { createHmac, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { PUBLIC_FORM_KEY } from '../cases/case-config.schema.js'
import {
  caseNumber,
  loadCaseConfig,
  SYSTEM_ACTOR,
  type CaseConfigCache,
} from '../cases/case-intake.service.js'
import {
  caseStatusKeyOf,
  findCaseSummaryFields,
  orgIdByPublicFormKey,
} from '../cases/case-lookup.service.js'
import type { Store } from '../db/connect.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { type LinkSecretCache, organisationLinkSecret } from '../surveys/signed-link.service.js'
import { PHONE } from '../surveys/survey.schema.js'
import { findOrganisation } from '../organisations/organisation.service.js'
import { unitByCode } from '../units/unit.service.js'
import type { NewFeedback } from './feedback.repository.js'
import { storeFeedbackBatch } from './feedback-store.js'
import { feedbackUnitId, unknownUnitCode } from './feedback-unit.js'

/**
 * The public complaint form: no login, so it is guarded against spam without
 * bothering people — a rate limit per address (route), a field people never
 * see but bots fill in, a signed "form shown at" time that must be at least
 * a few seconds old, and a cap on links in the text.
 */

export const MIN_FILL_MS = 3000
const MAX_LINKS = 3

/**
 * Complaints may be anonymous: consent to keep contact details is asked only of those who
 * leave some (a name, phone or e-mail), never of someone who just describes what happened.
 */
export const ComplaintFormSchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(5, 'please describe what happened (at least 5 characters)')
      .max(5000),
    name: z.string().trim().max(100).optional().or(z.literal('')),
    phone: z.string().trim().regex(PHONE, 'is not a phone number').optional().or(z.literal('')),
    email: z
      .string()
      .trim()
      .email('is not an e-mail address')
      .max(254)
      .optional()
      .or(z.literal('')),
    store: z.string().trim().max(100).optional().or(z.literal('')),
    /** The unit's code from a per-unit form link (/complain/<key>?unit=CODE). */
    unit: z.string().trim().max(64).optional().or(z.literal('')),
    consent: z.literal('true').optional(),
    shownAt: z.string(),
    website: z.string().max(0, 'must be empty').optional().or(z.literal('')),
  })
  .superRefine((form, ctx) => {
    if ((form.name || form.phone || form.email) && form.consent !== 'true')
      ctx.addIssue({
        code: 'custom',
        path: ['consent'],
        message:
          'with contact details, please agree that we keep them to handle the complaint (or leave them out)',
      })
  })

interface FormOrg {
  orgId: string
  orgName: string
  secret: string
}

/** `linkSecrets`: the app's cache of link secrets (the form is public and may be busy). */
export async function findComplaintForm(
  store: Store,
  key: string,
  linkSecrets?: LinkSecretCache,
): Promise<FormOrg> {
  const notFound = new NotFoundError('FORM_NOT_FOUND', 'No complaint form at this address.', [
    { path: 'key', reason: 'unknown form' },
  ])
  if (!PUBLIC_FORM_KEY.test(key)) throw notFound
  // The key column is unique (migration 0008): at most one organisation owns an address.
  const orgId = await orgIdByPublicFormKey(store.db, key)
  const org = orgId === undefined ? undefined : await findOrganisation({ db: store.db, orgId })
  if (!org) throw notFound
  return {
    orgId: org.id,
    orgName: org.name,
    secret: await organisationLinkSecret({ db: store.db, orgId: org.id }, linkSecrets),
  }
}

/**
 * "shownAt.nonce.signature": when the form was shown, so fill time can be
 * checked without trusting the client, and a random nonce naming this copy of
 * the form, so sending it twice (a double click, a retry after a network
 * error) files one complaint, not two.
 */
export function signShownAt(
  secret: string,
  key: string,
  shownAt: number,
  nonce = randomBytes(12).toString('base64url'),
): string {
  return `${shownAt}.${nonce}.${createHmac('sha256', secret).update(`complaint:${key}:${shownAt}:${nonce}`).digest('base64url')}`
}

function shownAtOf(
  secret: string,
  key: string,
  token: string,
): { shownAt: number; nonce: string } | null {
  const [time, nonce] = token.split('.')
  const shownAt = Number(time)
  return Number.isFinite(shownAt) && nonce && signShownAt(secret, key, shownAt, nonce) === token
    ? { shownAt, nonce }
    : null
}

/** The unit a per-unit form link names (closed units too: a printed poster outlives a closure). */
export interface ComplaintFormUnit {
  code: string
  nameZh: string
  nameEn: string | null
}

/** The unit of a per-unit form link (`?unit=CODE`); a code no unit has is UNIT_NOT_FOUND. */
export async function findComplaintFormUnit(
  store: Store,
  orgId: string,
  code: string,
): Promise<ComplaintFormUnit> {
  const unit = await unitByCode({ db: store.db, orgId }, code.trim())
  if (!unit) throw unknownUnitCode(code.trim())
  return { code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn }
}

export interface ComplaintReceipt {
  caseNumber: string | null
  firstResponseDue: number | null
  /** The business calendar's time zone, to show the deadline in. */
  timezone: string
  /** With the case number, opens the case's status on the public lookup page; null without a case. */
  statusKey: string | null
}

/**
 * `caches`: the app's caches of case configurations and link secrets (this form is public and
 * may be busy).
 */
export async function submitComplaint(
  store: Store,
  key: string,
  body: unknown,
  now: number,
  caches: { caseConfigs?: CaseConfigCache; linkSecrets?: LinkSecretCache } = {},
): Promise<ComplaintReceipt> {
  const { caseConfigs, linkSecrets } = caches
  const form = await findComplaintForm(store, key, linkSecrets)
  const input = parseInput(ComplaintFormSchema, body, 'complaint')
  const shown = shownAtOf(form.secret, key, input.shownAt)
  const links = (input.text.match(/https?:\/\//gi) ?? []).length
  if (input.website || shown === null || now - shown.shownAt < MIN_FILL_MS || links > MAX_LINKS) {
    throw new ValidationError(
      'COMPLAINT_REJECTED',
      'The form could not be accepted. Please wait a moment and send it again.',
      [
        {
          path: 'form',
          reason: 'looks automated (sent too fast, a hidden field filled in, or too many links)',
        },
      ],
    )
  }
  // Loaded once: the case is opened with it and the receipt's time zone is its calendar's.
  const config = await loadCaseConfig({ db: store.db, orgId: form.orgId, now }, caseConfigs)
  const values: NewFeedback = {
    org_id: form.orgId,
    channel: 'web',
    kind: 'complaint',
    text: input.text,
    rating: null,
    nps: null,
    csat: null,
    customer_ref: null,
    customer_name: input.name || null,
    customer_email: input.email?.toLowerCase() || null,
    customer_phone: input.phone || null,
    store: input.store || null,
    unit_id: await feedbackUnitId({ db: store.db, orgId: form.orgId }, input.unit, input.store),
    department: null,
    survey_id: null,
    response_id: null,
    external_id: `form:${shown.nonce}`,
    created_by: 'public:web',
    received_at: now,
  }
  const [stored] = await storeFeedbackBatch(
    store.db,
    [{ values, attachments: [], config }],
    SYSTEM_ACTOR,
    now,
  )
  const { timezone } = config.calendar
  // A new complaint's case is as it was just opened; a repeat (the same form sent twice) names the first one's.
  const opened = stored!.opened
    ? {
        number: caseNumber(stored!.opened.number),
        firstResponseDue: stored!.opened.firstResponseDue,
      }
    : stored!.caseId === null
      ? undefined
      : await findCaseSummaryFields({ db: store.db, orgId: form.orgId }, stored!.caseId)
  if (!opened) return { caseNumber: null, firstResponseDue: null, timezone, statusKey: null }
  return {
    caseNumber: opened.number,
    firstResponseDue: opened.firstResponseDue,
    timezone,
    statusKey: caseStatusKeyOf(form.secret, stored!.caseId!),
  }
}
