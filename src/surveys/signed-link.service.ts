import { z } from 'zod'
import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { organisationLinkSecret, signLinkToken } from './signed-link.js'
import { IsoDateTime } from './survey.schema.js'
import { getSurvey } from './survey.service.js'

export const SignedLinkInputSchema = z.object({
  fields: z
    .record(z.string(), z.string().max(200))
    .refine((f) => Object.keys(f).length > 0, 'needs at least one field'),
  /** After this time the link no longer counts. */
  expiresAt: IsoDateTime.optional(),
})

/** A signed token for one respondent's link, for systems that would rather ask than sign themselves. */
export async function createSignedLinkToken(
  scope: Scope,
  surveyId: string,
  input: unknown,
): Promise<{ token: string; slug: string }> {
  requirePermission(scope.actor, 'surveys:write')
  const parsed = parseInput(SignedLinkInputSchema, input, 'signed link')
  const survey = await getSurvey(scope, surveyId)
  const unknown = Object.keys(parsed.fields).filter(
    (f) => !survey.settings.hiddenFields.includes(f),
  )
  if (unknown.length > 0) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      'Only declared hidden fields can be signed.',
      unknown.map((f) => ({
        path: `fields.${f}`,
        reason: 'not a hidden field of this survey',
        allowed: survey.settings.hiddenFields.join(', '),
      })),
    )
  }
  const exp = parsed.expiresAt ? Math.floor(Date.parse(parsed.expiresAt) / 1000) : undefined
  const token = signLinkToken(await organisationLinkSecret(scope), {
    fields: parsed.fields,
    ...(exp ? { exp } : {}),
  })
  return { token, slug: survey.slug }
}

/** The key an organisation's own systems sign links with (administrators only; audited). */
export async function revealLinkSecret(
  scope: Scope,
): Promise<{ secret: string; algorithm: string }> {
  requirePermission(scope.actor, 'tokens:write')
  const secret = await organisationLinkSecret(scope)
  await recordAudit(scope.db, scope, {
    action: 'link_secret.read',
    entity: 'organisation',
    entityId: scope.orgId,
  })
  return {
    secret,
    algorithm:
      'token = base64url(JSON {fields, exp?}) + "." + base64url(HMAC-SHA256(secret, that base64url text))',
  }
}

// What the answering domains (responses, feedback) use of signed links: the organisation's link
// secret and the check of a link's token.
export { organisationLinkSecret, verifyLinkToken, type LinkSecretCache } from './signed-link.js'
