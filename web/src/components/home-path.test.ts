import { expect, it } from 'vitest'
import { homePath } from './home-path'

it('opens the app on the first page the member may use', () => {
  // The administrator and the staff roles: the surveys.
  expect(homePath({ permissions: ['surveys:read', 'cases:read', 'users:read'] })).toBe('/surveys')
  // The security administrator: the users; the auditor: the audit log.
  expect(homePath({ permissions: ['users:read', 'users:write', 'roles:manage'] })).toBe('/users')
  expect(homePath({ permissions: ['audit:read', 'audit:export'] })).toBe('/audit')
  // A custom role with cases only; the self-service employee holds nothing.
  expect(homePath({ permissions: ['cases:read'] })).toBe('/cases')
  expect(homePath({ permissions: [] })).toBe('/account')
})
