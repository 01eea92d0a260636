import { randomInt } from 'node:crypto'
import { generate, generateSecret, generateURI, verify } from 'otplib'

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps (otplib's defaults). */
const STEP_SECONDS = 30
/** One step of clock drift either way between the phone and the server. */
const TOLERANCE_SECONDS = STEP_SECONDS

export const TOTP_ISSUER = 'Manyi 满意'
export const RECOVERY_CODE_COUNT = 10

/** A new base32 secret of 160 bits (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 })
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label, secret })
}

/**
 * The time step of `code` when it is right at `now` (ms) within one step of drift and later than
 * `afterStep` (the last accepted one: a code is never accepted twice); null otherwise.
 */
export async function acceptedTotpStep(
  secret: string,
  code: string,
  now: number,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  })
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/** The code an authenticator shows at `now` (ms): for tests and the stand-in authenticator. */
export function totpCodeAt(secret: string, now: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(now / 1000) })
}

/** Recovery codes read aloud and typed easily: 10 characters without 0/O, 1/I/L, as xxxxx-xxxxx. */
const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = ''
    for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

/** A typed recovery code as stored: lower case, without spaces or dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '')
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code))
}
