import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  baselineFile,
  cruiseTypeScript,
  describeViolation,
  markTypeOnlyImports,
  type DepCruiseOutput,
} from '../scripts/lint-deps.mjs'
import { mayQuery, tableViolations, tablesNamedIn } from '../scripts/lint-tables.mjs'

// The import rules of .dependency-cruiser.cjs, run the way `npm run lint:deps` runs them:
// once on a small tree with one deliberate violation of each rule (each must be reported),
// once on the real src/ (nothing beyond the checked-in baseline may be reported).

/** The fixture tree: path → source. Written to a temporary directory, so the real run never sees it. */
const FIXTURE: Record<string, string> = {
  'src/shared/ids.ts': `export const newId = (): string => 'id'\n`,
  'src/config.ts': `export interface Config { dbUrl: string }\n`,
  // allowed: the Database interface assembles table types; a domain's service and its own table
  'src/db/database.ts': `import type { SurveyTable } from '../surveys/survey.table.js'\nexport interface Database { surveys: SurveyTable }\n`,
  'src/surveys/survey.table.ts': `export interface SurveyTable { id: string }\n`,
  'src/surveys/survey.service.ts': `import type { SurveyTable } from './survey.table.js'\nimport { newId } from '../shared/ids.js'\nexport const makeSurvey = (): SurveyTable => ({ id: newId() })\n`,
  'src/surveys/survey.schema.ts': `export const PHONE = /^[0-9]+$/\n`,
  'src/surveys/survey-logic.ts': `export interface ShowIf { key: string }\nexport const conditionHolds = (c: ShowIf): boolean => c.key !== ''\n`,
  'src/cases/case.service.ts': [
    // allowed: another domain's service, its schema, and a type of any other file of it
    `import { makeSurvey } from '../surveys/survey.service.js'`,
    `import { PHONE } from '../surveys/survey.schema.js'`,
    `import type { ShowIf } from '../surveys/survey-logic.js'`,
    // violation: domain-not-into-tables (another domain's table, even as a type)
    `import { type SurveyTable } from '../surveys/survey.table.js'`,
    `export const openCase = (): SurveyTable => makeSurvey()`,
    `export const shown = (c: ShowIf): boolean => PHONE.test(c.key)`,
  ].join('\n'),
  // violation: domain-through-service (running code of another domain's inside, not its service)
  'src/cases/case-rules.ts': `import { conditionHolds } from '../surveys/survey-logic.js'\nexport const holds = conditionHolds\n`,
  // violation: no-circular, made of a value import one way and a type-only import back
  'src/cases/cycle-a.ts': `import { b } from './cycle-b.js'\nexport interface A { n: number }\nexport const a = b + 1\n`,
  'src/cases/cycle-b.ts': `import type {\n  A,\n} from './cycle-a.js'\nexport const b = 1\nexport const typed: A | null = null\n`,
  // violation: domains-not-from-above
  'src/cases/case-jobs.ts': `import { jobsOf } from '../server/deps.js'\nexport const wake = jobsOf\n`,
  // violation: analytics-is-pure (shared is fine)
  'src/analytics/nps.ts': `import { newId } from '../shared/ids.js'\nimport { openCase } from '../cases/case.service.js'\nexport const nps = (): string => newId() + openCase().id\n`,
  // violation: migrations-import-nothing-live (which also breaks db-imports-no-domain)
  'src/db/migrations/0001-initial.ts': `import { makeSurvey } from '../../surveys/survey.service.js'\nexport const COLUMNS = [makeSurvey().id]\n`,
  // violation: db-imports-no-domain
  'src/db/seed.ts': `import { openCase } from '../cases/case.service.js'\nexport const seed = openCase\n`,
  'src/server/deps.ts': `import type { Config } from '../config.js'\nexport const jobsOf = (config: Config): string => config.dbUrl\n`,
  'src/cli/open-store.ts': `export const openStore = (): null => null\n`,
  // violation: server-not-from-cli
  'src/server/start.ts': `import { openStore } from '../cli/open-store.js'\nexport const start = openStore\n`,
  // violations: routes-not-into-tables (a table type) and routes-call-services (a domain's inside);
  // the service, the schema and a type of the inside are fine
  'src/server/routes/surveys.routes.ts': [
    `import { makeSurvey } from '../../surveys/survey.service.js'`,
    `import { PHONE } from '../../surveys/survey.schema.js'`,
    `import type { SurveyTable } from '../../surveys/survey.table.js'`,
    `import { conditionHolds, type ShowIf } from '../../surveys/survey-logic.js'`,
    `export const route = (): SurveyTable => makeSurvey()`,
    `export const check = (c: ShowIf): boolean => conditionHolds(c) && PHONE.test(c.key)`,
  ].join('\n'),
}

const EXPECTED = [
  'no-circular: src/cases/cycle-a.ts → src/cases/cycle-b.ts',
  'analytics-is-pure: src/analytics/nps.ts → src/cases/case.service.ts',
  'migrations-import-nothing-live: src/db/migrations/0001-initial.ts → src/surveys/survey.service.ts',
  'db-imports-no-domain: src/db/migrations/0001-initial.ts → src/surveys/survey.service.ts',
  'db-imports-no-domain: src/db/seed.ts → src/cases/case.service.ts',
  'server-not-from-cli: src/server/start.ts → src/cli/open-store.ts',
  'domains-not-from-above: src/cases/case-jobs.ts → src/server/deps.ts',
  'routes-not-into-tables: src/server/routes/surveys.routes.ts → src/surveys/survey.table.ts',
  'routes-call-services: src/server/routes/surveys.routes.ts → src/surveys/survey-logic.ts',
  'domain-not-into-tables: src/cases/case.service.ts → src/surveys/survey.table.ts',
  'domain-through-service: src/cases/case-rules.ts → src/surveys/survey-logic.ts',
]

const summarise = (output: DepCruiseOutput, severity = 'error') =>
  output.summary.violations
    .filter((v) => v.rule.severity === severity)
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)

describe('import rules (.dependency-cruiser.cjs)', () => {
  let fixtureRoot = ''
  beforeAll(async () => {
    fixtureRoot = await mkdtemp(join(tmpdir(), 'manyi-rules-'))
    for (const [path, source] of Object.entries(FIXTURE)) {
      await mkdir(dirname(join(fixtureRoot, path)), { recursive: true })
      await writeFile(join(fixtureRoot, path), source)
    }
  })
  afterAll(async () => {
    if (fixtureRoot) await rm(fixtureRoot, { recursive: true, force: true })
  })

  it('reports one deliberate violation of each rule, and nothing that is allowed', async () => {
    const output = await cruiseTypeScript({ rootDir: fixtureRoot })
    expect(summarise(output).sort()).toEqual([...EXPECTED].sort())
    // one report per cycle, naming the way back, here a type-only import
    const cycle = output.summary.violations.find((v) => v.rule.name === 'no-circular')
    expect(cycle?.cycle?.map((step) => step.name)).toEqual([
      'src/cases/cycle-b.ts',
      'src/cases/cycle-a.ts',
    ])
  })

  it('reports a violation listed in a baseline as known, and still fails on the others', async () => {
    const known = [
      {
        type: 'dependency',
        from: 'src/cases/case-rules.ts',
        to: 'src/surveys/survey-logic.ts',
        rule: { severity: 'error', name: 'domain-through-service' },
      },
    ]
    const output = await cruiseTypeScript({ rootDir: fixtureRoot, knownViolations: known })
    expect(summarise(output, 'ignore')).toEqual([
      'domain-through-service: src/cases/case-rules.ts → src/surveys/survey-logic.ts',
    ])
    expect(summarise(output).sort()).toEqual(
      EXPECTED.filter((v) => !v.startsWith('domain-through-service')).sort(),
    )
  })

  it('keeps type-only imports as dependencies, on the lines they were on', () => {
    const source = `import type { A } from './a.js'\nimport {\n  type B,\n  type C,\n} from './b.js'\nimport { type D, e } from './d.js'\nexport type { F } from './f.js'\n`
    expect(markTypeOnlyImports(source)).toBe(
      `__typeOnlyImport("./a.js")\n__typeOnlyImport("./b.js")\n\n\n\nimport { type D, e } from './d.js'\n__typeOnlyImport("./f.js")\n`,
    )
  })

  it('finds no cycle and no violation in src/ beyond the checked-in baseline', async () => {
    const known = JSON.parse(await readFile(baselineFile, 'utf8')) as unknown[]
    const output = await cruiseTypeScript({ knownViolations: known })
    expect(output.summary.totalCruised).toBeGreaterThan(300)
    expect(
      output.summary.violations.filter((v) => v.rule.severity === 'error').map(describeViolation),
    ).toEqual([])
    expect(output.summary.violations.filter((v) => v.rule.name === 'no-circular')).toEqual([])
    // Cruising the whole tree: 7 s alone, past the default 30 s in a full run on a busy machine.
  }, 120_000)
})

describe('table ownership (scripts/lint-tables.mjs)', () => {
  it('finds Kysely calls and raw SQL naming a table, with their lines', () => {
    const source = [
      `const a = await db.selectFrom('cases').selectAll().execute()`,
      `await db.insertInto("case_events as e").values(row).execute()`,
      `const b = await sql\`select 1 from invitations i join users u on true\`.execute(db)`,
      `const note = 'text about cases that is not a query'`,
    ].join('\n')
    expect(tablesNamedIn(source)).toEqual([
      { table: 'cases', line: 1 },
      { table: 'case_events', line: 2 },
      { table: 'invitations', line: 3 },
      { table: 'users', line: 3 },
    ])
  })

  it("allows a table only in its owner's repositories, the store's own code and tests", () => {
    expect(mayQuery('src/cases/case.repository.ts', 'cases')).toBe(true)
    expect(mayQuery('src/cases/case.service.ts', 'cases')).toBe(false)
    expect(mayQuery('src/cases/case.repository.ts', 'invitations')).toBe(false)
    expect(mayQuery('src/server/routes/invitation-pages.routes.ts', 'invitations')).toBe(false)
    expect(mayQuery('src/demo/demo-cases.ts', 'cases')).toBe(false)
    expect(mayQuery('src/db/migrations/0005-cases.ts', 'cases')).toBe(true)
    expect(mayQuery('src/cases/case.service.test.ts', 'users')).toBe(true)
    expect(mayQuery('src/cases/case.repository.ts', 'no_such_table')).toBe(false)
  })

  it('reports a deliberate violation in a tree, and none in src/', async () => {
    const root = await mkdtemp(join(tmpdir(), 'manyi-tables-'))
    try {
      await mkdir(join(root, 'src/cases'), { recursive: true })
      await writeFile(
        join(root, 'src/cases/case-follow-up.ts'),
        `export const f = (db) => db.insertInto('invitations').values({}).execute()\n`,
      )
      await writeFile(
        join(root, 'src/cases/case.repository.ts'),
        `export const g = (db) => db.selectFrom('cases').selectAll().execute()\n`,
      )
      expect(await tableViolations(root)).toEqual([
        'src/cases/case-follow-up.ts:1 invitations (distribution)',
      ])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
    expect(await tableViolations()).toEqual([])
  })
})
