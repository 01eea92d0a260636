import { writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * After a build: a .br and a .gz beside every text asset, which the server sends as they are
 * (@fastify/static preCompressed) instead of compressing per request; and the list of source files
 * the build read (.build-inputs.json), which `npm start` compares with dist/web to skip an
 * unchanged build (scripts/build.mjs).
 */
function buildExtras(): Plugin {
  return {
    name: 'manyi-build-extras',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir!
      await Promise.all(
        Object.keys(bundle)
          .filter((file) => /\.(js|css|html|svg|json)$/.test(file))
          .map(async (file) => {
            const source = bundle[file]!
            const body = Buffer.from(source.type === 'chunk' ? source.code : source.source)
            const br = await promisify(brotliCompress)(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
            const gz = await promisify(gzip)(body, { level: 9 })
            await Promise.all([
              writeFile(join(outDir, `${file}.br`), br),
              writeFile(join(outDir, `${file}.gz`), gz),
            ])
          }),
      )
      const inputs = [...this.getModuleIds()]
        .map((id) => id.split('?')[0]!)
        .filter((id) => id.startsWith(ROOT) && !id.includes('/node_modules/'))
        .map((id) => relative(ROOT, id))
      await writeFile(
        join(outDir, '.build-inputs.json'),
        JSON.stringify([...new Set([...inputs, 'web/index.html', 'web/vite.config.ts'])].sort()),
      )
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [react(), buildExtras()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // antd and echarts are left to the bundler, so each page's chunks hold only what it uses and echarts
        // loads with the pages that draw charts (a named echarts chunk also took modules antd shares with
        // it, which put all of echarts on the login page); React is grouped for long-lived caching.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react'
          return undefined
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/s/': 'http://127.0.0.1:3000' } },
})
