import { expect, it } from 'vitest'
import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import { loadConfig } from '../config.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  nameFirstOrganisationAtStart,
  nameOrganisation,
  organisationSettings,
} from './organisation-profile.service.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('the organisation’s chosen name', (ctx) => {
  it('a new installation is unnamed until the start-up setting or its administrator names it', async () => {
    const db = ctx.store.db
    const { orgId } = (await bootstrapFirstAdmin(db, 'a@test.local', 'a-password-1234', NOW))!
    expect(await organisationSettings({ db, orgId })).toMatchObject({
      name: '我的组织',
      named: false,
    })
    // MANYI_ORG_NAME / --org-name.
    expect(await nameFirstOrganisationAtStart(db, ' 华东电力客服中心 ', NOW + 1)).toBe(true)
    expect(await organisationSettings({ db, orgId })).toMatchObject({
      name: '华东电力客服中心',
      timezone: 'Asia/Shanghai',
      named: true,
    })
    // The administrator renames it; the setting no longer overrides their choice on the next start.
    const scope: Scope = {
      db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u1', role: 'admin' },
      now: NOW + 2,
    }
    await nameOrganisation(scope, { name: '华东电力', timezone: 'Asia/Hong_Kong' })
    expect(await nameFirstOrganisationAtStart(db, '华东电力客服中心', NOW + 3)).toBe(false)
    expect(await organisationSettings({ db, orgId })).toMatchObject({
      name: '华东电力',
      timezone: 'Asia/Hong_Kong',
      named: true,
    })
    await expect(
      nameOrganisation(
        { ...scope, actor: { type: 'user', id: 'u2', role: 'analyst' } },
        {
          name: 'x',
        },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(nameOrganisation(scope, { name: '  ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })
})

it('MANYI_ORG_NAME is read from the environment', () => {
  expect(loadConfig({ MANYI_ORG_NAME: '华东电力' }).orgName).toBe('华东电力')
  expect(loadConfig({}).orgName).toBeUndefined()
})
