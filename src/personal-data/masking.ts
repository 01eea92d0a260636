// Masked forms of personal values, for readers without `personal-data:read`: enough to tell two
// customers apart on the phone ("the one ending 5678"), never enough to contact them.

/** Which personal field a value is. */
export type PersonalField = 'phone' | 'email' | 'name' | 'address'

export const PERSONAL_FIELDS: readonly PersonalField[] = ['phone', 'email', 'name', 'address']

/** 13800005678 (+86 too) → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const value = phone.trim()
  const all = value.replace(/\D/g, '')
  const digits = /^(0086|86)1\d{10}$/.test(all) ? all.slice(all.length - 11) : all
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length >= 7) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
  return `${'*'.repeat(Math.max(digits.length - 2, 2))}${digits.slice(-2)}`
}

/** zhang.san@example.com → z***@example.com; the domain stays, the local part keeps one letter. */
export function maskEmail(email: string): string {
  const value = email.trim()
  const at = value.lastIndexOf('@')
  if (at <= 0) return '***'
  return `${Array.from(value.slice(0, at))[0]}***${value.slice(at)}`
}

/**
 * 张三 → 张*, 欧阳娜娜 → 欧***; John Smith → J*** Smith (the given name hidden, the family name
 * kept, as on a receipt); a single Latin word keeps its first letter.
 */
export function maskName(name: string): string {
  const value = name.trim()
  if (value === '') return ''
  const words = value.split(/\s+/)
  if (words.length > 1) return `${Array.from(words[0]!)[0]}*** ${words.slice(1).join(' ')}`
  const chars = Array.from(value)
  if (/^\p{Script=Han}/u.test(value)) return `${chars[0]}${'*'.repeat(chars.length - 1 || 1)}`
  return `${chars[0]}***`
}

/**
 * 上海市浦东新区世纪大道100号 → 上海市浦东新区****; Latin addresses keep their last
 * comma-separated part (the city or country): 12 Baker Street, London → ****, London.
 */
export function maskAddress(address: string): string {
  const value = address.trim()
  if (value === '') return ''
  const latin = value.split(/\s*,\s*/)
  if (latin.length > 1) return `****, ${latin[latin.length - 1]}`
  const region =
    /^(.+?(?:省|自治区|市))?(.+?(?:市|州|盟))?(.+?(?:区|县|旗))?/u.exec(value)?.[0] ?? ''
  return region && region !== value ? `${region}****` : '****'
}

/** The masked form of a value of `field`; null stays null. */
export function maskPersonal(field: PersonalField, value: string | null): string | null {
  if (value === null) return null
  switch (field) {
    case 'phone':
      return maskPhone(value)
    case 'email':
      return maskEmail(value)
    case 'name':
      return maskName(value)
    case 'address':
      return maskAddress(value)
  }
}
