import type { FastifyInstance } from 'fastify'
import { findUnstorableText, unstorableTextError } from '../../shared/storable-text.js'

/**
 * Refuse, on every route, request text no store can keep (U+0000, unpaired
 * surrogates) before any handler sees it: JSON and form bodies, query
 * strings (survey links carry hidden fields) and path parameters. One NUL in
 * one public answer used to fail a whole group-committed batch of other
 * people's answers on PostgreSQL; now it is that request's own 400.
 * Body paths are as the services report them (`answers.comment`); query and
 * path parameters are prefixed `query.` and `params.`.
 * Raw uploads (buffers) are not text here: importers check each row.
 */
export function installStorableTextCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues = [
      ...findUnstorableText(request.params, 'params'),
      ...findUnstorableText(request.query, 'query'),
      ...findUnstorableText(request.body),
    ]
    if (issues.length > 0) throw unstorableTextError(issues)
  })
}
