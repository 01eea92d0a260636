import { existsSync } from 'node:fs'
import { basename, resolve, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Vite names every file under assets/ by its content's hash: a changed file gets a new name, so a browser may keep one for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** index.html names the current assets: the browser asks every time (a 304 when unchanged), so a new release shows at once. */
const REVALIDATE = 'no-cache'

/**
 * The admin SPA, built by Vite into webDir, under /app/. Files are sent as the build compressed them
 * (.br, .gz beside each, web/vite.config.ts) when the browser accepts that encoding.
 */
export async function serveWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const root = resolve(webDir)
  if (!existsSync(resolve(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('Manyi API is running. The admin app is not built: run `npm run build:web`.'),
    )
    return
  }
  const assets = resolve(root, 'assets') + sep
  await app.register(fastifyStatic, {
    root,
    prefix: '/app/',
    // A list, not a string: @fastify/static finds the compressed index.html of /app/ only in a list.
    index: ['index.html'],
    wildcard: false,
    preCompressed: true,
    // The build's own records are not for the browser.
    globIgnore: ['**/.build-inputs.json'],
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.startsWith(assets) && basename(path) !== 'index.html' ? IMMUTABLE : REVALIDATE,
      )
    },
  })
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'))
  // Client-side routes: any other /app/* path gets the SPA shell.
  app.get('/app/*', { schema: { hide: true } }, async (_request, reply) =>
    reply.sendFile('index.html', root),
  )
}
