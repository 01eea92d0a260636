import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { builtManyi } from '../cli/built-manyi.js'
import { surveyPageScript } from './pages/survey-script.js'

// The one spawned smoke test of the compiled server (scripts/build.mjs): it starts as production does,
// without tsx or esbuild, and serves the respondent-page scripts bundled at build time exactly as
// running from source bundles them on the fly.
const dir = mkdtempSync(join(tmpdir(), 'manyi-built-server-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

it('the compiled server starts and serves the respondent-page scripts built ahead, identical to the source build', async () => {
  const port = await freePort()
  const child = spawn(process.execPath, [await builtManyi(), 'serve'], {
    env: {
      ...process.env,
      MANYI_DB_URL: `sqlite:${join(dir, 'manyi.db')}`,
      MANYI_HOST: '127.0.0.1',
      MANYI_PORT: String(port),
      MANYI_LOG_LEVEL: 'silent',
      MANYI_WEB_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  try {
    // It prints its address once it listens.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('Manyi is running') && resolve())
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)))
    })
    for (const [url, name] of [
      ['/s/assets/survey.js', 'page'],
      ['/s/assets/frame.js', 'frame'],
      ['/widget.js', 'widget'],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`)
      expect(res.status, url).toBe(200)
      expect(await res.text(), url).toBe(await surveyPageScript(name))
    }
    expect(
      ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { ok: boolean }).ok,
    ).toBe(true)
  } finally {
    child.kill('SIGTERM')
    if (child.exitCode === null) await once(child, 'exit')
  }
}, 60_000)
