import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { knownUserIds } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type OrgScope, recordsWithinUnits, type Scope } from '../db/scope.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { unitById } from '../units/unit.service.js'
import {
  type EmployeeRow,
  type EmployeeRowChanges,
  findEmployeeRow,
  findEmployeeRowByCode,
  findEmployeeRowByUser,
  insertEmployeeRow,
  listEmployeeRows,
  updateEmployeeRow,
} from './employee.repository.js'
import {
  type Employee,
  EmployeeCreateSchema,
  EmployeeListQuerySchema,
  type EmployeeStatus,
  EmployeeUpdateSchema,
} from './employee.schema.js'

export type { Employee } from './employee.schema.js'

/** Employee ids are `emp_` and a UUIDv7, so they sort by creation and say what they are. */
export function newEmployeeId(now: number): string {
  return `emp_${newId(now)}`
}

export function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    unitId: row.unitId,
    userId: row.userId,
    position: row.position,
    status: row.status as EmployeeStatus,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** The organisation's employees (within the caller's units when limited), sorted by code. */
export async function listEmployees(scope: Scope, query: unknown = {}): Promise<Employee[]> {
  requirePermission(scope.actor, 'employees:read')
  const filter = parseInput(EmployeeListQuerySchema, query, 'query')
  const within = recordsWithinUnits(scope)
  const unitIds = filter.unitId
    ? within && !within.includes(filter.unitId)
      ? ['']
      : [filter.unitId]
    : within
  const rows = await listEmployeeRows(scope.db, scope.orgId, { unitIds, status: filter.status })
  return rows.map(toEmployee)
}

/** One employee the caller may see (EMPLOYEE_NOT_FOUND otherwise, also outside their units). */
export async function getEmployee(scope: Scope, id: string): Promise<Employee> {
  requirePermission(scope.actor, 'employees:read')
  return toEmployee(await requireEmployee(scope.db, scope, id))
}

async function requireEmployee(
  db: Db,
  scope: Pick<Scope, 'orgId' | 'units'>,
  id: string,
): Promise<EmployeeRow> {
  const row = await findEmployeeRow(db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) throw employeeNotFound(id)
  return row
}

export function employeeNotFound(id: string): NotFoundError {
  return new NotFoundError('EMPLOYEE_NOT_FOUND', `No employee ${id}.`, [], { id })
}

/** Without a check of the caller: what attribution and other domains' services use. */
export async function employeeByCode(scope: OrgScope, code: string): Promise<Employee | null> {
  const row = await findEmployeeRowByCode(scope.db, scope.orgId, code)
  return row ? toEmployee(row) : null
}

/** One employee by id (null: none in the organisation), without a check of the caller. */
export async function employeeById(scope: OrgScope, id: string): Promise<Employee | null> {
  const row = await findEmployeeRow(scope.db, scope.orgId, id)
  return row ? toEmployee(row) : null
}

/** The employee a membership signs in as (null: none), without a check of the caller. */
export async function employeeOfUser(scope: OrgScope, userId: string): Promise<Employee | null> {
  const row = await findEmployeeRowByUser(scope.db, scope.orgId, userId)
  return row ? toEmployee(row) : null
}

/** Every employee of the organisation by code (imports attributing many answers at once). */
export async function employeeIdsByCode(scope: OrgScope): Promise<Map<string, string>> {
  const rows = await listEmployeeRows(scope.db, scope.orgId)
  return new Map(rows.map((r) => [r.code, r.id]))
}

/** Employees by id, without a check of the caller (scorecards naming who served). */
export async function employeesOfOrganisation(scope: OrgScope): Promise<Employee[]> {
  return (await listEmployeeRows(scope.db, scope.orgId)).map(toEmployee)
}

/** Checks that a unit exists in the organisation and is within the caller's units. */
export async function requireEmployeeUnit(
  db: Db,
  scope: Pick<Scope, 'orgId' | 'units'>,
  unitId: string,
): Promise<void> {
  const unit = await unitById({ db, orgId: scope.orgId }, unitId)
  if (!unit || !isRecordWithinUnits(scope, unitId)) {
    throw new ValidationError(
      'UNIT_NOT_FOUND',
      `No unit ${unitId}.`,
      [{ path: 'unitId', reason: 'no such unit', rule: 'invalid' }],
      { id: unitId },
    )
  }
}

/** Checks that a membership exists in the organisation and is no other employee's. */
export async function requireFreeUser(
  db: Db,
  orgId: string,
  userId: string,
  employeeId: string | null,
): Promise<void> {
  const known = await knownUserIds({ db, orgId }, [userId])
  if (!known.has(userId)) {
    throw new ValidationError(
      'USER_NOT_FOUND',
      `No member ${userId}.`,
      [{ path: 'userId', reason: 'no such member', rule: 'invalid' }],
      { id: userId },
    )
  }
  const holder = await findEmployeeRowByUser(db, orgId, userId)
  if (holder && holder.id !== employeeId) {
    throw new ConflictError(
      'EMPLOYEE_USER_TAKEN',
      `The member ${userId} signs in as the employee ${holder.code} already.`,
      [],
      { userId, employeeCode: holder.code },
    )
  }
}

export async function requireEmployeeCodeFree(db: Db, orgId: string, code: string): Promise<void> {
  const taken = await findEmployeeRowByCode(db, orgId, code)
  if (taken) {
    throw new ConflictError(
      'EMPLOYEE_CODE_TAKEN',
      `Another employee already has the code ${code}.`,
      [],
      { employeeCode: code, id: taken.id },
    )
  }
}

export async function createEmployee(scope: Scope, input: unknown): Promise<Employee> {
  requirePermission(scope.actor, 'employees:write')
  const body = parseInput(EmployeeCreateSchema, input, 'employee')
  return scope.db.transaction().execute(async (trx) => {
    await requireEmployeeCodeFree(trx, scope.orgId, body.code)
    if (body.unitId) await requireEmployeeUnit(trx, scope, body.unitId)
    if (body.userId) await requireFreeUser(trx, scope.orgId, body.userId, null)
    const row: EmployeeRow = {
      id: newEmployeeId(scope.now),
      orgId: scope.orgId,
      code: body.code,
      name: body.name,
      unitId: body.unitId ?? null,
      userId: body.userId ?? null,
      position: body.position || null,
      status: body.status,
      createdAt: scope.now,
      updatedAt: scope.now,
    }
    await insertEmployeeRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'employee.create',
      entity: 'employee',
      entityId: row.id,
      detail: { code: row.code, unitId: row.unitId, userId: row.userId },
    })
    return toEmployee(row)
  })
}

/** Changes an employee's name, unit, sign-in membership, position or status; the code stays. */
export async function updateEmployee(scope: Scope, id: string, input: unknown): Promise<Employee> {
  requirePermission(scope.actor, 'employees:write')
  const body = parseInput(EmployeeUpdateSchema, input, 'employee')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireEmployee(trx, scope, id)
    if (body.unitId) await requireEmployeeUnit(trx, scope, body.unitId)
    if (body.userId) await requireFreeUser(trx, scope.orgId, body.userId, id)
    const changes: EmployeeRowChanges = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.unitId !== undefined ? { unitId: body.unitId } : {}),
      ...(body.userId !== undefined ? { userId: body.userId } : {}),
      ...(body.position !== undefined ? { position: body.position || null } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
    }
    await updateEmployeeRow(trx, scope.orgId, id, changes, scope.now)
    await recordAudit(trx, scope, {
      action: 'employee.update',
      entity: 'employee',
      entityId: id,
      detail: { code: row.code, changed: Object.keys(changes) },
    })
    return toEmployee({ ...row, ...changes, updatedAt: scope.now } as EmployeeRow)
  })
}
