import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { authenticateToken } from '../auth/auth.service.js'
import { connectStore } from '../db/connect.js'
import { builtManyi } from './built-manyi.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
const db = `sqlite:${join(dir, 'cli.db')}`
// The CLI as production runs it, compiled from the current sources (never a stale dist/).
const manyi = async (...args: string[]) =>
  run(process.execPath, [await builtManyi(), ...args], {
    env: { ...process.env, MANYI_DB_URL: db },
  })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('token create on an empty database creates the organisation and prints a working token', async () => {
  const { stdout } = await manyi('token', 'create', '--name', 'ci', '--role', 'analyst', '--json')
  const created = JSON.parse(stdout)
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
  const failure = await manyi('token', 'create', '--name', 'x', '--role', 'owner', '--json').catch(
    (e) => e,
  )
  expect(failure.code).toBe(2)
  const body = JSON.parse(failure.stdout)
  expect(body.error).toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [{ path: 'role', allowed: 'admin, supervisor, analyst, agent, viewer' }],
  })
})

it('migrate reports an up-to-date database; --help lists the commands', async () => {
  expect((await manyi('migrate')).stdout.trim()).toBe('Database is up to date.')
  const help = (await manyi('--help')).stdout
  for (const command of ['serve', 'migrate', 'demo', 'token']) expect(help).toContain(command)
})

it('import responses reports bad rows with exit code 2; export writes the answers back out', async () => {
  const { stdout } = await manyi('token', 'create', '--name', 'files', '--json')
  const token = JSON.parse(stdout).token as string
  const { connectStore: connect } = await import('../db/connect.js')
  const { createSurvey, publishSurvey } = await import('../surveys/survey.service.js')
  const { systemScopeOfFirstOrg } = await import('../auth/bootstrap.js')
  const store = connect({ url: db })
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
  const { writeFileSync, readFileSync } = await import('node:fs')
  writeFileSync(join(dir, 'import.csv'), 'nps\n10\n7\n12\n')
  const failed = await manyi(
    'import',
    'responses',
    '--survey',
    surveyId,
    '--input',
    join(dir, 'import.csv'),
    '--json',
  ).catch((e) => e)
  expect(failed.code).toBe(2)
  expect(JSON.parse(failed.stdout)).toMatchObject({
    imported: 0,
    invalid: 1,
    issues: [{ row: 4, column: 'nps' }],
  })
  const ok = JSON.parse(
    (
      await manyi(
        'import',
        'responses',
        '--survey',
        surveyId,
        '--input',
        join(dir, 'import.csv'),
        '--mode',
        'skip-invalid',
        '--json',
      ).catch((e) => e)
    ).stdout,
  )
  expect(ok).toMatchObject({ imported: 2, invalid: 1 })
  await manyi(
    'export',
    'responses',
    '--survey',
    surveyId,
    '--output',
    join(dir, 'out.csv'),
    '--lang',
    'en-US',
  )
  const exported = readFileSync(join(dir, 'out.csv'), 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split('\n')
  expect(exported[0]).toBe(
    'Response id,Submitted at,Channel,Language,推荐 [nps],Duration (s),Quality flags',
  )
  expect(exported.slice(1).map((line) => line.split(',')[4])).toEqual(['10', '7'])
})
