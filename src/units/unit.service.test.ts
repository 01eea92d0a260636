import { expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import type { Table } from '../tabular/tabular.service.js'
import { importUnits } from './unit-import.service.js'
import { membershipUnits, setMembershipUnits } from './unit-membership.service.js'
import {
  closeUnit,
  createUnit,
  listUnitOutline,
  listUnits,
  membershipUnitIds,
  mergeUnit,
  moveUnit,
  unitAncestry,
  unitByCode,
  unitSubtreeIds,
  unitTreeChangesBetween,
  updateUnit,
  type UnitRecord,
} from './unit.service.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const DAY = 86_400_000

function table(rows: string[][], headers = ['code', 'parent_code', 'name']): Table {
  return { file: 'units.csv', headers, rows }
}

describeEachDialect('organisation units', (ctx) => {
  async function setup() {
    const db = ctx.store.db
    const org = await createOrganisation(db, '华南电网', T0)
    const userId = await createUser(
      { db, orgId: org.id },
      {
        email: 'admin@corp.test',
        displayName: 'admin',
        password: 'work-password-123',
        role: 'admin',
      },
      T0,
    )
    const boot = { orgId: org.id, userId }
    const scopeAt = (now: number): Scope => ({
      db,
      features: ctx.store.features,
      orgId: boot.orgId,
      actor: { type: 'user', id: boot.userId, role: 'admin' },
      now,
    })
    return { db, orgId: boot.orgId, userId: boot.userId, scopeAt }
  }

  it('builds a tree, renames, and answers subtrees and ancestry', async () => {
    const { scopeAt } = await setup()
    const s = scopeAt(T0)
    const province = await createUnit(s, { code: 'GD', nameZh: '广东省公司', type: 'province' })
    const city = await createUnit(s, {
      code: 'GZ',
      nameZh: '广州供电局',
      type: 'city',
      parentId: province.id,
    })
    const county = await createUnit(s, {
      code: 'GZ-TH',
      nameZh: '天河供电分局',
      type: 'county',
      parentId: city.id,
    })
    const other = await createUnit(s, {
      code: 'SZ',
      nameZh: '深圳供电局',
      type: 'city',
      parentId: province.id,
    })
    expect((await listUnits(s)).map((u) => u.code)).toEqual(['GD', 'GZ', 'GZ-TH', 'SZ'])
    expect((await unitSubtreeIds(s, [city.id])).sort()).toEqual([city.id, county.id].sort())
    expect((await unitSubtreeIds(s, [province.id])).sort()).toEqual(
      [province.id, city.id, county.id, other.id].sort(),
    )
    expect((await unitAncestry(s, county.id)).map((u) => u.code)).toEqual(['GD', 'GZ', 'GZ-TH'])
    const renamed = await updateUnit(scopeAt(T0 + 1), city.id, {
      nameZh: '广州供电局（新）',
      nameEn: 'Guangzhou',
    })
    expect(renamed).toMatchObject({ code: 'GZ', nameZh: '广州供电局（新）', nameEn: 'Guangzhou' })
    expect(await unitByCode(s, 'GZ')).toMatchObject({
      id: city.id,
      nameEn: 'Guangzhou',
      parentId: province.id,
    })
    expect(await unitByCode(s, 'NOPE')).toBeNull()
  })

  it('refuses bad input with a specific error and writes nothing', async () => {
    const { db, scopeAt } = await setup()
    const s = scopeAt(T0)
    const a = await createUnit(s, { code: 'A', nameZh: '甲' })
    const b = await createUnit(s, { code: 'B', nameZh: '乙', parentId: a.id })
    const c = await createUnit(s, { code: 'C', nameZh: '丙', parentId: b.id })
    await expect(createUnit(s, { code: 'A', nameZh: '重复' })).rejects.toMatchObject({
      code: 'UNIT_CODE_TAKEN',
    })
    await expect(
      createUnit(s, { code: 'D', nameZh: '丁', parentId: 'unit_missing' }),
    ).rejects.toMatchObject({
      code: 'UNIT_PARENT_NOT_FOUND',
    })
    await expect(createUnit(s, { code: 'bad code!', nameZh: '丁' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(moveUnit(s, a.id, { parentId: c.id })).rejects.toMatchObject({
      code: 'UNIT_CYCLE',
    })
    await expect(moveUnit(s, a.id, { parentId: a.id })).rejects.toMatchObject({
      code: 'UNIT_CYCLE',
    })
    await expect(mergeUnit(s, a.id, { intoId: c.id })).rejects.toMatchObject({ code: 'UNIT_CYCLE' })
    await expect(moveUnit(s, 'unit_missing', { parentId: null })).rejects.toMatchObject({
      code: 'UNIT_NOT_FOUND',
    })
    await expect(closeUnit(s, b.id)).rejects.toMatchObject({ code: 'UNIT_HAS_OPEN_CHILDREN' })
    // Another organisation's unit: named as a parent, a merge target or a unit to move.
    const otherOrg = await createOrganisation(db, '另一家', T0)
    const foreign = await createUnit({ ...s, orgId: otherOrg.id }, { code: 'X', nameZh: '外' })
    await expect(
      createUnit(s, { code: 'E', nameZh: '戊', parentId: foreign.id }),
    ).rejects.toMatchObject({
      code: 'UNIT_OF_OTHER_ORGANISATION',
    })
    await expect(moveUnit(s, c.id, { parentId: foreign.id })).rejects.toMatchObject({
      code: 'UNIT_OF_OTHER_ORGANISATION',
    })
    await expect(mergeUnit(s, c.id, { intoId: foreign.id })).rejects.toMatchObject({
      code: 'UNIT_OF_OTHER_ORGANISATION',
    })
    // The same code in another organisation is fine.
    await createUnit({ ...s, orgId: otherOrg.id }, { code: 'A', nameZh: '甲' })
    // Nothing half-written: the tree is as before.
    const units = await listUnits(s)
    expect(units.map((u) => [u.code, u.parentId, u.closedAt])).toEqual([
      ['A', null, null],
      ['B', a.id, null],
      ['C', b.id, null],
    ])
    // A closed unit takes no children.
    await closeUnit(scopeAt(T0 + 5), c.id)
    await expect(createUnit(s, { code: 'F', nameZh: '己', parentId: c.id })).rejects.toMatchObject({
      code: 'UNIT_CLOSED',
    })
    await expect(moveUnit(s, c.id, { parentId: a.id })).rejects.toMatchObject({
      code: 'UNIT_CLOSED',
    })
    await expect(
      createUnit(
        { ...s, actor: { type: 'user', id: 'v', role: 'viewer' } },
        { code: 'G', nameZh: '庚' },
      ),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })

  it('keeps history: a subtree at a past date is the tree as it stood then', async () => {
    const { scopeAt } = await setup()
    const root = await createUnit(scopeAt(T0), { code: 'P', nameZh: '省' })
    const east = await createUnit(scopeAt(T0), { code: 'E', nameZh: '东市', parentId: root.id })
    const west = await createUnit(scopeAt(T0), { code: 'W', nameZh: '西市', parentId: root.id })
    const county = await createUnit(scopeAt(T0), {
      code: 'E1',
      nameZh: '东一县',
      parentId: east.id,
    })
    // On day 10 the county moves from the east city to the west city; on day 20 it closes.
    await moveUnit(scopeAt(T0 + 10 * DAY), county.id, { parentId: west.id })
    await closeUnit(scopeAt(T0 + 20 * DAY), county.id)
    const now = scopeAt(T0 + 30 * DAY)
    expect((await unitSubtreeIds(now, [east.id], T0 + 5 * DAY)).sort()).toEqual(
      [east.id, county.id].sort(),
    )
    expect(await unitSubtreeIds(now, [west.id], T0 + 5 * DAY)).toEqual([west.id])
    expect(await unitSubtreeIds(now, [east.id], T0 + 15 * DAY)).toEqual([east.id])
    expect((await unitSubtreeIds(now, [west.id], T0 + 15 * DAY)).sort()).toEqual(
      [west.id, county.id].sort(),
    )
    // Closed, it still counts below its parent (its records stay its own), marked closed.
    expect((await unitSubtreeIds(now, [west.id])).sort()).toEqual([west.id, county.id].sort())
    const later = await listUnits(now)
    expect(later.find((u) => u.code === 'E1')).toMatchObject({
      parentId: west.id,
      closedAt: T0 + 20 * DAY,
    })
    const earlier = await listUnits(now, { at: T0 + 5 * DAY })
    expect(earlier.find((u) => u.code === 'E1')).toMatchObject({
      parentId: east.id,
      closedAt: null,
    })
    // Before the tree existed there was nothing.
    expect(await listUnits(now, { at: T0 - 1 })).toEqual([])
    // The league's one-query outline is the same tree at each of those times, sorted by code.
    const outline = ({ geo: _geo, openingHours: _hours, ...rest }: UnitRecord) => rest
    for (const at of [T0 - 1, T0 + 5 * DAY, T0 + 15 * DAY, T0 + 30 * DAY])
      expect(await listUnitOutline(now, { at })).toEqual(
        (await listUnits(now, { at })).map(outline),
      )
    expect((await listUnitOutline(now, { at: T0 + 30 * DAY })).map((u) => u.code)).toEqual([
      'E',
      'E1',
      'P',
      'W',
    ])
    expect(
      (await listUnitOutline(now, { at: T0 + 15 * DAY })).find((u) => u.code === 'E1'),
    ).toMatchObject({ parentId: west.id, closedAt: null })
    expect(await unitSubtreeIds(now, [root.id], T0 - 1)).toEqual([])
    // The tree changed at creation, the move and the closure: one stretch between each.
    expect(await unitTreeChangesBetween(now, T0, T0 + 30 * DAY)).toEqual([
      T0,
      T0 + 10 * DAY,
      T0 + 20 * DAY,
    ])
    expect(await unitTreeChangesBetween(now, T0 + 1, T0 + 20 * DAY)).toEqual([T0 + 10 * DAY])
    expect(await unitTreeChangesBetween(now, T0 + 5, T0 + 5)).toEqual([])
    expect((await unitAncestry(now, county.id, T0 + 5 * DAY)).map((u) => u.code)).toEqual([
      'P',
      'E',
      'E1',
    ])
  })

  it('merges a unit into another: children move, memberships follow, the unit closes', async () => {
    const { scopeAt, userId } = await setup()
    const s = scopeAt(T0)
    const root = await createUnit(s, { code: 'R', nameZh: '总部' })
    const a = await createUnit(s, { code: 'A', nameZh: '甲区', parentId: root.id })
    const b = await createUnit(s, { code: 'B', nameZh: '乙区', parentId: root.id })
    const shop = await createUnit(s, { code: 'A1', nameZh: '甲区一店', parentId: a.id })
    await setMembershipUnits(s, userId, { unitIds: [a.id] })
    await mergeUnit(scopeAt(T0 + DAY), a.id, { intoId: b.id })
    const after = await listUnits(scopeAt(T0 + 2 * DAY))
    expect(after.find((u) => u.code === 'A1')?.parentId).toBe(b.id)
    expect(after.find((u) => u.code === 'A')?.closedAt).toBe(T0 + DAY)
    expect(await membershipUnitIds(s, userId)).toEqual([b.id])
    // Before the merge the shop was under A.
    expect((await unitSubtreeIds(s, [a.id], T0 + 1)).sort()).toEqual([a.id, shop.id].sort())
    await expect(mergeUnit(scopeAt(T0 + 3 * DAY), a.id, { intoId: b.id })).rejects.toMatchObject({
      code: 'UNIT_CLOSED',
    })
  })

  it('assigns memberships to units and refuses a unit of another organisation', async () => {
    const { db, scopeAt, userId } = await setup()
    const s = scopeAt(T0)
    const a = await createUnit(s, { code: 'A', nameZh: '甲' })
    const b = await createUnit(s, { code: 'B', nameZh: '乙' })
    expect(await membershipUnits(s, userId)).toEqual({ unitIds: [], elsewhere: false })
    expect(await setMembershipUnits(s, userId, { unitIds: [b.id, a.id, b.id] })).toEqual({
      membershipId: userId,
      unitIds: [a.id, b.id].sort(),
      elsewhere: false,
    })
    const otherOrg = await createOrganisation(db, '另一家', T0)
    const foreign = await createUnit({ ...s, orgId: otherOrg.id }, { code: 'X', nameZh: '外' })
    await expect(
      setMembershipUnits(s, userId, { unitIds: [a.id, foreign.id] }),
    ).rejects.toMatchObject({
      code: 'UNIT_OF_OTHER_ORGANISATION',
    })
    await expect(
      setMembershipUnits(s, userId, { unitIds: ['unit_missing'] }),
    ).rejects.toMatchObject({
      code: 'UNIT_NOT_FOUND',
    })
    // Still as before the refused calls.
    expect(await membershipUnitIds(db, userId)).toEqual([a.id, b.id].sort())
    await setMembershipUnits(s, userId, { unitIds: [] })
    expect(await membershipUnitIds(db, userId)).toEqual([])
  })

  it('imports a hierarchy idempotently, with a report per row', async () => {
    const { scopeAt } = await setup()
    const rows = [
      ['P', '', '广东省公司'],
      ['C2', 'P', '深圳供电局'],
      ['C1', 'P', '广州供电局'],
      ['C1-K1', 'C1', '天河分局'],
    ]
    const first = await importUnits(scopeAt(T0), table(rows))
    expect(first).toMatchObject({ applied: true, created: 4, updated: 0, unchanged: 0, invalid: 0 })
    expect(first.rows.map((r) => [r.line, r.code, r.outcome])).toEqual([
      [2, 'P', 'created'],
      [3, 'C2', 'created'],
      [4, 'C1', 'created'],
      [5, 'C1-K1', 'created'],
    ])
    const again = await importUnits(scopeAt(T0 + DAY), table(rows))
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 4, invalid: 0 })
    const units = await listUnits(scopeAt(T0 + DAY))
    expect(units.map((u) => u.code)).toEqual(['C1', 'C1-K1', 'C2', 'P'])
    const c1 = units.find((u) => u.code === 'C1')!
    // A move and a rename by import; the move is kept in the history.
    const moved = await importUnits(
      scopeAt(T0 + 2 * DAY),
      table(
        [
          ['C1-K1', 'C2', '天河分局（深圳）', 'county'],
          ['C2', 'P', '深圳供电局', ''],
        ],
        ['编码', '上级编码', '名称', '类型'],
      ),
    )
    expect(moved).toMatchObject({ created: 0, updated: 1, unchanged: 1 })
    const k1 = (await unitByCode(scopeAt(T0), 'C1-K1'))!
    expect(k1).toMatchObject({ nameZh: '天河分局（深圳）', type: 'county' })
    expect((await unitSubtreeIds(scopeAt(T0 + 3 * DAY), [c1.id], T0 + DAY)).sort()).toEqual(
      [c1.id, k1.id].sort(),
    )
    expect(await unitSubtreeIds(scopeAt(T0 + 3 * DAY), [c1.id])).toEqual([c1.id])
  })

  it('import: all-or-nothing writes nothing on a bad row; skip-invalid writes the rest', async () => {
    const { scopeAt } = await setup()
    await importUnits(
      scopeAt(T0),
      table([
        ['P', '', '省'],
        ['A', 'P', '甲'],
      ]),
    )
    const bad = [
      ['B', 'P', '乙'], // fine
      ['B', 'P', '乙again'], // duplicate code in the file
      ['C', 'NOPE', '丙'], // parent that does not exist
      ['D', 'C', '丁'], // parent refused above
      ['X', 'Y', '戊'], // cycle X → Y → X
      ['Y', 'X', '己'],
      ['P', 'A', '省'], // cycle through the stored tree: A is below P
      ['E', 'E', '庚'], // its own parent
      ['bad code', 'P', '辛'], // not a code
      ['F', 'P', ''], // no name
    ]
    const refused = await importUnits(scopeAt(T0 + 1), table(bad))
    expect(refused).toMatchObject({
      mode: 'all-or-nothing',
      applied: false,
      created: 1,
      invalid: 9,
    })
    expect(refused.rows.map((r) => [r.code, r.outcome, r.error])).toEqual([
      ['B', 'created', undefined],
      ['B', 'invalid', 'UNIT_CODE_TAKEN'],
      ['C', 'invalid', 'UNIT_PARENT_NOT_FOUND'],
      ['D', 'invalid', 'UNIT_PARENT_NOT_FOUND'],
      ['X', 'invalid', 'UNIT_CYCLE'],
      ['Y', 'invalid', 'UNIT_CYCLE'],
      ['P', 'invalid', 'UNIT_CYCLE'],
      ['E', 'invalid', 'UNIT_CYCLE'],
      ['bad code', 'invalid', 'VALIDATION_FAILED'],
      ['F', 'invalid', 'VALIDATION_FAILED'],
    ])
    expect((await listUnits(scopeAt(T0 + 2))).map((u) => u.code)).toEqual(['A', 'P'])
    const skipped = await importUnits(scopeAt(T0 + 2), table(bad), { mode: 'skip-invalid' })
    expect(skipped).toMatchObject({ applied: true, created: 1, invalid: 9 })
    expect((await listUnits(scopeAt(T0 + 3))).map((u) => u.code)).toEqual(['A', 'B', 'P'])
    await expect(
      importUnits(scopeAt(T0), table([['Q', '', 'x']], ['code', 'name'])),
    ).rejects.toMatchObject({
      code: 'COLUMN_NOT_FOUND',
    })
  })
})
