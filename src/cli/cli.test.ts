import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { authenticateToken } from '../auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { connectStore } from '../db/connect.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { builtManyi } from './built-manyi.js'
import { runManyi } from './test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
const db = `sqlite:${join(dir, 'cli.db')}`
// In this process: the whole program on argv, its output and exit code captured (test-cli.ts).
const manyi = (...args: string[]) => runManyi(args, { MANYI_DB_URL: db })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('the built binary runs as production does: --help, and an error as JSON with exit code 2', async () => {
  // The one spawned test: the process entry (bin.ts compiled by scripts/build.mjs) and its exit code.
  const run = async (...args: string[]) =>
    promisify(execFile)(process.execPath, [await builtManyi(), ...args], {
      env: { ...process.env, MANYI_DB_URL: db },
    })
  const help = (await run('--help')).stdout
  for (const command of ['serve', 'migrate', 'demo', 'token', 'user', 'analyze', 'import'])
    expect(help).toContain(command)
  const failure = await run('token', 'create', '--name', 'x', '--role', 'owner', '--json').catch(
    (e: { code: number; stdout: string }) => e,
  )
  expect(failure).toMatchObject({ code: 2 })
  expect(JSON.parse(failure.stdout).error.code).toBe('VALIDATION_FAILED')
})

it('token create on an empty database creates the organisation and prints a working token', async () => {
  const run = await manyi('token', 'create', '--name', 'ci', '--role', 'analyst', '--json')
  expect(run.code).toBe(0)
  const created = JSON.parse(run.stdout)
  expect(created).toMatchObject({ name: 'ci', role: 'analyst' })
  expect(created.token).toMatch(/^mny_[A-Za-z0-9_-]{43}$/)
  const store = connectStore({ url: db })
  try {
    const principal = await authenticateToken(store.db, created.token, Date.now())
    expect(principal).toMatchObject({
      orgId: created.orgId,
      actor: { type: 'token', role: 'analyst' },
    })
  } finally {
    await store.close()
  }
})

it('rejects a bad role with exit code 2 and names the field', async () => {
  const failure = await manyi('token', 'create', '--name', 'x', '--role', 'owner', '--json')
  expect(failure.code).toBe(2)
  const body = JSON.parse(failure.stdout)
  expect(body.error).toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [
      {
        path: 'role',
        allowed: 'admin, security_admin, auditor, supervisor, analyst, agent, viewer, employee',
      },
    ],
  })
})

it('migrate reports an up-to-date database; --help lists the commands', async () => {
  expect(await manyi('migrate')).toMatchObject({ code: 0, stdout: 'Database is up to date.\n' })
  const help = (await manyi('--help')).stdout
  for (const command of ['serve', 'migrate', 'demo', 'token']) expect(help).toContain(command)
})

it('import responses reports bad rows with exit code 2; export writes the answers back out', async () => {
  const { stdout } = await manyi('token', 'create', '--name', 'files', '--json')
  const token = JSON.parse(stdout).token as string
  const store = connectStore({ url: db })
  let surveyId: string
  try {
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': 'CLI 导入' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
    })
    surveyId = (await publishSurvey(scope, survey.id)).id
  } finally {
    await store.close()
  }
  expect(token).toMatch(/^mny_/)
  writeFileSync(join(dir, 'import.csv'), 'nps\n10\n7\n12\n')
  const failed = await manyi(
    'import',
    'responses',
    '--survey',
    surveyId,
    '--input',
    join(dir, 'import.csv'),
    '--json',
  )
  expect(failed.code).toBe(2)
  expect(JSON.parse(failed.stdout)).toMatchObject({
    imported: 0,
    invalid: 1,
    issues: [{ row: 4, column: 'nps' }],
  })
  const skipped = await manyi(
    'import',
    'responses',
    '--survey',
    surveyId,
    '--input',
    join(dir, 'import.csv'),
    '--mode',
    'skip-invalid',
    '--json',
  )
  // Rows were left out, so the run still exits 2 for a script to notice.
  expect(skipped.code).toBe(2)
  expect(JSON.parse(skipped.stdout)).toMatchObject({ imported: 2, invalid: 1 })
  const exported = await manyi(
    'export',
    'responses',
    '--survey',
    surveyId,
    '--output',
    join(dir, 'out.csv'),
    '--lang',
    'en-US',
  )
  expect(exported).toMatchObject({ code: 0, stdout: `Wrote ${join(dir, 'out.csv')}.\n` })
  const lines = readFileSync(join(dir, 'out.csv'), 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split('\n')
  expect(lines[0]).toBe(
    'Response id,Submitted at (UTC+8),Channel,Language,推荐 [nps],Duration (s),Quality flags',
  )
  expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(['10', '7'])
})
