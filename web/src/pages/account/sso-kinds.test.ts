import { describe, expect, it } from 'vitest'
import { parseRoleMapping, ssoProviderBody } from './sso-kinds'

describe('the sign-in provider form', () => {
  it('keeps LDAP group DNs whole in the role mapping, and drops unknown roles', () => {
    expect(
      parseRoleMapping(
        'cn=cs-agents,ou=groups,dc=corp,dc=example = agent\nfinance=accountant\nno-role-line',
      ),
    ).toEqual({ 'cn=cs-agents,ou=groups,dc=corp,dc=example': 'agent' })
  })

  it('sends each kind only its own settings', () => {
    expect(
      ssoProviderBody({
        kind: 'wecom',
        name: '企业微信',
        secret: 's3cret',
        corpId: 'ww01',
        agentId: '1000002',
        issuer: 'https://left.over.example',
        authorizeUrl: 'http://127.0.0.1:4000/qr',
        mapping: '2=agent',
      }),
    ).toEqual({
      kind: 'wecom',
      name: '企业微信',
      secret: 's3cret',
      settings: {
        corpId: 'ww01',
        agentId: '1000002',
        authorizeUrl: 'http://127.0.0.1:4000/qr',
        roleMapping: { '2': 'agent' },
        defaultRole: null,
      },
    })
    expect(
      ssoProviderBody({
        kind: 'dingtalk',
        name: '钉钉',
        secret: 'k',
        clientId: 'ding1',
        mapping: 'x=agent',
        defaultRole: 'viewer',
      }).settings,
    ).toEqual({ clientId: 'ding1', roleMapping: {}, defaultRole: 'viewer' })
  })
})
