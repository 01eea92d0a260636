import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  AlertListQuerySchema,
  AlertListSchema,
  AlertRuleInputSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  AlertSchema,
  AlertSubscriptionInputSchema,
  AlertSubscriptionListSchema,
  AlertSubscriptionSchema,
} from '../../alerts/alert.schema.js'
import {
  createAlertRule,
  getAlert,
  listAlertRulesFor,
  listAlertsFor,
  mySubscriptions,
  removeAlertRule,
  replaceAlertRule,
  subscribe,
  unsubscribe,
} from '../../alerts/alert.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** Alert rules on metrics, the alerts they raised with their evidence, and the caller's subscriptions. */
export function alertRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['alerts']

  app.get(
    '/api/v1/alert-rules',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The organisation’s alert rules on units the caller may see',
        response: { 200: AlertRuleListSchema },
      },
    },
    async (request) => listAlertRulesFor(scopeOf(deps, request)),
  )
  app.post(
    '/api/v1/alert-rules',
    {
      config: { permission: 'alerts:write' },
      schema: {
        tags,
        summary:
          'Add an alert rule: a control-chart signal, a significant drop against the previous month, a target off track, a topic surge, the SLA breach rate or a fall in answers, at a unit (or each of its children), with its thresholds and rate limits',
        body: AlertRuleInputSchema,
        response: { 201: AlertRuleSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAlertRule(scopeOf(deps, request), request.body)),
  )
  app.put<IdRequest>(
    '/api/v1/alert-rules/:id',
    {
      config: { permission: 'alerts:write' },
      schema: {
        tags,
        summary: 'Replace an alert rule (enable or disable it, change what it watches)',
        params: IdParams,
        body: AlertRuleInputSchema,
        response: { 200: AlertRuleSchema },
      },
    },
    async (request) => replaceAlertRule(scopeOf(deps, request), request.params.id, request.body),
  )
  app.delete<IdRequest>(
    '/api/v1/alert-rules/:id',
    {
      config: { permission: 'alerts:write' },
      schema: {
        tags,
        summary: 'Remove an alert rule and the subscriptions to it (its past alerts stay)',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await removeAlertRule(scopeOf(deps, request), request.params.id)
      return reply.code(204).send()
    },
  )
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/rule-alerts',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The latest alerts (all or one rule’s) about units the caller may see',
        querystring: AlertListQuerySchema,
        response: { 200: AlertListSchema },
      },
    },
    async (request) => listAlertsFor(scopeOf(deps, request), request.query),
  )
  app.get<IdRequest>(
    '/api/v1/rule-alerts/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'One alert with the figures that made it fire (its evidence)',
        params: IdParams,
        response: { 200: AlertSchema },
      },
    },
    async (request) => getAlert(scopeOf(deps, request), request.params.id),
  )
  app.get(
    '/api/v1/me/alert-subscriptions',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The caller’s alert subscriptions',
        response: { 200: AlertSubscriptionListSchema },
      },
    },
    async (request) => mySubscriptions(scopeOf(deps, request)),
  )
  app.post(
    '/api/v1/me/alert-subscriptions',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Subscribe the caller to a rule (or every rule) at a unit of theirs (or every unit they may see)',
        body: AlertSubscriptionInputSchema,
        response: { 201: AlertSubscriptionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await subscribe(scopeOf(deps, request), request.body)),
  )
  app.delete<IdRequest>(
    '/api/v1/me/alert-subscriptions/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'End one of the caller’s alert subscriptions',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await unsubscribe(scopeOf(deps, request), request.params.id)
      return reply.code(204).send()
    },
  )
}
