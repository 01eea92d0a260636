import type { FastifyInstance } from 'fastify'
import { brandLogo } from '../../organisations/organisation-profile.service.js'
import { NotFoundError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'

type LogoRequest = { Params: { orgId: string }; Querystring: { v?: string } }

/**
 * The organisation's logo on its respondent pages, at /s/brand/<org>/logo?v=<version>. The
 * version is a hash of the bytes, so an address always names the same image and browsers keep
 * it for a year; a stale version is not served (a page made before a change links the new one).
 * Served only as the raster type its bytes were checked to be, never sniffed, never a document.
 */
export function brandPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<LogoRequest>(
    '/s/brand/:orgId/logo',
    {
      schema: { hide: true },
      config: { rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' } },
      // Survey pages are framed by customers' sites (the widget): their logo loads there too.
      helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } },
    },
    async (request, reply) => {
      const logo = await brandLogo({ db: deps.store.db, orgId: request.params.orgId })
      if (!logo || (request.query.v !== undefined && request.query.v !== logo.version))
        throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No logo at this address.')
      return reply
        .type(logo.type)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header(
          'cache-control',
          request.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        )
        .send(logo.data)
    },
  )
}
