import { expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { newKeyring } from '../personal-data/keyring.js'
import { createUnit } from '../units/unit.service.js'
import { customerConsents, setCustomerConsent } from './customer-consent.service.js'
import { createCustomer } from './customer.service.js'

// Consent per purpose on both stores: the latest word per purpose with its time and source, each
// change audited with ids, purpose and source only (no personal value); an unknown purpose and a
// customer outside the member's units are refused, a member without contacts:write may not record.

const T0 = Date.parse('2026-11-01T02:00:00Z')

describeEachDialect('customer consent', (ctx) => {
  it('records consent and its withdrawal per purpose, audited without personal values', async () => {
    const db = withDataKeys(ctx.store.db, newKeyring(T0))
    const org = await createOrganisation(db, '燃气公司', T0)
    const scope = (now = T0, extra: Partial<Scope> = {}): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'agent-1', role: 'admin' },
      now,
      ...extra,
    })
    const north = await createUnit(scope(), { code: 'N', nameZh: '北区', type: 'region' })
    const south = await createUnit(scope(), { code: 'S', nameZh: '南区', type: 'region' })
    const customer = await createCustomer(scope(), {
      keys: [{ kind: 'phone', value: '13700137000' }],
      unitId: north.id,
    })

    expect(await customerConsents(scope(), customer.id)).toEqual([])
    await setCustomerConsent(scope(), customer.id, 'marketing', {
      granted: true,
      source: 'in_person',
    })
    await setCustomerConsent(scope(T0 + 60_000), customer.id, 'survey_invitation', {
      granted: true,
      source: 'hotline',
    })
    const withdrawn = await setCustomerConsent(
      scope(T0 + 120_000),
      customer.id,
      'survey_invitation',
      { granted: false, source: 'sms' },
    )
    expect(withdrawn).toEqual({
      purpose: 'survey_invitation',
      granted: false,
      source: 'sms',
      recordedAt: '2026-11-01T02:02:00.000Z',
    })
    const consents = await customerConsents(scope(), customer.id)
    expect(consents.sort((a, b) => a.purpose.localeCompare(b.purpose))).toEqual([
      {
        purpose: 'marketing',
        granted: true,
        source: 'in_person',
        recordedAt: '2026-11-01T02:00:00.000Z',
      },
      withdrawn,
    ])

    const audit = (await pageAudit(scope(), { limit: 100 })).entries.filter((e) =>
      e.action.startsWith('customer.consent.'),
    )
    expect(audit.map((e) => [e.action, e.entityId, e.detail])).toEqual(
      expect.arrayContaining([
        ['customer.consent.grant', customer.id, { purpose: 'marketing', source: 'in_person' }],
        [
          'customer.consent.grant',
          customer.id,
          { purpose: 'survey_invitation', source: 'hotline' },
        ],
        ['customer.consent.withdraw', customer.id, { purpose: 'survey_invitation', source: 'sms' }],
      ]),
    )
    expect(audit).toHaveLength(3)
    expect(JSON.stringify(audit)).not.toContain('13700137000')

    await expect(
      setCustomerConsent(scope(), customer.id, 'newsletter', { granted: true }),
    ).rejects.toMatchObject({ code: 'CONSENT_PURPOSE_UNKNOWN' })
    await expect(
      setCustomerConsent(scope(T0, { units: [south.id] }), customer.id, 'marketing', {
        granted: false,
        source: 'hotline',
      }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' })
    await expect(
      setCustomerConsent(
        scope(T0, { actor: { type: 'user', id: 'viewer-1', role: 'viewer' } }),
        customer.id,
        'marketing',
        { granted: false, source: 'hotline' },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
