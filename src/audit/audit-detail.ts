/**
 * What an audit entry may keep of a write's detail: ids, codes, counts and settings, never a
 * person's e-mail, phone, name or address, so erasing a person leaves nothing of them in the log
 * (the entry's object id says whom it was about). Applied to every entry in `recordAudit`, so a
 * caller that passes a personal value by mistake still stores none: keys that name personal data
 * are dropped, and any other text that reads as an e-mail address or a phone number is replaced.
 */

const PERSONAL_KEYS = new Set(
  [
    'email',
    'e_mail',
    'phone',
    'mobile',
    'tel',
    'telephone',
    'displayname',
    'display_name',
    'fullname',
    'full_name',
    'realname',
    'customername',
    'contactname',
    'personname',
    'postaladdress',
    'homeaddress',
    'idnumber',
    'password',
  ].map((k) => k.toLowerCase()),
)

const EMAIL = /[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+/g
/** Mainland mobile numbers (optionally +86) and landlines written with an area code. */
const PHONE =
  /(?<![\d])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])|(?<![\d])0\d{2,3}-\d{7,8}(?![\d])/g

export const REMOVED = '[removed]'

function scrubText(text: string): string {
  return text.replace(EMAIL, REMOVED).replace(PHONE, REMOVED)
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value)
  if (Array.isArray(value)) return value.map(scrubValue)
  if (value !== null && typeof value === 'object')
    return withoutPersonalValues(value as Record<string, unknown>)
  return value
}

/** The detail without personal values (a new object; the argument is not changed). */
export function withoutPersonalValues(detail: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(detail)) {
    if (PERSONAL_KEYS.has(key.toLowerCase())) continue
    kept[key] = scrubValue(value)
  }
  return kept
}
