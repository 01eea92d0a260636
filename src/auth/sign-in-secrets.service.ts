import type { Db } from '../db/database.js'
import { currentSealPrefix } from '../personal-data/personal-field.service.js'
import { listTotpSecrets, replaceTotpSecret } from './mfa.repository.js'
import { openSecret, sealSecret } from './sso/sealed-secret.js'
import { listProviderSecrets, replaceProviderSecret } from './sso/sso.repository.js'

/**
 * Re-seal the secrets kept for sign-in (TOTP secrets, providers' client secrets and bind
 * passwords) under the keyring's current key: after `manyi keys rotate`, so a retired key can be
 * dropped. Works across all organisations (a key rotation is instance-wide); `db` must carry the
 * keyring, old keys included. Values already under the current key are left as they are.
 * Answers how many were re-sealed.
 */
export async function resealSignInSecrets(db: Db): Promise<number> {
  const current = currentSealPrefix(db)
  if (current === null) return 0
  let count = 0
  for (const { identityId, secret } of await listTotpSecrets(db)) {
    if (secret.startsWith(current)) continue
    await replaceTotpSecret(db, identityId, sealSecret(db, openSecret(db, secret)))
    count++
  }
  for (const { id, secret } of await listProviderSecrets(db)) {
    if (secret.startsWith(current)) continue
    await replaceProviderSecret(db, id, sealSecret(db, openSecret(db, secret)))
    count++
  }
  return count
}
