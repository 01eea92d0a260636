import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { connectStore } from '../../db/connect.js'
import { runManyi } from '../test-cli.js'

// `manyi org …` and `manyi operator grant` on a database file, in-process. The services behind
// them are tested on both stores over HTTP (src/auth/identity.api.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'manyi-org-cli-'))
const url = `sqlite:${join(dir, 'org.db')}`
const env = {
  MANYI_DB_URL: url,
  MANYI_ADMIN_EMAIL: 'first@ops.test',
  MANYI_ADMIN_PASSWORD: 'first-admin-pw-42',
}
const manyi = (...args: string[]) => runManyi(args, env)
const json = async (...args: string[]) => {
  const run = await manyi(...args, '--json')
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout)
}

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('creates, lists, suspends, resumes and configures organisations, and grants the operator flag', async () => {
  const created = await json(
    'org',
    'create',
    '--name',
    '华东电力客服中心',
    '--timezone',
    'Asia/Urumqi',
    '--admin-email',
    'Boss@East.test',
    '--admin-name',
    '王经理',
  )
  expect(created).toMatchObject({
    organisation: {
      name: '华东电力客服中心',
      timezone: 'Asia/Urumqi',
      status: 'active',
      members: 1,
    },
    admin: { email: 'boss@east.test' },
    existingPerson: false,
  })
  expect(created.generatedPassword).toMatch(/^\S{12,}$/)
  const orgId = created.organisation.id as string

  const listed = await json('org', 'list')
  // The first start made the first organisation; the new one follows it.
  expect(listed.organisations.map((o: { name: string }) => o.name)).toEqual([
    '我的组织',
    '华东电力客服中心',
  ])
  const text = await manyi('org', 'list')
  expect(text.stdout).toContain(`${orgId}  active     Asia/Urumqi`)

  expect(await json('org', 'suspend', orgId)).toMatchObject({ status: 'suspended' })
  expect(await json('org', 'resume', orgId)).toMatchObject({ status: 'active', suspendedAt: null })
  expect(await json('org', 'configure', orgId, '--timezone', 'Asia/Shanghai')).toMatchObject({
    name: '华东电力客服中心',
    timezone: 'Asia/Shanghai',
  })

  const unknown = await manyi('org', 'suspend', 'no-such-org')
  expect(unknown.code).not.toBe(0)
  expect(unknown.stderr).toContain('ORGANISATION_NOT_FOUND')
  const nothing = await manyi('org', 'configure', orgId)
  expect(nothing.stderr).toContain('VALIDATION_FAILED')

  expect(await json('operator', 'grant', 'BOSS@east.test')).toEqual({
    email: 'boss@east.test',
    isOperator: true,
  })
  const missing = await manyi('operator', 'grant', 'nobody@east.test')
  expect(missing.stderr).toContain('USER_NOT_FOUND')

  const store = connectStore({ url })
  try {
    const operators = await store.db
      .selectFrom('identities')
      .select('email')
      .where('is_operator', '=', 1)
      .orderBy('email')
      .execute()
    // The first start's administrator is an operator too.
    expect(operators.map((o) => o.email)).toEqual(['boss@east.test', 'first@ops.test'])
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type', 'actor_id'])
      .where('org_id', '=', orgId)
      .where((eb) =>
        eb.or([eb('action', 'like', 'organisation.%'), eb('action', '=', 'identity.operator')]),
      )
      .orderBy('created_at')
      .execute()
    expect(audit.map((a) => [a.action, a.actor_type, a.actor_id])).toEqual([
      ['organisation.create', 'system', 'cli'],
      ['organisation.suspend', 'system', 'cli'],
      ['organisation.resume', 'system', 'cli'],
      ['organisation.configure', 'system', 'cli'],
      ['identity.operator', 'system', 'cli'],
    ])
  } finally {
    await store.close()
  }
})
