import { z } from 'zod'

/** The organisation's settings as the API answers them (organisation-profile.service.ts). */
export const OrganisationSettingsSchema = z.object({
  name: z.string(),
  timezone: z.string(),
  named: z.boolean().describe('false: the name is still the placeholder of a new installation'),
  branding: z.object({
    color: z.string().nullable().describe('#rrggbb, or null for the default blue'),
    logoUrl: z.string().nullable().describe('where respondent pages load the logo from'),
  }),
})
