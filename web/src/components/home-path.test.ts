import { expect, it } from 'vitest'
import { homePath } from './home-path'

it('opens the app on each role’s home page', () => {
  // The administrator, supervisor, analyst and viewer: the overview across all surveys.
  const admin = ['surveys:read', 'surveys:write', 'responses:read', 'cases:read', 'cases:work']
  expect(homePath({ permissions: [...admin, 'cases:supervise', 'users:read'] })).toBe('/home')
  expect(homePath({ permissions: ['responses:read', 'cases:work', 'cases:supervise'] })).toBe(
    '/home',
  )
  expect(homePath({ permissions: ['surveys:read', 'responses:read', 'cases:read'] })).toBe('/home')
  // The agent: their own cases by deadline.
  expect(
    homePath({ permissions: ['surveys:read', 'responses:read', 'cases:read', 'cases:work'] }),
  ).toBe('/my-cases')
  // The security administrator: the users; the auditor: the audit log.
  expect(homePath({ permissions: ['users:read', 'users:write', 'roles:manage'] })).toBe('/users')
  expect(homePath({ permissions: ['audit:read', 'audit:export'] })).toBe('/audit')
  // A custom role with cases only; the self-service employee holds nothing.
  expect(homePath({ permissions: ['cases:read'] })).toBe('/cases')
  expect(homePath({ permissions: [] })).toBe('/account')
})
