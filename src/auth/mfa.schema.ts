import { z } from 'zod'
import { IsoTimeSchema } from '../shared/wire-schema.js'

/** Two-factor sign-in and sessions: requests and answers. Browser-safe: the admin app infers its types here. */

/** A six-digit authenticator code or a recovery code (xxxxx-xxxxx). */
export const MfaCodeBodySchema = z.object({ code: z.string().trim().min(6).max(20) })

export const MfaLoginBodySchema = z.object({
  challenge: z.string().min(10).max(100),
  code: z.string().trim().min(6).max(20),
})

export const MfaChallengeBodySchema = z.object({ challenge: z.string().min(10).max(100) })

/** The password was right and a second factor is needed: no session yet. */
export const MfaChallengeAnswerSchema = z.object({
  mfaRequired: z.literal(true),
  challenge: z.string(),
  /** The organisation requires two-factor sign-in and the person has no authenticator yet. */
  enrolRequired: z.boolean(),
})

export const TotpEnrolmentSchema = z.object({
  /** Base32, for typing into the app when the QR code cannot be scanned. Shown once. */
  secret: z.string(),
  uri: z.string(),
  /** The URI as an SVG QR code. */
  qrSvg: z.string(),
})

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) })

export const MfaStatusSchema = z.object({
  enrolled: z.boolean(),
  confirmedAt: IsoTimeSchema.nullable(),
  recoveryCodesLeft: z.number().int(),
  required: z.boolean(),
})
export type MfaStatus = z.infer<typeof MfaStatusSchema>

export const SignInPolicySchema = z.object({
  mfaRequired: z.boolean(),
  idleMinutes: z.number().int().min(5).max(1440),
  absoluteHours: z.number().int().min(1).max(720),
})
export type SignInPolicy = z.infer<typeof SignInPolicySchema>

export const SessionSchema = z.object({
  id: z.string(),
  createdAt: IsoTimeSchema,
  lastSeenAt: IsoTimeSchema.nullable(),
  expiresAt: IsoTimeSchema,
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
})
export type SessionInfo = z.infer<typeof SessionSchema>

export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) })
