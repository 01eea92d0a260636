import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { unitLeague } from '../../targets/league.service.js'
import { listTargetProgress, offTrackTargets } from '../../targets/target-progress.service.js'
import {
  CascadeInputSchema,
  LeagueQuerySchema,
  LeagueSchema,
  OffTrackSchema,
  TargetInputSchema,
  TargetListQuerySchema,
  TargetListSchema,
  TargetSchema,
} from '../../targets/target.schema.js'
import { cascadeTarget, deleteTarget, setTarget } from '../../targets/target.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** League tables of units and targets per unit, metric and period. */
export function targetRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['targets']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/units/league',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'League table of a unit’s children (or the top-level units) on NPS, CSAT, CES, CSM, SERVQUAL (overall or one dimension), SLA compliance, recovery or complaint rate for a month, quarter or year (weighted by a survey’s weight field for NPS, CSAT, CES, CSM and SERVQUAL): n, 95% interval, raw and empirical-Bayes shrunk figures, rank on the shrunk figure, test against the rest, minimum n; targets; a unit × month heat map',
        querystring: LeagueQuerySchema,
        response: { 200: LeagueSchema },
      },
    },
    async (request) => unitLeague(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/targets',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Targets (by period, metric or unit) with the figure so far, the gap, and the probability of meeting each by the period’s end',
        querystring: TargetListQuerySchema,
        response: { 200: TargetListSchema },
      },
    },
    async (request) => ({
      targets: await listTargetProgress(scopeOf(deps, request), request.query),
    }),
  )

  app.get(
    '/api/v1/targets/off-track',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Targets of the current month, quarter and year less likely than not to be met, least likely first',
        response: { 200: OffTrackSchema },
      },
    },
    async (request) => ({ targets: await offTrackTargets(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/targets',
    {
      config: { permission: 'targets:write' },
      schema: {
        tags,
        summary:
          'Set a unit’s target for a metric and period (2026-11, 2026-Q4 or 2026) by hand; TARGET_OUT_OF_RANGE outside what the metric can be',
        body: TargetInputSchema,
        response: { 201: TargetSchema },
      },
    },
    async (request, reply) => {
      const target = await setTarget(scopeOf(deps, request), request.body)
      return reply.status(201).send(target)
    },
  )

  app.post<IdRequest>(
    '/api/v1/targets/:id/cascade',
    {
      config: { permission: 'targets:write' },
      schema: {
        tags,
        summary:
          'Cascade a target to the units below: the same value, or child targets whose volume-weighted mean equals the parent’s',
        params: IdParams,
        body: CascadeInputSchema,
        response: { 200: z.object({ targets: z.array(TargetSchema) }) },
      },
    },
    async (request) => ({
      targets: await cascadeTarget(scopeOf(deps, request), request.params.id, request.body),
    }),
  )

  app.delete<IdRequest>(
    '/api/v1/targets/:id',
    {
      config: { permission: 'targets:write' },
      schema: {
        tags,
        summary: 'Delete a target',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteTarget(scopeOf(deps, request), request.params.id)
      return reply.status(204).send()
    },
  )
}
