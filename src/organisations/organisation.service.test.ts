import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { parseDataKeys } from '../personal-data/keyring.js'
import { sealAllPersonalData } from '../personal-data/personal-data-sealing.service.js'
import { currentSealPrefix } from '../personal-data/personal-field.service.js'
import { signLinkToken, verifyLinkToken } from '../surveys/signed-link.js'
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

  // The link secret is sealed with the keyring like every other secret (organisation.service.ts).
  const KEY_A = `a:${Buffer.alloc(32, 31).toString('base64')}`
  const KEY_B = `b:${Buffer.alloc(32, 32).toString('base64')}`
  const keyed = (keys: string) => withDataKeys(ctx.store.db, parseDataKeys(keys))
  const stored = async (orgId: string) =>
    (
      await sql<{
        link_secret: string | null
      }>`select link_secret from organisations where id = ${orgId}`.execute(ctx.store.db)
    ).rows[0]!.link_secret

  it('keeps a new link secret sealed with the keyring, and as is without one', async () => {
    const db = keyed(KEY_A)
    const { id } = await createOrganisation(ctx.store.db, 'Sealed links', NOW)
    const secret = await linkSecretOf({ db, orgId: id })
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    const raw = (await stored(id))!
    expect(raw.startsWith(currentSealPrefix(db)!)).toBe(true)
    expect(raw).not.toContain(secret)
    expect(await linkSecretOf({ db, orgId: id })).toBe(secret)
    expect(await stored(id)).toBe(raw)
    // A store handle without keys (a command-line tool on a copy) keeps what it makes as is.
    const plain = await createOrganisation(ctx.store.db, 'Plain links', NOW)
    const unsealed = await linkSecretOf({ db: ctx.store.db, orgId: plain.id })
    expect(await stored(plain.id)).toBe(unsealed)
  })

  it('seals a link secret stored before sealing on its first read; links signed before still verify', async () => {
    const { id } = await createOrganisation(ctx.store.db, 'Old links', NOW)
    const old = 'old-link-secret-stored-in-plaintext-0123456789'
    await sql`update organisations set link_secret = ${old} where id = ${id}`.execute(ctx.store.db)
    const token = signLinkToken(old, { fields: { store: 'SH-01' } })
    const db = keyed(KEY_A)
    expect(await linkSecretOf({ db, orgId: id })).toBe(old)
    const raw = (await stored(id))!
    expect(raw.startsWith(currentSealPrefix(db)!)).toBe(true)
    expect(raw).not.toContain(old)
    expect(verifyLinkToken(await linkSecretOf({ db, orgId: id }), token, NOW)).toEqual({
      store: 'SH-01',
    })
    // After a key rotation, the sweep seals it again under the new key, the same secret.
    const rotated = keyed(`${KEY_B},${KEY_A}`)
    const counts = await sealAllPersonalData({ db: rotated, features: ctx.store.features })
    expect(counts.organisations).toBeGreaterThanOrEqual(1)
    expect((await stored(id))!.startsWith(currentSealPrefix(rotated)!)).toBe(true)
    expect(
      verifyLinkToken(await linkSecretOf({ db: keyed(KEY_B), orgId: id }), token, NOW),
    ).toEqual({ store: 'SH-01' })
  })

  it('has the sealing sweep seal link secrets stored before sealing', async () => {
    const { id } = await createOrganisation(ctx.store.db, 'Swept links', NOW)
    const old = 'swept-link-secret-in-plaintext-9876543210abcdef'
    await sql`update organisations set link_secret = ${old} where id = ${id}`.execute(ctx.store.db)
    const token = signLinkToken(old, { fields: { unit: 'K1' } })
    // Both keys: an earlier test left a secret sealed under B in this store.
    const db = keyed(`${KEY_B},${KEY_A}`)
    await sealAllPersonalData({ db, features: ctx.store.features })
    const raw = (await stored(id))!
    expect(raw.startsWith(currentSealPrefix(db)!)).toBe(true)
    expect(raw).not.toContain(old)
    expect(verifyLinkToken(await linkSecretOf({ db, orgId: id }), token, NOW)).toEqual({
      unit: 'K1',
    })
  })
})
