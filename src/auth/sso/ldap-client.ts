import { Client } from 'ldapts'
import type { OidcClaims } from './oidc-client.js'
import type { LdapSettings } from './sso.schema.js'

/** RFC 4515: a value inside a search filter, with its special characters escaped. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

function firstText(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first === 'string') return first
  return Buffer.isBuffer(first) ? first.toString('utf8') : null
}

function allText(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))
}

/**
 * Search as the service account, then bind as the one entry found with the person's password
 * (ldapts). Null when the login is unknown, ambiguous or the password is wrong — the same for
 * all three, so the answer tells nothing about which.
 */
export async function bindLdapUser(
  settings: LdapSettings,
  serviceSecret: string,
  login: string,
  password: string,
): Promise<OidcClaims | null> {
  const service = new Client({ url: settings.url, timeout: 10_000, connectTimeout: 10_000 })
  let entry: Record<string, unknown> & { dn: string }
  try {
    await service.bind(settings.bindDn, serviceSecret)
    const { searchEntries } = await service.search(settings.searchBase, {
      scope: 'sub',
      filter: settings.searchFilter.replaceAll('{login}', escapeFilterValue(login)),
      // Names asked in lower case (LDAP compares them case-insensitively; ldapjs's server, the
      // tests' directory, answers a mixed-case name such as memberOf without its values).
      attributes: [settings.emailAttribute, settings.nameAttribute, settings.groupsAttribute].map(
        (name) => name.toLowerCase(),
      ),
      sizeLimit: 2,
    })
    if (searchEntries.length !== 1) return null
    entry = searchEntries[0]!
  } finally {
    await service.unbind().catch(() => undefined)
  }
  const person = new Client({ url: settings.url, timeout: 10_000, connectTimeout: 10_000 })
  try {
    await person.bind(entry.dn, password)
  } catch {
    return null
  } finally {
    await person.unbind().catch(() => undefined)
  }
  // Attribute names are case-insensitive in LDAP; servers answer them in their own case.
  const attribute = (name: string) =>
    Object.entries(entry).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
  return {
    subject: entry.dn.toLowerCase(),
    email: firstText(attribute(settings.emailAttribute)),
    name: firstText(attribute(settings.nameAttribute)),
    groups: allText(attribute(settings.groupsAttribute)),
  }
}
