import type { z } from 'zod'
import type {
  MfaChallengeAnswerSchema,
  MfaStatusSchema,
  SessionSchema,
  SignInPolicySchema,
  TotpEnrolmentSchema,
} from '../../../src/auth/mfa.schema'
import type { SsoProviderSchema } from '../../../src/auth/sso/sso.schema'
import { api } from './client'
import type { LoginAnswer } from './types'

/** Two-factor sign-in, sessions and the sign-in policy (docs/sign-in.md). */

export type MfaStatus = z.infer<typeof MfaStatusSchema>
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>
export type SessionInfo = z.infer<typeof SessionSchema>
export type SignInPolicy = z.infer<typeof SignInPolicySchema>
export type MfaChallengeAnswer = z.infer<typeof MfaChallengeAnswerSchema>

/** The password step: signed in, or a second factor is needed. */
export const signIn = (email: string, password: string) =>
  api<LoginAnswer | MfaChallengeAnswer>('POST', '/auth/login', { email, password })

export const signInSecondStep = (challenge: string, code: string) =>
  api<LoginAnswer & { recoveryCodes?: string[] }>('POST', '/auth/login/mfa', { challenge, code })

export const enrolAtSignIn = (challenge: string) =>
  api<TotpEnrolment>('POST', '/auth/login/mfa/enrol', { challenge })

export const fetchMfaStatus = () => api<MfaStatus>('GET', '/auth/mfa')
export const startEnrolment = () => api<TotpEnrolment>('POST', '/auth/mfa/totp')
export const confirmEnrolment = (code: string) =>
  api<{ recoveryCodes: string[] }>('POST', '/auth/mfa/totp/confirm', { code })
export const disableMfa = (code: string) =>
  api<{ ok: true }>('POST', '/auth/mfa/totp/disable', { code })
export const renewRecoveryCodes = (code: string) =>
  api<{ recoveryCodes: string[] }>('POST', '/auth/mfa/recovery-codes', { code })

export const fetchSessions = () =>
  api<{ sessions: SessionInfo[] }>('GET', '/auth/sessions').then((r) => r.sessions)
export const endSession = (id: string) => api<void>('DELETE', `/auth/sessions/${id}`)

export const fetchSignInPolicy = () => api<SignInPolicy>('GET', '/auth/sign-in-policy')
export const saveSignInPolicy = (policy: SignInPolicy) =>
  api<SignInPolicy>('PUT', '/auth/sign-in-policy', policy)

export interface SignInButton {
  id: string
  kind: string
  name: string
}

/** The organisation's single sign-on providers, for the login page (no sign-in needed). */
export const fetchSignInButtons = (org: string) =>
  api<{ providers: SignInButton[] }>('GET', `/auth/login/sso?org=${encodeURIComponent(org)}`).then(
    (r) => r.providers,
  )

/** Where the browser goes to sign in at a provider (a full page navigation, not a fetch). */
export const ssoStartUrl = (providerId: string) => `/sso/${encodeURIComponent(providerId)}/start`

/** A directory (LDAP/AD) login and password: signed in, or a second factor is needed. */
export const signInWithDirectory = (providerId: string, login: string, password: string) =>
  api<LoginAnswer | MfaChallengeAnswer>('POST', '/auth/login/ldap', { providerId, login, password })

export type SsoProvider = z.infer<typeof SsoProviderSchema>

export const fetchSsoProviders = () =>
  api<{ providers: SsoProvider[] }>('GET', '/sso-providers').then((r) => r.providers)
export const createSsoProvider = (body: unknown) => api<SsoProvider>('POST', '/sso-providers', body)
