import { expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { generateDataKey, newKeyring, withCurrentKey } from '../personal-data/keyring.js'
import { resealSignInSecrets } from './sign-in-secrets.service.js'
import { openSecret, sealSecret } from './sso/sealed-secret.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('sign-in secrets re-sealed after a key rotation', (ctx) => {
  it('moves TOTP and provider secrets to the current key without loss', async () => {
    const oldRing = newKeyring(NOW)
    const before = withDataKeys(ctx.store.db, oldRing)
    await before
      .insertInto('organisations')
      .values({ id: 'o-1', name: 'A', timezone: 'Asia/Shanghai', created_at: NOW })
      .execute()
    await before
      .insertInto('mfa_totp')
      .values([
        { identity_id: 'i-1', secret: sealSecret(before, 'JBSWY3DPEHPK3PXP'), created_at: NOW },
        // Stored before sealing existed: plaintext, sealed now too.
        { identity_id: 'i-2', secret: 'KRSXG5CTMVRXEZLU', created_at: NOW },
      ])
      .execute()
    await before
      .insertInto('sso_providers')
      .values({
        id: 'p-1',
        org_id: 'o-1',
        kind: 'oidc',
        name: 'IdP',
        settings: '{}',
        secret: sealSecret(before, 'client-secret-1'),
        created_at: NOW,
        updated_at: NOW,
      })
      .execute()

    const newKey = generateDataKey(NOW + 1)
    const after = withDataKeys(ctx.store.db, withCurrentKey(oldRing, newKey))
    expect(await resealSignInSecrets(after)).toBe(3)
    expect(await resealSignInSecrets(after)).toBe(0)

    // Only the new key is needed from now on.
    const onlyNew = withDataKeys(ctx.store.db, {
      current: newKey,
      keys: new Map([[newKey.id, newKey]]),
    })
    const totp = await onlyNew.selectFrom('mfa_totp').selectAll().orderBy('identity_id').execute()
    expect(totp.map((r) => openSecret(onlyNew, r.secret))).toEqual([
      'JBSWY3DPEHPK3PXP',
      'KRSXG5CTMVRXEZLU',
    ])
    const provider = await onlyNew
      .selectFrom('sso_providers')
      .select('secret')
      .executeTakeFirstOrThrow()
    expect(openSecret(onlyNew, provider.secret!)).toBe('client-secret-1')
  })
})
