import type { z } from 'zod'
import type { OutboundChannelsSchema } from '../../../src/distribution/distribution.schema'
import type { OrganisationSettingsSchema } from '../../../src/organisations/organisation-profile.schema'
import { api } from './client'

/** The organisation's name, time zone and branding on respondent pages (src/server/routes/organisation.routes.ts). */
export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>
export type OutboundChannels = z.infer<typeof OutboundChannelsSchema>

export const fetchOrganisation = () => api<OrganisationSettings>('GET', '/organisation')
export const nameOrganisation = (input: { name: string; timezone?: string }) =>
  api<OrganisationSettings>('PUT', '/organisation', input)
export const setBranding = (input: {
  color: string | null
  logo?: { type: string; data: string } | null
}) => api<OrganisationSettings>('PUT', '/organisation/branding', input)
export const fetchOutboundChannels = () => api<OutboundChannels>('GET', '/outbound-channels')

/** Logos the server takes (organisation-profile.service.ts): raster images of at most 200 KB. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp']
export const MAX_LOGO_BYTES = 200 * 1024

/** Every IANA time zone the browser knows, the organisation's first. */
export function timeZoneOptions(current?: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function'
      ? Intl.supportedValuesOf('timeZone')
      : ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'America/New_York']
  return current && !all.includes(current) ? [current, ...all] : all
}
