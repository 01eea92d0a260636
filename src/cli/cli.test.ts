import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { authenticateToken } from '../auth/auth.service.js'
import { connectStore } from '../db/connect.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
const db = `sqlite:${join(dir, 'cli.db')}`
const manyi = (...args: string[]) => run(process.execPath, ['bin/manyi.js', ...args], { env: { ...process.env, MANYI_DB_URL: db } })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('token create on an empty database creates the organisation and prints a working token', async () => {
  const { stdout } = await manyi('token', 'create', '--name', 'ci', '--role', 'analyst', '--json')
  const created = JSON.parse(stdout)
  expect(created).toMatchObject({ name: 'ci', role: 'analyst' })
  expect(created.token).toMatch(/^mny_[A-Za-z0-9_-]{43}$/)
  const store = connectStore({ url: db })
  try {
    const principal = await authenticateToken(store.db, created.token, Date.now())
    expect(principal).toMatchObject({ orgId: created.orgId, actor: { type: 'token', role: 'analyst' } })
  } finally {
    await store.close()
  }
})

it('rejects a bad role with exit code 2 and names the field', async () => {
  const failure = await manyi('token', 'create', '--name', 'x', '--role', 'owner', '--json').catch((e) => e)
  expect(failure.code).toBe(2)
  const body = JSON.parse(failure.stdout)
  expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'role', allowed: 'admin, analyst, agent, viewer' }] })
})

it('migrate reports an up-to-date database; --help lists the commands', async () => {
  expect((await manyi('migrate')).stdout.trim()).toBe('Database is up to date.')
  const help = (await manyi('--help')).stdout
  for (const command of ['serve', 'migrate', 'demo', 'token']) expect(help).toContain(command)
})
