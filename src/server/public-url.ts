import type { FastifyRequest } from 'fastify'
import type { AppDeps } from './deps.js'

/** The link respondents open: the configured public address, else the one this request came to. */
export function publicSurveyUrl(deps: AppDeps, request: FastifyRequest, slug: string): string {
  const base = deps.config.publicUrl ?? `${request.protocol}://${request.host}`
  return `${base.replace(/\/$/, '')}/s/${slug}`
}

/** The site's public address without a trailing slash: the configured one, else this request's. */
export function publicBase(deps: AppDeps, request: FastifyRequest): string {
  return (deps.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')
}
