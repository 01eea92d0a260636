import type { FastifyRequest } from 'fastify'
import type { AppDeps } from './deps.js'

/** The link respondents open: the configured public address, else the one this request came to. */
export function publicSurveyUrl(deps: AppDeps, request: FastifyRequest, slug: string): string {
  const base = deps.config.publicUrl ?? `${request.protocol}://${request.host}`
  return `${base.replace(/\/$/, '')}/s/${slug}`
}
