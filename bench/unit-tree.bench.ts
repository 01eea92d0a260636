/**
 * Unit tree listing benchmark: the tree as it stands now, of a province → 20 cities → 979
 * counties (1,000 units, as bench/league.bench.ts), on SQLite or PostgreSQL — listUnits (units and
 * their periods in two queries, places and hours parsed) against listUnitOutline (one query, what
 * a tree needs; what the league reads) — beside the league over the same tree (no answers: its
 * roll-up reads return nothing, so what is left is the tree and the queries' fixed costs). The
 * three run interleaved in one process, p50 of each.
 *
 *   node --import tsx bench/unit-tree.bench.ts [--dialect sqlite|postgres] [--runs 31]
 *
 * Data made up here, so the numbers say how fast, not how good.
 */
import { performance } from 'node:perf_hooks'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { unitLeague } from '../src/targets/league.service.js'
import { createUnit, listUnitOutline, listUnits } from '../src/units/unit.service.js'

const DAY_MS = 86_400_000
const NOW = Date.parse('2026-11-23T04:00:00Z')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

const dialect = arg('dialect', 'sqlite') as DialectName
const runs = Number(arg('runs', '31'))

const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@tree.local', 'bench-password-1', NOW - 400 * DAY_MS)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW - 400 * DAY_MS))!
const province = await createUnit(scope, { code: 'P', nameZh: '省公司', type: 'province' })
for (let c = 0; c < 20; c++) {
  const city = await createUnit(scope, {
    code: `C${c}`,
    nameZh: `地市${c}`,
    type: 'city',
    parentId: province.id,
  })
  const perCity = c < 19 ? 49 : 979 - 19 * 49
  for (let k = 0; k < perCity; k++)
    await createUnit(scope, {
      code: `C${c}-K${k}`,
      nameZh: `县${c}-${k}`,
      type: 'county',
      parentId: city.id,
    })
}

const at = { ...scope, now: NOW }
const variants: Record<string, () => Promise<unknown>> = {
  listUnits: () => listUnits(at, { at: NOW }),
  listUnitOutline: () => listUnitOutline(at, { at: NOW }),
  league: () => unitLeague(at, { parentId: province.id, metric: 'nps', period: '2026' }),
}
const times: Record<string, number[]> = Object.fromEntries(
  Object.keys(variants).map((k) => [k, []]),
)
for (const run of Object.values(variants)) await run()
for (let i = 0; i < runs; i++)
  for (const [name, run] of Object.entries(variants)) {
    const start = performance.now()
    await run()
    times[name]!.push(performance.now() - start)
  }
const p50 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!
const units = (await listUnits(at, { at: NOW })).length
console.log(
  JSON.stringify({
    dialect,
    units,
    runs,
    ...Object.fromEntries(
      Object.entries(times).map(([k, v]) => [`${k}P50Ms`, Number(p50(v).toFixed(2))]),
    ),
    loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
  }),
)
await store.close()
process.exit(0)
