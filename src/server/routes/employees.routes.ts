import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { importEmployees } from '../../employees/employee-import.service.js'
import {
  EmployeeCreateSchema,
  EmployeeImportBodySchema,
  EmployeeImportReportSchema,
  EmployeeListQuerySchema,
  EmployeeListSchema,
  EmployeeSchema,
  EmployeeUpdateSchema,
} from '../../employees/employee.schema.js'
import {
  EmployeeScorecardSchema,
  ScorecardQuerySchema,
  UnitScorecardQuerySchema,
  UnitScorecardsSchema,
} from '../../employees/employee-scorecard.schema.js'
import {
  employeeScorecard,
  myScorecard,
  unitScorecards,
} from '../../employees/employee-scorecard.service.js'
import {
  createEmployee,
  getEmployee,
  listEmployees,
  updateEmployee,
} from '../../employees/employee.service.js'
import { ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/**
 * Employees (issue 19): the list, one, creation, changes and imports from CSV/XLSX; their customer
 * outcomes ranked within a unit, one employee's scorecard, and the signed-in member's own.
 */
export function employeeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['employees']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/employees',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary: 'The employees (of the caller’s units when limited), by code; ?unitId=, ?status=',
        querystring: EmployeeListQuerySchema,
        response: { 200: EmployeeListSchema },
      },
    },
    async (request) => ({
      employees: await listEmployees(scopeOf(deps, request), request.query),
    }),
  )

  app.get<IdRequest>(
    '/api/v1/employees/:id',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary: 'One employee (EMPLOYEE_NOT_FOUND, also outside the caller’s units)',
        params: IdParams,
        response: { 200: EmployeeSchema },
      },
    },
    async (request) => getEmployee(scopeOf(deps, request), request.params.id),
  )

  app.post(
    '/api/v1/employees',
    {
      config: { permission: 'employees:write' },
      schema: {
        tags,
        summary:
          'Create an employee (EMPLOYEE_CODE_TAKEN, UNIT_NOT_FOUND, USER_NOT_FOUND, EMPLOYEE_USER_TAKEN)',
        body: EmployeeCreateSchema,
        response: { 201: EmployeeSchema },
      },
    },
    async (request, reply) => {
      const employee = await createEmployee(scopeOf(deps, request), request.body)
      return reply.status(201).send(employee)
    },
  )

  app.patch<IdRequest>(
    '/api/v1/employees/:id',
    {
      config: { permission: 'employees:write' },
      schema: {
        tags,
        summary:
          'Change an employee’s name, unit, sign-in member, position or status (the code stays)',
        params: IdParams,
        body: EmployeeUpdateSchema,
        response: { 200: EmployeeSchema },
      },
    },
    async (request) => updateEmployee(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post(
    '/api/v1/employees/import',
    {
      config: { permission: 'employees:write' },
      preParsing: permissionBeforeBody('employees:write'),
      schema: {
        tags,
        summary:
          'Import employees from CSV/XLSX (base64; columns code, name [, unit_code, position, status, user_id]): idempotent, all-or-nothing or skip-invalid, a report per row',
        body: EmployeeImportBodySchema,
        response: { 200: EmployeeImportReportSchema },
      },
    },
    async (request) => {
      const body = parseInput(EmployeeImportBodySchema, request.body, 'import')
      const bytes = Buffer.from(body.file.contentBase64, 'base64')
      if (bytes.length === 0) {
        throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
          { path: 'file.contentBase64', reason: 'no bytes' },
        ])
      }
      const table = await tableFromBytes(body.file.name, bytes, inMemoryTableLimitsOf(deps.config))
      return importEmployees(scopeOf(deps, request), table, { mode: body.mode })
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/employee-scorecards',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary:
          'A unit’s employees with CSAT/NPS/CES (n, 95% intervals, raw beside shrunk toward the unit mean), complaints, praise, SLA share, recovery rate and repeat complaints, ranked on ?metric= with ?minN=',
        querystring: UnitScorecardQuerySchema,
        response: { 200: UnitScorecardsSchema },
      },
    },
    async (request) => unitScorecards(scopeOf(deps, request), request.query),
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/employees/:id/scorecard',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary: 'One employee’s outcomes, their rank in the unit and the trend by month',
        params: IdParams,
        querystring: ScorecardQuerySchema,
        response: { 200: EmployeeScorecardSchema },
      },
    },
    async (request) => employeeScorecard(scopeOf(deps, request), request.params.id, request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/me/scorecard',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'The signed-in member’s own scorecard when they are an employee (EMPLOYEE_NOT_FOUND otherwise); never anyone else’s',
        querystring: ScorecardQuerySchema,
        response: { 200: EmployeeScorecardSchema },
      },
    },
    async (request) => myScorecard(scopeOf(deps, request), request.query),
  )
}
