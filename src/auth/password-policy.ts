import { ValidationError, type FieldIssue } from '../shared/errors.js'

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200

/**
 * The most common passwords of at least ten characters in published leak
 * lists (RockYou, the 2011 CSDN leak, yearly "worst passwords" lists), and a
 * few obvious ones for this product. Shorter ones fail the length rule anyway.
 */
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '0987654321',
  '9876543210',
  '1111111111',
  '0000000000',
  '1234512345',
  '1122334455',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'qwertyuiop',
  'qwertyuiop123',
  'asdfghjkl1',
  'zxcvbnm123',
  'zaq12wsx',
  'zaq1zaq1zaq1',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'password!',
  'password1!',
  'password@123',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'password01',
  'iloveyou12',
  'iloveyou123',
  'iloveyou1314',
  'princess123',
  'sunshine123',
  'football123',
  'baseball123',
  'welcome123',
  'welcome1234',
  'welcome@123',
  'letmein123',
  'monkey12345',
  'dragon12345',
  'master12345',
  'abc1234567',
  'abcd123456',
  'abcd1234567',
  'a123456789',
  'a1234567890',
  'aa123456789',
  'abc123456789',
  '123456789a',
  '123456789q',
  '12345678910',
  '123456789abc',
  '1234567890a',
  '1234567890q',
  '123qweasdzxc',
  'qweasdzxc123',
  'qazwsxedc123',
  'admin12345',
  'admin123456',
  'admin@1234',
  'admin@12345',
  'administrator',
  'changeme123',
  'changeme1234',
  'trustno1234',
  'woaini1314',
  'woaini520',
  'woaini123456',
  '5201314520',
  '1314520520',
  '5211314521',
  '1314521521',
  'woaiwojia123',
  'wodemima123',
  'mima123456',
  'manyi123456',
  'manyi12345',
  'manyi@12345',
  'manyi@123456',
  'satisfaction',
  'customer123',
  'superman123',
  'computer123',
])

/** Sequences a password must not just be a run of, forwards or backwards. */
const SEQUENCES = [
  '0123456789012345678901234567890',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnmqwertyuiop',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
]

/** Why a password is too weak, or null when it passes. Shared by every place a password is set. */
export function passwordWeakness(password: string, email?: string): string | null {
  return passwordIssue(password, email)?.reason ?? null
}

type Weakness = Required<Pick<FieldIssue, 'reason' | 'rule'>> & Pick<FieldIssue, 'limit'>

/** The failed rule, in English (`reason`) and as a stable `rule` the admin app words in the user's language. */
function passwordIssue(password: string, email?: string): Weakness | null {
  if (password.length < PASSWORD_MIN)
    return {
      reason: `must be at least ${PASSWORD_MIN} characters`,
      rule: 'password_too_short',
      limit: PASSWORD_MIN,
    }
  if (password.length > PASSWORD_MAX)
    return {
      reason: `must be at most ${PASSWORD_MAX} characters`,
      rule: 'password_too_long',
      limit: PASSWORD_MAX,
    }
  const lower = password.toLowerCase()
  // One character, or a unit of up to three, repeated ("aaaaaaaaaa", "abababab", "123123123").
  if (/^(.{1,3})\1+.{0,2}$/su.test(lower) && new Set(lower).size <= 3)
    return {
      reason: 'must not be one character or a short group repeated',
      rule: 'password_repeated',
    }
  if (SEQUENCES.some((s) => s.includes(lower) || [...s].reverse().join('').includes(lower)))
    return { reason: 'must not be a simple sequence', rule: 'password_sequence' }
  if (email) {
    const address = email.trim().toLowerCase()
    const local = address.split('@')[0] ?? ''
    const letters = (text: string) => text.replace(/[^\p{L}]/gu, '')
    // The address, its name part, or that name with digits and symbols around it ("wang.li2024!").
    if (
      lower.includes(address) ||
      (local.length >= 4 && lower === local) ||
      (letters(local).length >= 4 && letters(lower) === letters(local))
    ) {
      return { reason: 'must not be the e-mail address', rule: 'password_email' }
    }
  }
  if (COMMON.has(lower))
    return { reason: 'is one of the most common passwords', rule: 'password_common' }
  return null
}

/** The policy's complaint about a password as a field issue on `path`, or null when it passes. */
export function passwordFieldIssue(
  password: string,
  email: string | undefined,
  path = 'password',
): FieldIssue | null {
  const issue = passwordIssue(password, email)
  return issue ? { path, ...issue } : null
}

/** Throw PASSWORD_TOO_WEAK with the reason and rule on `path` when the password fails the policy. */
export function assertStrongPassword(
  password: string,
  email: string | undefined,
  path = 'password',
): void {
  const issue = passwordFieldIssue(password, email, path)
  if (issue) {
    throw new ValidationError(
      'PASSWORD_TOO_WEAK',
      `The password is too weak: it ${issue.reason}.`,
      [issue],
    )
  }
}
