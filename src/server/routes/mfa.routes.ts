import type { FastifyInstance } from 'fastify'
import { authenticateSession } from '../../auth/auth.service.js'
import { LoginAnswerSchema, OkSchema } from '../../auth/auth.schema.js'
import { completeSecondFactor, startEnrolmentAtSignIn } from '../../auth/mfa-login.service.js'
import {
  MfaStatusSchema,
  RecoveryCodesSchema,
  SignInPolicySchema,
  TotpEnrolmentSchema,
  MfaChallengeBodySchema,
  MfaCodeBodySchema,
  MfaLoginBodySchema,
} from '../../auth/mfa.schema.js'
import {
  confirmOwnEnrolment,
  disableTotp,
  mfaStatus,
  renewRecoveryCodes,
  startOwnEnrolment,
} from '../../auth/mfa.service.js'
import { readSignInPolicy, updateSignInPolicy } from '../../auth/session-policy.service.js'
import { UnauthorizedError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'
import { scopeOf, setSessionCookie } from '../plugins/auth.js'
import { surveyQrCode } from '../qr-code.js'

const SecondStepAnswerSchema = LoginAnswerSchema.extend({
  recoveryCodes: RecoveryCodesSchema.shape.recoveryCodes.optional(),
})

async function withQr(enrolment: { secret: string; uri: string }) {
  const qr = await surveyQrCode(enrolment.uri, 'svg')
  return { ...enrolment, qrSvg: String(qr.body) }
}

/** Two-factor sign-in: the sign-in's second step, one's own authenticator, the organisation's policy. */
export function mfaRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Under /api/v1/auth/login, so the auth hook lets them through: the caller has no session yet.
  app.post(
    '/api/v1/auth/login/mfa',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second step of signing in: the challenge from /auth/login and a code',
        description:
          'The code is the authenticator’s six digits or an unused recovery code; during enrolment at sign-in, the new authenticator’s first code ' +
          '(the answer then carries the ten recovery codes, shown once). Sets the session cookie.',
        body: MfaLoginBodySchema,
        response: { 200: SecondStepAnswerSchema },
      },
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const now = deps.clock()
      const result = await completeSecondFactor(deps.store.db, request.body, now, {
        address: request.ip,
        userAgent: request.headers['user-agent'],
      })
      const principal = await authenticateSession(deps.store.db, result.sessionSecret, now)
      if (!principal?.user) throw new UnauthorizedError('UNAUTHENTICATED', 'Sign in again.')
      setSessionCookie(deps, reply, result.sessionSecret)
      return {
        user: principal.user,
        role: principal.actor.role,
        ...(result.recoveryCodes ? { recoveryCodes: result.recoveryCodes } : {}),
      }
    },
  )

  app.post(
    '/api/v1/auth/login/mfa/enrol',
    {
      schema: {
        tags: ['auth'],
        summary: 'Enrol an authenticator at sign-in, when the organisation requires one',
        body: MfaChallengeBodySchema,
        response: { 200: TotpEnrolmentSchema },
      },
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) =>
      withQr(await startEnrolmentAtSignIn(deps.store.db, request.body, deps.clock())),
  )

  app.get(
    '/api/v1/auth/mfa',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether one’s two-factor sign-in is on, and whether the organisation requires it',
        response: { 200: MfaStatusSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => mfaStatus(scopeOf(deps, request)),
  )

  app.post(
    '/api/v1/auth/mfa/totp',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Start enrolling an authenticator: the secret, otpauth URI and QR code (shown once)',
        response: { 200: TotpEnrolmentSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => withQr(await startOwnEnrolment(scopeOf(deps, request))),
  )

  app.post(
    '/api/v1/auth/mfa/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator with a code; answers ten recovery codes (shown once)',
        body: MfaCodeBodySchema,
        response: { 200: RecoveryCodesSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => ({
      recoveryCodes: await confirmOwnEnrolment(scopeOf(deps, request), request.body),
    }),
  )

  app.post(
    '/api/v1/auth/mfa/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in off, with a current code or a recovery code',
        body: MfaCodeBodySchema,
        response: { 200: OkSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => {
      await disableTotp(scopeOf(deps, request), request.body)
      return { ok: true as const }
    },
  )

  app.post(
    '/api/v1/auth/mfa/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Ten new recovery codes in place of the old ones (needs a code)',
        body: MfaCodeBodySchema,
        response: { 200: RecoveryCodesSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => ({
      recoveryCodes: await renewRecoveryCodes(scopeOf(deps, request), request.body),
    }),
  )

  app.get(
    '/api/v1/auth/sign-in-policy',
    {
      schema: {
        tags: ['auth'],
        summary: 'The organisation’s sign-in policy (security:manage)',
        response: { 200: SignInPolicySchema },
      },
      config: { permission: 'security:manage' },
    },
    async (request) => readSignInPolicy(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/auth/sign-in-policy',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Set the sign-in policy: two-factor required, idle timeout (minutes), absolute lifetime (hours) (security:manage)',
        body: SignInPolicySchema,
        response: { 200: SignInPolicySchema },
      },
      config: { permission: 'security:manage' },
    },
    async (request) => updateSignInPolicy(scopeOf(deps, request), request.body),
  )
}
