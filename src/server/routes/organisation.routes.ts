import type { FastifyInstance } from 'fastify'
import { OrganisationSettingsSchema } from '../../organisations/organisation-profile.schema.js'
import {
  BrandingSchema,
  MAX_LOGO_BYTES,
  nameOrganisation,
  OrganisationNameSchema,
  organisationSettings,
  setBranding,
} from '../../organisations/organisation-profile.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const tags = ['organisation']

/** The organisation's name, time zone and branding (administrators change them). */
export function organisationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/organisation',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary: 'The organisation’s name, time zone and branding',
        description:
          '`named` is false while the name is the placeholder of a new installation: the admin app then asks its administrator for it.',
        response: { 200: OrganisationSettingsSchema },
      },
    },
    async (request) => organisationSettings(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/organisation',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary: 'Name the organisation and set its time zone (administrators)',
        description: 'Customers see the name on the complaint form and in invitations.',
        body: OrganisationNameSchema,
        response: { 200: OrganisationSettingsSchema },
      },
    },
    async (request) => nameOrganisation(scopeOf(deps, request), request.body),
  )

  app.put(
    '/api/v1/organisation/branding',
    {
      config: { permission: 'organisation:write' },
      // A logo in base64 is a third larger than its bytes.
      bodyLimit: Math.ceil(MAX_LOGO_BYTES / 3) * 4 + 16 * 1024,
      schema: {
        tags,
        summary: 'The colour and logo on respondent pages (administrators)',
        description: `\`color\` as #rrggbb or null; \`logo\` left out keeps it, null removes it, else a PNG, JPEG or WebP of at most ${MAX_LOGO_BYTES / 1024} KB in base64 (its bytes must be of the type given).`,
        body: BrandingSchema,
        response: { 200: OrganisationSettingsSchema },
      },
    },
    async (request) => setBranding(scopeOf(deps, request), request.body),
  )
}
