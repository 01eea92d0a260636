import type { FastifyInstance } from 'fastify'
import { login, logout } from '../../auth/auth.service.js'
import { enrolmentChallengeOnSwitch, secondFactorChallenge } from '../../auth/mfa-login.service.js'
import { MfaChallengeAnswerSchema } from '../../auth/mfa.schema.js'
import {
  LoginAnswerSchema,
  LoginBodySchema,
  MeSchema,
  OkSchema,
  SwitchOrganisationSchema,
} from '../../auth/auth.schema.js'
import { membershipsOf } from '../../auth/identity.service.js'
import { switchOrganisation } from '../../auth/identity-switch.service.js'
import { permissionsOf } from '../../auth/permission.service.js'
import { findOrganisation } from '../../organisations/organisation.service.js'
import { AppError, UnauthorizedError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'
import { scopeOf, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.js'

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password; sets an httpOnly session cookie',
        description:
          'Failed logins are counted per e-mail and per client address, in the database (so across instances): from the 5th failure of an e-mail within 15 minutes ' +
          'each further attempt waits 1, 2, 4, … s (429 LOGIN_THROTTLED), at the 10th the e-mail is locked for 15 minutes (429 LOGIN_LOCKED); per address from 20 and at 50. ' +
          'Both carry `retryAfter` (seconds) and a Retry-After header. A success clears the e-mail’s count. A disabled account answers 403 USER_DISABLED (only to the right password). ' +
          'IPv6 addresses count per /64. During a lock the right password still signs in from an address that signed in to that user in the last 90 days (until it fails there), ' +
          'or after an administrator unlocked the user (POST /api/v1/users/:id/unlock).',
        body: LoginBodySchema,
        // With a second factor (docs/sign-in.md) the answer is a challenge and no cookie is set.
        response: { 200: LoginAnswerSchema.or(MfaChallengeAnswerSchema) },
      },
      // A per-instance flood guard in front of the database-backed throttle.
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      try {
        const { sessionSecret, principal } = await login(
          deps.store.db,
          request.body,
          deps.clock(),
          { address: request.ip },
        )
        const challenge = await secondFactorChallenge(deps.store.db, sessionSecret, deps.clock())
        if (challenge) return challenge
        setSessionCookie(deps, reply, sessionSecret)
        return { user: principal.user, role: principal.actor.role }
      } catch (error) {
        if (error instanceof AppError && typeof error.extra.retryAfter === 'number')
          reply.header('retry-after', String(error.extra.retryAfter))
        // Failures for e-mails no organisation has reach no audit log: the server log keeps them.
        if (error instanceof AppError && error.code.startsWith('LOGIN_')) {
          request.log.warn(
            {
              email: (request.body as { email?: unknown } | undefined)?.email,
              address: request.ip,
              code: error.code,
            },
            'login refused',
          )
        }
        throw error
      }
    },
  )

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'signed-in' },
      schema: { tags: ['auth'], summary: 'End the session', response: { 200: OkSchema } },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE]
      if (secret) await logout(deps.store.db, secret)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return { ok: true }
    },
  )

  app.get(
    '/api/v1/auth/me',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Who is calling, and what they may do (permissions)',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      const organisation = await findOrganisation(scope)
      const identity = request.principal?.identity
      return {
        user: request.principal?.user ?? null,
        role: scope.actor.role,
        actorType: scope.actor.type,
        permissions: permissionsOf(scope.actor),
        organisation,
        memberships: identity ? await membershipsOf(scope.db, identity.id) : [],
        isOperator: identity?.isOperator ?? false,
      }
    },
  )

  app.post(
    '/api/v1/auth/switch-organisation',
    {
      schema: {
        tags: ['auth'],
        summary: 'Move the session to one’s membership in another organisation',
        description:
          'Ends this session and sets the cookie of a new one for the signed-in person’s membership in `orgId` ' +
          '(404 MEMBERSHIP_NOT_FOUND when they have no active one there, 403 ORGANISATION_SUSPENDED). Audited in both organisations. ' +
          'When that organisation requires two-factor sign-in and the person has no authenticator yet, the answer is a challenge to enrol (no cookie), as for /auth/login.',
        body: SwitchOrganisationSchema,
        response: { 200: LoginAnswerSchema.or(MfaChallengeAnswerSchema) },
      },
      config: { permission: 'signed-in' },
    },
    async (request, reply) => {
      if (!request.principal) throw new UnauthorizedError('UNAUTHENTICATED', 'Sign in first.')
      // An API token's caller has no session to move: the service refuses it (TOKEN_NEEDS_SESSION).
      const { sessionSecret, principal } = await switchOrganisation(
        deps.store.db,
        request.principal,
        request.cookies[SESSION_COOKIE] ?? '',
        request.body,
        deps.clock(),
        { address: request.ip },
      )
      const challenge = await enrolmentChallengeOnSwitch(deps.store.db, sessionSecret, deps.clock())
      if (challenge) return challenge
      setSessionCookie(deps, reply, sessionSecret)
      return { user: principal.user, role: principal.actor.role }
    },
  )
}
