import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { expect, it } from 'vitest'
import { z } from 'zod'
import { FigureSchema, IntervalSchema } from './wire-schema.js'

const SRC = join(import.meta.dirname, '..')

/** Every src/<domain>/*.schema.ts: the files the admin app derives its types from. */
const schemaFiles = readdirSync(SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(join(SRC, dir.name))
      .filter((file) => file.endsWith('.schema.ts'))
      .map((file) => join(SRC, dir.name, file)),
  )

it('keeps the schema files browser-safe: they bundle for the browser without Node', async () => {
  expect(schemaFiles.length).toBeGreaterThan(10)
  const result = await build({
    entryPoints: schemaFiles,
    bundle: true,
    platform: 'browser',
    write: false,
    outdir: '/nonexistent',
    logLevel: 'silent',
    external: ['zod'],
  }).catch((error: { errors: Array<{ text: string }> }) => error)
  expect('errors' in result ? result.errors.map((e) => e.text) : []).toEqual([])
})

it('fails a bundle that reaches Node (the check can fail)', async () => {
  const result = await build({
    stdin: { contents: "import { randomBytes } from 'node:crypto'; console.log(randomBytes)" },
    bundle: true,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  }).catch((error: { errors: Array<{ text: string }> }) => error)
  expect('errors' in result && result.errors.length).toBe(1)
})

it('sends a figure that is not finite as null, as JSON.stringify does', () => {
  const schema = z.object({ lift: FigureSchema, ci95: IntervalSchema })
  const encoded = z.encode(schema, { lift: Number.POSITIVE_INFINITY, ci95: [1, Number.NaN] })
  expect(JSON.stringify(encoded)).toBe('{"lift":null,"ci95":[1,null]}')
  expect(z.safeEncode(schema, { lift: '1' as never, ci95: null }).success).toBe(false)
})
