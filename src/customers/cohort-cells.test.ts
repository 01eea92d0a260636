import { expect, it } from 'vitest'
import { seededRandom } from '../analytics/seeded-random.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { nameOrganisation } from '../organisations/organisation-profile.service.js'
import { ConflictError } from '../shared/errors.js'
import { tableSource } from '../tabular/read-table.js'
import { createUnit } from '../units/unit.service.js'
import { cellsByMonth, cohortState, resetCells } from './cohort-cells.repository.js'
import {
  checkCohortCells,
  rebuildCohortSlice,
  runCohortCellRebuilds,
} from './cohort-cells.service.js'
import { openKey } from './customer-keys.js'
import { importTransactionRows } from './customer-transactions.service.js'
import { mergeCustomers, unmergeCustomer } from './customer.service.js'
import { eraseCustomerData } from './data-rights.service.js'
import type { RetentionFilter } from './retention.repository.js'
import { fullCohortCounts, retentionReport } from './retention.service.js'
import { importTransactionSource } from './transaction-file-import.js'

// The cohort cells (cohort-cells.service.ts) against the full count from the transactions
// (`fullCohortCounts`, the report's reference), on both stores. A seeded random history of 14
// customers in two stores under a region and none, over 18 months on Shanghai's calendar:
// purchases, refunds (negative) and rows of 0 through the API; files (SQLite's staged chunked
// import); files stopped while moving (undone); merges and their undo; erasure. After every
// step the consistency check finds no cell off, and the cells summed for all customers, the
// region's subtree and the second store equal the full count. A rebuild in slices of 3 customers
// with writes between slices ends exact too; a zone change sends the report back to the full
// count until the cells are rebuilt on the new zone.

const NOW = Date.parse('2026-07-01T00:00:00Z')
const KINDS = ['rows', 'file', 'undo', 'merge', 'merge', 'unmerge', 'erase', 'rows'] as const
const ZONE = 'Asia/Shanghai'

describeEachDialect('cohort cells', (ctx) => {
  let orgs = 0
  async function setUp() {
    const org = await createOrganisation(ctx.store.db, `连锁${++orgs}`, NOW, ZONE)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
    const region = await createUnit(scope, { code: 'R', nameZh: '华东区', type: 'region' })
    const s1 = await createUnit(scope, {
      code: 'S1',
      nameZh: '一号店',
      type: 'store',
      parentId: region.id,
    })
    const s2 = await createUnit(scope, { code: 'S2', nameZh: '二号店', type: 'store' })
    return { scope, region: region.id, s1: s1.id, s2: s2.id }
  }

  /** Cells (summed over the units) and the full count, both as sorted plain rows. */
  async function compare(scope: Scope, unitIds: string[] | undefined) {
    const filter: RetentionFilter = { orgId: scope.orgId, unitIds, from: undefined, to: undefined }
    const full = (await fullCohortCounts(scope, filter, ZONE)) ?? []
    const cells = await cellsByMonth(scope.db, scope.orgId, unitIds)
    expect(
      cells.map((c) => ({ cohort: c.cohort, period: c.month, active: c.active, repeat: c.repeat })),
    ).toEqual(full)
    return full
  }

  it('stay equal to the full count through random imports, undo, merges, unmerges and erasure', async () => {
    const { scope, region, s1, s2 } = await setUp()
    const random = seededRandom(ctx.dialect === 'sqlite' ? 18 : 81)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!
    const phones = Array.from({ length: 14 }, (_, i) => `1390000${String(i).padStart(4, '0')}`)
    const unitOfPhone = phones.map((_, i) => [s1, s2, null][i % 3]!)
    let txn = 0
    const row = () => {
      const i = Math.floor(random() * phones.length)
      // 2025-01 … 2026-06, any hour (so local and UTC months differ near midnight UTC+8).
      const at = Date.parse('2025-01-01T00:00:00Z') + Math.floor(random() * 546 * 24) * 3_600_000
      const amount = pick([120, 80, 35.5, -80, 0, 200])
      return { i, id: `T${++txn}`, at, amount }
    }
    await importTransactionRows(scope, {
      rows: Array.from({ length: 20 }, () => {
        const r = row()
        return {
          id: r.id,
          customerKind: 'phone',
          customerKey: phones[r.i]!,
          at: r.at,
          amount: r.amount,
          unitId: unitOfPhone[r.i],
        }
      }),
    })
    // The first build (as after the upgrade), then every write keeps the cells.
    await runCohortCellRebuilds(ctx.store.db, NOW)
    expect((await cohortState(ctx.store.db, scope.orgId))?.complete).toBe(1)
    const merges: { target: string; eventId: string }[] = []
    const customerIds = async () =>
      (
        await ctx.store.db
          .selectFrom('customers')
          .select(['id', 'merged_into', 'erased_at'])
          .where('org_id', '=', scope.orgId)
          .orderBy('id')
          .execute()
      ).filter((c) => c.merged_into === null)
    const steps: string[] = []
    for (let step = 0; step < 40; step++) {
      // Each kind once first (in an order where each finds something to work on), then at random.
      const kind = step < KINDS.length ? KINDS[step]! : pick(KINDS)
      steps.push(kind)
      if (kind === 'rows') {
        const rows = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
          const r = row()
          // Now and then an id stored before: a duplicate, not stored again.
          const id = random() < 0.2 && txn > 5 ? `T${1 + Math.floor(random() * (txn - 1))}` : r.id
          return {
            id,
            customerKind: 'phone',
            customerKey: phones[r.i]!,
            at: r.at,
            amount: r.amount,
            unitId: unitOfPhone[r.i],
          }
        })
        await importTransactionRows(scope, { rows, mode: 'skip-invalid' })
      } else if (kind === 'file' || kind === 'undo') {
        const rows = Array.from({ length: 3 + Math.floor(random() * 5) }, () => {
          const r = row()
          return [r.id, phones[r.i]!, new Date(r.at).toISOString(), String(r.amount)]
        })
        // A customer no one had: the import creates them (their unit none).
        rows.push([`T${++txn}`, `1380000${String(step).padStart(4, '0')}`, '2026-02-10', '60'])
        const source = tableSource({
          file: 't.csv',
          headers: ['order', 'phone', 'date', 'amount'],
          rows,
        })
        const input = {
          customerKind: 'phone' as const,
          columns: { id: 'order', customer: 'phone', at: 'date', amount: 'amount' },
          mode: 'all-or-nothing' as const,
          unknownCustomers: 'create' as const,
        }
        if (kind === 'file') await importTransactionSource(scope, source, input)
        else {
          // SQLite: stopped after the move (staged, customers made, moved); PostgreSQL: in its
          // one transaction. Either way nothing of the file stays, in the cells neither.
          let calls = 0
          const stopAt = ctx.dialect === 'sqlite' ? 3 : 1
          await expect(
            importTransactionSource(scope, source, input, (_d, _t, phase) => {
              if (phase === 'writing' && ++calls === stopAt)
                throw new ConflictError('IMPORT_INTERRUPTED', 'The server stopped.')
            }),
          ).rejects.toThrow('The server stopped.')
        }
      } else if (kind === 'merge') {
        const live = await customerIds()
        if (live.length < 2) continue
        const target = pick(live).id
        const source = pick(live.filter((c) => c.id !== target)).id
        const merged = await mergeCustomers(scope, target, { sourceId: source })
        merges.push({ target, eventId: merged.event.id })
      } else if (kind === 'unmerge') {
        const merge = merges.pop()
        if (!merge) continue
        // Refused when the kept customer was merged since: then it stays merged (fine here).
        await unmergeCustomer(scope, merge.target, { eventId: merge.eventId }).catch((e) => {
          if (!(e instanceof ConflictError)) throw e
        })
      } else {
        const live = (await customerIds()).filter((c) => c.erased_at === null)
        if (live.length === 0) continue
        const id = pick(live).id
        await eraseCustomerData(scope, id, { confirmId: id }, [])
      }
      expect({ step, kind, off: await checkCohortCells(ctx.store.db, scope.orgId) }).toEqual({
        step,
        kind,
        off: [],
      })
      await compare(scope, undefined)
      await compare(scope, [region, s1])
      await compare(scope, [s2])
    }
    // Every kind of step happened (the seed's history is not a narrow one).
    expect(new Set(steps)).toEqual(new Set(['rows', 'file', 'undo', 'merge', 'unmerge', 'erase']))
    const all = await compare(scope, undefined)
    expect(all.length).toBeGreaterThan(20)

    // The report from the cells equals the report from the full count (cells reset: not built).
    const fromCells = await retentionReport(scope, {})
    const regionFromCells = await retentionReport(scope, { unitId: region })
    await ctx.store.db.transaction().execute((trx) => resetCells(trx, scope.orgId, ZONE, NOW))
    expect(await retentionReport(scope, {})).toEqual(fromCells)
    expect(await retentionReport(scope, { unitId: region })).toEqual(regionFromCells)
    expect(fromCells.customers).toBeGreaterThan(5)

    // Rebuilt 3 customers a slice, with a purchase between slices of one customer counted
    // already and one not yet: exact at the end.
    const live = await customerIds()
    expect(await rebuildCohortSlice(ctx.store.db, scope.orgId, NOW, 3)).toBe(false)
    expect(await rebuildCohortSlice(ctx.store.db, scope.orgId, NOW, 3)).toBe(false)
    const through = (await cohortState(ctx.store.db, scope.orgId))!.rebuilt_through!
    const phoneOf = async (id: string) => {
      const key = await ctx.store.db
        .selectFrom('customer_keys')
        .select(['lookup', 'value_sealed'])
        .where('customer_id', '=', id)
        .executeTakeFirst()
      return key && openKey(ctx.store.db, key)
    }
    const withPhone: { id: string; phone: string }[] = []
    for (const c of live) {
      const phone = await phoneOf(c.id)
      if (phone) withPhone.push({ id: c.id, phone })
    }
    const counted = withPhone.filter((c) => c.id <= through)
    const notYet = withPhone.filter((c) => c.id > through)
    expect(counted.length).toBeGreaterThan(0)
    expect(notYet.length).toBeGreaterThan(0)
    for (const c of [counted[0]!, notYet.at(-1)!])
      await importTransactionRows(scope, {
        rows: [
          {
            id: `T${++txn}`,
            customerKind: 'phone',
            customerKey: c.phone,
            at: Date.parse('2024-12-20T00:00:00Z'),
            amount: 10,
          },
        ],
      })
    while (!(await rebuildCohortSlice(ctx.store.db, scope.orgId, NOW, 3))) {}
    expect(await checkCohortCells(ctx.store.db, scope.orgId)).toEqual([])
    await compare(scope, undefined)
    expect((await retentionReport(scope, {})).cohorts[0]!.cohort).toBe('2024-12')
  }, 120_000)

  it('on a new time zone: the full count until the cells are rebuilt on it', async () => {
    const { scope, s1 } = await setUp()
    // 31 Jan 20:00 UTC: 1 February in Shanghai, 31 January in New York.
    const rows = [
      {
        id: 'A',
        customerKind: 'phone',
        customerKey: '13900000001',
        at: Date.parse('2026-01-31T20:00:00Z'),
        amount: 50,
        unitId: s1,
      },
      {
        id: 'B',
        customerKind: 'phone',
        customerKey: '13900000001',
        at: Date.parse('2026-03-10T04:00:00Z'),
        amount: 50,
        unitId: s1,
      },
    ]
    await importTransactionRows(scope, { rows })
    await runCohortCellRebuilds(ctx.store.db, NOW)
    expect((await retentionReport(scope, {})).cohorts.map((c) => c.cohort)).toEqual(['2026-02'])
    await nameOrganisation(scope, { name: '连锁', timezone: 'America/New_York' })
    // The cells are on Shanghai's months: not read; the full count on New York's.
    expect((await retentionReport(scope, {})).cohorts.map((c) => c.cohort)).toEqual(['2026-01'])
    await runCohortCellRebuilds(ctx.store.db, NOW)
    const state = await cohortState(ctx.store.db, scope.orgId)
    expect(state).toMatchObject({ time_zone: 'America/New_York', complete: 1 })
    const cells = await cellsByMonth(ctx.store.db, scope.orgId, undefined)
    // January 2026 = 2026 × 12 + 0; March = + 2.
    expect(cells).toEqual([
      { cohort: 24312, month: 24312, active: 1, repeat: 1 },
      { cohort: 24312, month: 24314, active: 1, repeat: 0 },
    ])
    expect((await retentionReport(scope, {})).cohorts.map((c) => c.cohort)).toEqual(['2026-01'])
  })
})
