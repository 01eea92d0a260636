// The JavaScript the admin app's login page loads, as the browser receives it (.gz sizes from the build,
// web/vite.config.ts): the entry script and the chunks index.html preloads, which are all its static
// imports; pages and echarts load later, when visited. Usage: npm run build:web && node bench/login-page-js.mjs
import { readFileSync, statSync } from 'node:fs'

const web = new URL('../dist/web/', import.meta.url)
const html = readFileSync(new URL('index.html', web), 'utf8')
const scripts = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
let raw = 0
let gzip = 0
for (const file of scripts) {
  raw += statSync(new URL(file, web)).size
  gzip += statSync(new URL(`${file}.gz`, web)).size
}
console.log(
  `login page: ${scripts.length} scripts, ${(raw / 1024).toFixed(0)} KB, ${(gzip / 1024).toFixed(0)} KB gzip`,
)
