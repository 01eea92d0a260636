import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  createSsoProvider,
  listSignInButtons,
  listSsoProviders,
  updateSsoProvider,
} from '../../auth/sso/sso-provider.service.js'
import { authenticateSession } from '../../auth/auth.service.js'
import { LoginAnswerSchema } from '../../auth/auth.schema.js'
import { MfaChallengeAnswerSchema } from '../../auth/mfa.schema.js'
import { finishSsoSignIn, ldapSignIn, startSsoSignIn } from '../../auth/sso/sso-sign-in.service.js'
import {
  LdapLoginBodySchema,
  SsoButtonListSchema,
  SsoProviderBodySchema,
  SsoProviderListSchema,
  SsoProviderSchema,
} from '../../auth/sso/sso.schema.js'
import { AppError, UnauthorizedError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import type { AppDeps } from '../deps.js'
import { scopeOf, setSessionCookie } from '../plugins/auth.js'

const ProviderParams = z.object({ id: z.string().max(100) })
const SignInButtonsQuery = z.object({ org: z.string().max(100).optional() })

function callbackUri(deps: AppDeps, request: FastifyRequest, providerId: string): string {
  const base = (deps.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')
  // As a URL writes it (no default port), so the code exchange names the same address.
  return new URL(`${base}/sso/${encodeURIComponent(providerId)}/callback`).href
}

/** Back to the admin app; a pending second factor travels in the fragment, never to a server. */
function backToApp(reply: FastifyReply, fragment = ''): FastifyReply {
  return reply.redirect(`/app/${fragment}`, 302)
}

/**
 * Single sign-on: the login page's buttons, the browser's round trip to the provider (pages under
 * /sso/, outside the JSON API), and the providers' settings.
 */
export function ssoRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/auth/login/sso',
    {
      schema: {
        tags: ['auth'],
        summary: 'The sign-in providers of an organisation, for the login page (names only)',
        querystring: SignInButtonsQuery,
        response: { 200: SsoButtonListSchema },
      },
      config: { permission: 'public' },
    },
    async (request) => {
      // Schemas only document (app.ts): a repeated ?org= is an array until parsed here.
      const { org } = parseInput(SignInButtonsQuery, request.query, 'query')
      return { providers: org ? await listSignInButtons(deps.store.db, org) : [] }
    },
  )

  app.get(
    '/sso/:id/start',
    {
      // A browser page (a redirect), not part of the JSON API.
      schema: { hide: true, params: ProviderParams },
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const url = await startSsoSignIn(
        deps.store.db,
        id,
        callbackUri(deps, request, id),
        deps.clock(),
      )
      return reply.redirect(url, 302)
    },
  )

  app.get(
    '/sso/:id/callback',
    {
      // The provider's return: sets the session cookie and goes to the admin app (or its second step).
      schema: { hide: true, params: ProviderParams },
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const url = new URL(request.url, callbackUri(deps, request, id))
      try {
        const result = await finishSsoSignIn(deps.store.db, id, url, deps.clock(), {
          address: request.ip,
          userAgent: request.headers['user-agent'],
        })
        if (result.kind === 'second-factor') {
          const { challenge, enrolRequired } = result.challenge
          return backToApp(reply, `#mfa=${challenge}${enrolRequired ? '&enrol=1' : ''}`)
        }
        setSessionCookie(deps, reply, result.sessionSecret)
        return backToApp(reply)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        // The reason (never a secret or token) stays in the server log; the page names the code.
        request.log.warn(
          { provider: id, code: error.code, reason: error.extra.reason },
          'sso refused',
        )
        return backToApp(reply, `#ssoError=${error.code}`)
      }
    },
  )

  app.post(
    '/api/v1/auth/login/ldap',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a directory (LDAP/AD) login and password; sets the session cookie',
        description:
          'Searches the directory as its service account, then binds as the one entry found. ' +
          'Wrong login or password: 401 LOGIN_FAILED; guesses are throttled per directory login and address as for /auth/login (429 LOGIN_THROTTLED / LOGIN_LOCKED with Retry-After). ' +
          'With a second factor the answer is a challenge (no cookie), as for /auth/login.',
        body: LdapLoginBodySchema,
        response: { 200: LoginAnswerSchema.or(MfaChallengeAnswerSchema) },
      },
      // The body names a directory: an unknown one is 404 SSO_PROVIDER_NOT_FOUND.
      config: {
        permission: 'public',
        rateLimit: { max: 30, timeWindow: '1 minute' },
        errorStatuses: [404],
      },
    },
    async (request, reply) => {
      const now = deps.clock()
      const result = await ldapSignIn(deps.store.db, request.body, now, {
        address: request.ip,
        userAgent: request.headers['user-agent'],
      }).catch((error: unknown) => {
        if (error instanceof AppError && typeof error.extra.retryAfter === 'number')
          reply.header('retry-after', String(error.extra.retryAfter))
        throw error
      })
      if (result.kind === 'second-factor') return result.challenge
      const principal = await authenticateSession(deps.store.db, result.sessionSecret, now)
      if (!principal?.user) throw new UnauthorizedError('UNAUTHENTICATED', 'Sign in again.')
      setSessionCookie(deps, reply, result.sessionSecret)
      return { user: principal.user, role: principal.actor.role }
    },
  )

  app.get(
    '/api/v1/sso-providers',
    {
      schema: {
        tags: ['auth'],
        summary:
          'The organisation’s single sign-on providers (security:manage); secrets never shown',
        response: { 200: SsoProviderListSchema },
      },
      config: { permission: 'security:manage' },
    },
    async (request) => ({ providers: await listSsoProviders(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/sso-providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'Add an OpenID Connect provider (security:manage)',
        body: SsoProviderBodySchema,
        response: { 200: SsoProviderSchema },
      },
      config: { permission: 'security:manage' },
    },
    async (request) => createSsoProvider(scopeOf(deps, request), request.body),
  )

  app.put(
    '/api/v1/sso-providers/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change a provider; without `secret` the stored one stays (security:manage)',
        params: ProviderParams,
        body: SsoProviderBodySchema,
        response: { 200: SsoProviderSchema },
      },
      config: { permission: 'security:manage' },
    },
    async (request) =>
      updateSsoProvider(
        scopeOf(deps, request),
        (request.params as { id: string }).id,
        request.body,
      ),
  )
}
