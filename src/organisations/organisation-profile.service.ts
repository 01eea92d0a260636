import { createHash } from 'node:crypto'
import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { isValidTimeZone } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { findOrganisation, firstOrganisation } from './organisation.service.js'
import type { OrganisationSettingsSchema } from './organisation-profile.schema.js'
import {
  findLogoRecord,
  findPageBrandRecord,
  findProfileRecord,
  updateBranding,
  updateNameAndZone,
} from './organisation-profile.repository.js'

/**
 * An organisation as its customers see it: its chosen name (the first start names it with a
 * placeholder that the administrator's first sign-in replaces) and its branding on the
 * respondent pages — a colour and a logo.
 */

/** The name a new installation starts with until its administrator chooses one. */
export const PLACEHOLDER_NAME = '我的组织'

/** `#rrggbb` only: the colour is written into the pages' style sheet, so nothing else may pass. */
export const BRAND_COLOR = /^#[0-9a-f]{6}$/i
/** Logos are shown on every respondent page: small raster images (SVG can carry scripts). */
export const MAX_LOGO_BYTES = 200 * 1024
const LOGO_SIGNATURES = {
  'image/png': (b: Buffer) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  'image/jpeg': (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b: Buffer) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
} as const
export const LOGO_TYPES = Object.keys(LOGO_SIGNATURES) as Array<keyof typeof LOGO_SIGNATURES>

export const OrganisationNameSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  timezone: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai')
    .optional(),
})

/** What the instance's operator changes of an organisation: its name, its time zone, or both. */
export const OrganisationConfigurationSchema = OrganisationNameSchema.partial().refine(
  (v) => v.name !== undefined || v.timezone !== undefined,
  'name or timezone is needed',
)

export const BrandingSchema = z.object({
  color: z.string().regex(BRAND_COLOR, 'must be a colour as #rrggbb').nullable(),
  /** Left out: the logo stays; null: removed; else a new one, its bytes in base64. */
  logo: z
    .object({
      type: z.enum(LOGO_TYPES, 'must be a PNG, JPEG or WebP image'),
      data: z.base64('must be the image in base64').max(Math.ceil(MAX_LOGO_BYTES / 3) * 4 + 4, {
        message: `must be at most ${MAX_LOGO_BYTES / 1024} KB`,
      }),
    })
    .nullable()
    .optional(),
})

export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>
/** The colour and where the logo is served (its version in the address), or null without one. */
export type Branding = OrganisationSettings['branding']

const logoUrl = (orgId: string, version: string | null) =>
  version ? `/s/brand/${orgId}/logo?v=${version}` : null

export async function organisationSettings(
  scope: Pick<Scope, 'db' | 'orgId'>,
): Promise<OrganisationSettings> {
  const organisation = await findOrganisation(scope)
  if (!organisation) throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No such organisation.')
  const profile = await findProfileRecord(scope.db, scope.orgId)
  return {
    name: organisation.name,
    timezone: organisation.timezone,
    named: profile?.namedAt != null,
    branding: {
      color: profile?.brandColor ?? null,
      logoUrl: logoUrl(scope.orgId, profile?.logoVersion ?? null),
    },
  }
}

/** The administrator names the organisation (first sign-in, settings) and may set its time zone. */
export async function nameOrganisation(
  scope: Scope,
  input: unknown,
): Promise<OrganisationSettings> {
  requirePermission(scope.actor, 'organisation:write')
  const values = parseInput(OrganisationNameSchema, input, 'organisation')
  await scope.db.transaction().execute(async (trx) => {
    await updateNameAndZone(trx, scope.orgId, values, scope.now)
    await recordAudit(trx, scope, {
      action: 'organisation.rename',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: values,
    })
  })
  return organisationSettings(scope)
}

/**
 * Set an organisation's name and/or time zone for the instance's operator (src/auth/operator.ts
 * checks who; `db` may be their transaction). A name set here counts as chosen.
 */
export async function configureOrganisation(
  db: Db,
  orgId: string,
  values: { name?: string; timezone?: string },
  now: number,
): Promise<void> {
  await updateNameAndZone(db, orgId, values, now)
}

/**
 * The name given when the server starts (`manyi serve --org-name`, MANYI_ORG_NAME): the
 * first organisation takes it unless an administrator has named it already.
 */
export async function nameFirstOrganisationAtStart(
  db: Db,
  name: string,
  now: number,
): Promise<boolean> {
  const { name: chosen } = parseInput(OrganisationNameSchema, { name }, 'organisation name')
  const orgId = await firstOrganisation(db)
  if (!orgId) return false
  const profile = await findProfileRecord(db, orgId)
  if (profile?.namedAt != null) return false
  await updateNameAndZone(db, orgId, { name: chosen }, now)
  return true
}

export async function setBranding(scope: Scope, input: unknown): Promise<OrganisationSettings> {
  requirePermission(scope.actor, 'organisation:write')
  const values = parseInput(BrandingSchema, input, 'branding')
  let logo: { data: Buffer; type: string; version: string } | null | undefined
  if (values.logo) {
    const data = Buffer.from(values.logo.data, 'base64')
    if (data.length > MAX_LOGO_BYTES)
      throw new ValidationError('VALIDATION_FAILED', 'The logo is too large.', [
        { path: 'logo.data', reason: `must be at most ${MAX_LOGO_BYTES / 1024} KB` },
      ])
    // The declared type must be what the bytes are: the logo is served with that type.
    if (!LOGO_SIGNATURES[values.logo.type](data))
      throw new ValidationError('VALIDATION_FAILED', 'The logo is not the image it claims.', [
        { path: 'logo.data', reason: `is not a ${values.logo.type} image` },
      ])
    const version = createHash('sha256').update(data).digest('base64url').slice(0, 16)
    logo = { data, type: values.logo.type, version }
  } else logo = values.logo
  await scope.db.transaction().execute(async (trx) => {
    await updateBranding(trx, scope.orgId, { brandColor: values.color, logo }, scope.now)
    await recordAudit(trx, scope, {
      action: 'organisation.branding',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { color: values.color, logo: logo === undefined ? 'kept' : logo ? 'set' : 'removed' },
    })
  })
  return organisationSettings(scope)
}

/**
 * What a respondent page shows of the organisation: its colour, where its logo is (no logo bytes:
 * the page links to them) and its name, the logo's text alternative.
 */
export async function pageBranding(scope: OrgScope): Promise<Branding & { name: string }> {
  const brand = await findPageBrandRecord(scope.db, scope.orgId)
  return {
    color: brand?.brandColor ?? null,
    logoUrl: logoUrl(scope.orgId, brand?.logoVersion ?? null),
    name: brand?.name ?? '',
  }
}

/** The organisation's logo bytes, for the public pages that link to them. */
export async function brandLogo(scope: OrgScope) {
  return findLogoRecord(scope.db, scope.orgId)
}
