import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import { importUnits } from '../../units/unit-import.service.js'
import { unitLinks, unitQrSheet } from '../../units/unit-links.service.js'
import {
  membershipUnits,
  membershipUnitsOfOrganisation,
  setMembershipUnits,
} from '../../units/unit-membership.service.js'
import {
  MembershipUnitsSchema,
  UnitCreateSchema,
  UnitImportBodySchema,
  UnitImportReportSchema,
  UnitLinksQuerySchema,
  UnitLinksSchema,
  UnitListQuerySchema,
  UnitListSchema,
  UnitMergeSchema,
  UnitMoveSchema,
  UnitSchema,
  UnitUpdateSchema,
} from '../../units/unit.schema.js'
import { visibleUnits } from '../../units/unit-scope.service.js'
import {
  closeUnit,
  createUnit,
  listUnits,
  mergeUnit,
  moveUnit,
  updateUnit,
} from '../../units/unit.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse } from '../openapi-responses.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'
import { publicSurveyUrl } from '../public-url.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }
// A unit-limited reader sees only the units within theirs; `elsewhere`: the membership holds
// others too (unit-membership.service.ts).
const MembershipUnitsAnswer = z.object({
  membershipId: z.string(),
  unitIds: z.array(z.string()),
  elsewhere: z.boolean(),
})
const MembershipUnitsMap = z.object({
  memberships: z.record(z.string(), z.array(z.string())),
  elsewhere: z.array(z.string()),
})

/** The time a query's `at` names: ms since the epoch, or a date (its start, UTC). */
function atOf(at: number | string | undefined): number | undefined {
  if (at === undefined) return undefined
  return typeof at === 'number' ? at : Date.parse(`${at}T00:00:00Z`)
}

/** Organisation units: the tree, its changes, imports, per-unit links and QR sheets, memberships' units. */
export function unitRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['units']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/units',
    {
      config: { permission: 'units:read' },
      schema: {
        tags,
        summary:
          'The unit tree (as it stood at ?at=, default now), sorted by code; a caller limited to units gets only their units and those below them (?scope=visible: the same, for pickers)',
        querystring: UnitListQuerySchema,
        response: { 200: UnitListSchema },
      },
    },
    async (request) => {
      const query = parseInput(UnitListQuerySchema, request.query, 'query')
      const scope = scopeOf(deps, request)
      // A reader limited to units sees only their subtrees, whichever listing (no sibling's name).
      const units = await listUnits(scope, { at: atOf(query.at) ?? scope.now })
      return { units: visibleUnits(scope, units) }
    },
  )

  app.post(
    '/api/v1/units',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary: 'Create a unit (UNIT_CODE_TAKEN, UNIT_PARENT_NOT_FOUND, UNIT_CLOSED)',
        body: UnitCreateSchema,
        response: { 201: UnitSchema },
      },
    },
    async (request, reply) => {
      const unit = await createUnit(scopeOf(deps, request), request.body)
      return reply.status(201).send(unit)
    },
  )

  app.patch<IdRequest>(
    '/api/v1/units/:id',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary: 'Rename a unit or change its type (the code stays)',
        params: IdParams,
        body: UnitUpdateSchema,
        response: { 200: UnitSchema },
      },
    },
    async (request) => updateUnit(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<IdRequest>(
    '/api/v1/units/:id/move',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary:
          'Move a unit (and all below it) under another parent from now on; the history keeps where it was (UNIT_CYCLE)',
        params: IdParams,
        body: UnitMoveSchema,
        response: { 200: UnitSchema },
      },
    },
    async (request) => moveUnit(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<IdRequest>(
    '/api/v1/units/:id/merge',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary:
          'Merge a unit into another: its children move there, memberships follow, the unit closes',
        params: IdParams,
        body: UnitMergeSchema,
        response: { 200: UnitSchema },
      },
    },
    async (request) => mergeUnit(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<IdRequest>(
    '/api/v1/units/:id/close',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary:
          'Close a unit from now on; it keeps its records and history (UNIT_HAS_OPEN_CHILDREN)',
        params: IdParams,
        response: { 200: UnitSchema },
      },
    },
    async (request) => closeUnit(scopeOf(deps, request), request.params.id),
  )

  app.post(
    '/api/v1/units/import',
    {
      config: { permission: 'units:write' },
      preParsing: permissionBeforeBody('units:write'),
      schema: {
        tags,
        summary:
          'Import units from CSV/XLSX (base64; columns code, parent_code, name [, name_en, type]): idempotent, all-or-nothing or skip-invalid, a report per row',
        body: UnitImportBodySchema,
        response: { 200: UnitImportReportSchema },
      },
    },
    async (request) => {
      const body = parseInput(UnitImportBodySchema, request.body, 'import')
      const bytes = Buffer.from(body.file.contentBase64, 'base64')
      if (bytes.length === 0) {
        throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
          { path: 'file.contentBase64', reason: 'no bytes' },
        ])
      }
      const table = await tableFromBytes(body.file.name, bytes, inMemoryTableLimitsOf(deps.config))
      return importUnits(scopeOf(deps, request), table, { mode: body.mode })
    },
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/unit-links',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary:
          'Per-unit links of a survey for a whole subtree (?root=unit id; all open units without it)',
        params: IdParams,
        querystring: UnitLinksQuerySchema,
        response: { 200: UnitLinksSchema },
      },
    },
    async (request) => {
      const query = parseInput(UnitLinksQuerySchema, request.query, 'query')
      return unitLinks(scopeOf(deps, request), request.params.id, {
        rootUnitId: query.root,
        surveyUrl: (slug) => publicSurveyUrl(deps, request, slug),
      })
    },
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/unit-qr-sheet',
    {
      config: { permission: 'units:write' },
      schema: {
        tags,
        summary:
          'Printable A4 sheets (PDF), one page per unit of the subtree: unit name, survey title, QR code and link',
        params: IdParams,
        querystring: UnitLinksQuerySchema,
        response: { 200: fileResponse('The QR sheets', ['application/pdf']) },
      },
    },
    async (request, reply) => {
      const query = parseInput(UnitLinksQuerySchema, request.query, 'query')
      const sheet = await unitQrSheet(scopeOf(deps, request), request.params.id, {
        rootUnitId: query.root,
        surveyUrl: (slug) => publicSurveyUrl(deps, request, slug),
      })
      return reply
        .header('content-disposition', `attachment; filename="${sheet.fileName}"`)
        .header('x-page-count', String(sheet.pages))
        .type('application/pdf')
        .send(sheet.pdf)
    },
  )

  app.get(
    '/api/v1/memberships/units',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'Every limited membership of the organisation with its units (none = everything)',
        response: { 200: MembershipUnitsMap },
      },
    },
    async (request) => membershipUnitsOfOrganisation(scopeOf(deps, request)),
  )

  app.get<IdRequest>(
    '/api/v1/users/:id/units',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'The units a membership is limited to (empty = the whole organisation)',
        params: IdParams,
        response: { 200: MembershipUnitsAnswer },
      },
    },
    async (request) => ({
      membershipId: request.params.id,
      ...(await membershipUnits(scopeOf(deps, request), request.params.id)),
    }),
  )

  app.put<IdRequest>(
    '/api/v1/users/:id/units',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary:
          'Limit a membership to units and all below them; an empty list gives the whole organisation (UNIT_OF_OTHER_ORGANISATION)',
        params: IdParams,
        body: MembershipUnitsSchema,
        response: { 200: MembershipUnitsAnswer },
      },
    },
    async (request) => setMembershipUnits(scopeOf(deps, request), request.params.id, request.body),
  )
}
