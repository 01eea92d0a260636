import { expect, it } from 'vitest'
import { useSqliteTestApp } from './test-app.js'

const t = useSqliteTestApp()

// Swagger UI at /api/docs ran into its own CSP: "Applying inline style violates … style-src
// 'self' https:" on every visit. Its scripts still come only from this origin.
it('serves the API documentation page with a CSP its styles and scripts keep to', async () => {
  const page = await t.current.app.inject({ method: 'GET', url: '/api/docs/' })
  expect(page.statusCode).toBe(200)
  const csp = String(page.headers['content-security-policy'])
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `))
  expect(directive('style-src')).toBe("style-src 'self' 'unsafe-inline'")
  expect(directive('script-src')).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*$/)
  expect(directive('img-src')).toBe("img-src 'self' data:")
  expect(directive('font-src')).toBe("font-src 'self' data:")
  expect(csp).not.toContain('upgrade-insecure-requests')
  // The document says how to authenticate, so the page shows its Authorize button.
  const spec = (await t.current.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(Object.keys(spec.components.securitySchemes)).toEqual(['bearerToken', 'sessionCookie'])
})
