import { requirePermission } from '../auth/permission.service.js'
import { activeCaseWorkers, userNames } from '../auth/user-directory.service.js'
import type { Scope } from '../db/scope.js'
import { AppError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { casesByIds } from './case.repository.js'
import {
  BulkAssignInputSchema,
  BulkCloseInputSchema,
  type BulkResult,
  type CaseOwners,
} from './case.schema.js'
import { caseNumber } from './case-summary.js'
import { assignableOwner, giveCase, moveCase } from './case-workflow.service.js'

// Working many cases at once from the case list (supervisors): each case is changed in its own
// transaction, completely or not at all, and the answer says what became of every one — one
// case that cannot be closed does not keep the others open, nor hide which it was.

/** Whom a case may be given to, by name: the active agents and supervisors (the assign picker). */
export async function listCaseOwners(scope: Scope): Promise<CaseOwners> {
  requirePermission(scope.actor, 'cases:work')
  const workers = await activeCaseWorkers(scope)
  const names = await userNames(
    scope,
    workers.map((w) => w.id),
  )
  return {
    owners: workers
      .map((w) => ({
        id: w.id,
        name: names.get(w.id) ?? w.id,
        role: w.role,
        department: w.department,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  }
}

/** Give the cases to one owner. The owner is checked once: an unknown or disabled one changes nothing. */
export async function bulkAssignCases(scope: Scope, input: unknown): Promise<BulkResult> {
  requirePermission(scope.actor, 'cases:supervise')
  const a = parseInput(BulkAssignInputSchema, input, 'assignment')
  const owner = await assignableOwner(scope, a.ownerId)
  return eachCase(scope, a.caseIds, (id) => giveCase(scope, id, owner, a.department))
}

/** Close the cases the workflow lets close (followed up); the others say why not. */
export async function bulkCloseCases(scope: Scope, input: unknown): Promise<BulkResult> {
  requirePermission(scope.actor, 'cases:supervise')
  const c = parseInput(BulkCloseInputSchema, input, 'close')
  return eachCase(scope, c.caseIds, (id) =>
    moveCase(scope, id, { status: 'closed', ...(c.note ? { note: c.note } : {}) }),
  )
}

async function eachCase(
  scope: Scope,
  ids: readonly string[],
  change: (id: string) => Promise<void>,
): Promise<BulkResult> {
  const found = await casesByIds(scope.db, ids)
  const results: BulkResult['results'] = []
  // One after the other: the results keep the order asked for, and SQLite's one writer is not
  // fought over by the request itself.
  for (const id of ids) {
    const c = found.get(id)
    const number = c && c.orgId === scope.orgId ? caseNumber(c.number) : null
    try {
      await change(id)
      results.push({ id, number, ok: true, error: null })
    } catch (error) {
      // A refusal (wrong state, unknown case, changed meanwhile) is this case's answer; anything
      // else is a fault of the server and stops the request as usual.
      if (!(error instanceof AppError)) throw error
      results.push({
        id,
        number,
        ok: false,
        error: {
          code: error.code,
          message: error.message,
          details: error.details.map((d) => ({
            path: d.path,
            reason: d.reason,
            ...(d.allowed !== undefined ? { allowed: d.allowed } : {}),
          })),
        },
      })
    }
  }
  const succeeded = results.filter((r) => r.ok).length
  return { results, succeeded, failed: results.length - succeeded }
}
