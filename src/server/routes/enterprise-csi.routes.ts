import type { FastifyInstance } from 'fastify'
import {
  EnterpriseCsiQuerySchema,
  EnterpriseCsiReportSchema,
  EnterpriseCsiSettingsSchema,
  EnterpriseCsiSettingsViewSchema,
  EnterpriseCsiTrendSchema,
  EnterpriseCsiUnitsSchema,
} from '../../enterprise-csi/enterprise-csi.schema.js'
import {
  enterpriseCsiByUnit,
  enterpriseCsiReport,
  enterpriseCsiSettings,
  enterpriseCsiTrend,
  saveEnterpriseCsiSettings,
} from '../../enterprise-csi/enterprise-csi.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/**
 * The enterprise CSI (美誉度, 指名度, 回头率, 抱怨率, 销售力) computed live (issue 18): the
 * organisation's settings, and the index for a period of whole months, of the caller's units or
 * of one unit and everything below it.
 */
export function enterpriseCsiRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['enterprise-csi']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/enterprise-csi',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The enterprise CSI of a period: reputation, designation, return rate, complaint rate (complaints per 10,000 active customers or purchases) and sales power (growth of net sales) as 0–100 scores with n and 95% intervals (Wilson; Poisson score for complaints), the weighted index and each indicator’s contribution; ?unitId=&month=YYYY-MM',
        querystring: EnterpriseCsiQuerySchema,
        response: { 200: EnterpriseCsiReportSchema },
      },
    },
    async (request) => enterpriseCsiReport(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/enterprise-csi/units',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The enterprise CSI of each unit directly below ?unitId= (or of the caller’s top units) for the period ending ?month=, to compare them',
        querystring: EnterpriseCsiQuerySchema,
        response: { 200: EnterpriseCsiUnitsSchema },
      },
    },
    async (request) => enterpriseCsiByUnit(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/enterprise-csi/trend',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The enterprise CSI’s index and five scores for the period ending at each of the 12 months up to ?month= (of ?unitId= and below it, or of the caller’s units)',
        querystring: EnterpriseCsiQuerySchema,
        response: { 200: EnterpriseCsiTrendSchema },
      },
    },
    async (request) => enterpriseCsiTrend(scopeOf(deps, request), request.query),
  )

  app.get(
    '/api/v1/enterprise-csi/settings',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The enterprise CSI’s settings (the defaults until saved)',
        response: { 200: EnterpriseCsiSettingsViewSchema },
      },
    },
    async (request) => enterpriseCsiSettings(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/enterprise-csi/settings',
    {
      config: { permission: 'surveys:write' },
      schema: {
        tags,
        summary:
          'Save the enterprise CSI’s settings: the survey measuring each share, the mappings, weights and period',
        body: EnterpriseCsiSettingsSchema,
        response: { 200: EnterpriseCsiSettingsViewSchema },
      },
    },
    async (request) => saveEnterpriseCsiSettings(scopeOf(deps, request), request.body),
  )
}
