import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestStore } from '../db/test-store.js'
import type { Store } from '../db/connect.js'
import { createTestApp, type TestApp } from './test-app.js'

// A build's output as web/vite.config.ts writes it: hashed assets with .br and .gz beside each.
const dir = mkdtempSync(join(tmpdir(), 'manyi-web-app-'))
const INDEX =
  '<!doctype html><html><head><script type="module" src="/app/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>'
const SCRIPT = `console.log(${JSON.stringify('满意 '.repeat(2000))})`
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text))
  writeFileSync(join(dir, `${name}.gz`), gzipSync(text))
}
mkdirSync(join(dir, 'assets'))
write('index.html', INDEX)
write('assets/index-Ab12Cd34.js', SCRIPT)
writeFileSync(join(dir, '.build-inputs.json'), '["web/src/main.tsx"]')

describe('the admin app’s files', () => {
  let store: Store
  let t: TestApp
  beforeAll(async () => {
    store = await createTestStore('sqlite')
    t = await createTestApp(store, { webDir: dir })
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends hashed assets compressed as built (br, else gzip), cached for a year as immutable', async () => {
    const br = await t.app.inject({
      url: '/app/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT)

    const gz = await t.app.inject({
      url: '/app/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT)

    const plain = await t.app.inject({
      url: '/app/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'identity' },
    })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(SCRIPT)
  })

  it('sends index.html, and the shell of client-side routes, compressed but revalidated every time', async () => {
    for (const url of ['/app/', '/app/index.html', '/app/surveys/123']) {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-cache')
      expect(res.headers['content-encoding'], url).toBe('br')
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(INDEX)
    }
  })

  it('does not serve the build’s list of inputs', async () => {
    const res = await t.app.inject({ url: '/app/.build-inputs.json' })
    expect(res.body).not.toContain('web/src/main.tsx')
  })
})
