import { expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  createOrganisation,
  findOrganisation,
  firstOrganisation,
  linkSecretOf,
  listOrganisations,
  organisationTimezone,
} from './organisation.service.js'

const NOW = Date.UTC(2026, 5, 2, 3, 0)

describeEachDialect('organisations service', (ctx) => {
  it('creates an organisation in its time zone and finds it by id, in the list and as its zone', async () => {
    const created = await createOrganisation(ctx.store.db, 'Berlin office', NOW, 'Europe/Berlin')
    expect(await findOrganisation({ db: ctx.store.db, orgId: created.id })).toEqual({
      id: created.id,
      name: 'Berlin office',
      timezone: 'Europe/Berlin',
    })
    expect(
      await findOrganisation({ db: ctx.store.db, orgId: 'no-such-organisation' }),
    ).toBeUndefined()
    expect((await listOrganisations(ctx.store.db)).map((o) => o.id)).toContain(created.id)
    expect(await organisationTimezone({ db: ctx.store.db, orgId: created.id })).toBe(
      'Europe/Berlin',
    )
    expect(await firstOrganisation(ctx.store.db, created.id)).toBe(created.id)
    expect(await firstOrganisation(ctx.store.db, 'no-such-organisation')).toBeUndefined()
  })

  it('makes one link secret on first use, however many ask at once', async () => {
    const { id } = await createOrganisation(ctx.store.db, 'Signed links', NOW)
    const secrets = await Promise.all(
      Array.from({ length: 5 }, () => linkSecretOf({ db: ctx.store.db, orgId: id })),
    )
    expect(new Set(secrets).size).toBe(1)
    expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    expect(await linkSecretOf({ db: ctx.store.db, orgId: id })).toBe(secrets[0])
  })
})
