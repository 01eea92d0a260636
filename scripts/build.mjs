#!/usr/bin/env node
// Builds what production runs, as plain JavaScript, so that starting Manyi compiles nothing:
//   server  src/cli/bin.ts (CLI and server) and the table worker → dist/server/, ESM, split
//           into chunks so that `manyi --help` loads only the CLI's definitions; the respondent
//           page's browser scripts → dist/server/survey-page/.
//   web     the admin app (Vite) → dist/web/, with .br and .gz beside each asset.
// Usage: node scripts/build.mjs [server|web]… [--if-changed] [--quiet] [--outdir DIR]
//   --if-changed  skip a part whose output is newer than every input of its last build
//                 (npm start uses it, so a start after an unchanged checkout builds nothing).
//   --outdir DIR  where the server goes (tests build a private copy there, never a stale dist).
// Plain .mjs on purpose: it must run before anything is compiled, without tsx.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Files that change what either build produces without being imported by it. */
const ALWAYS_INPUTS = ['package-lock.json', 'package.json', 'scripts/build.mjs']
/** Each build lists its inputs here (paths relative to ROOT), for --if-changed. */
const INPUTS_FILE = '.build-inputs.json'

/** The respondent page's scripts, bundled for old browsers; src/server/pages/survey-script.ts builds the same on the fly from source. */
export const SURVEY_SCRIPTS = {
  page: 'survey-page/src/main.ts',
  frame: 'survey-page/src/frame-height.ts',
  widget: 'survey-page/src/widget.ts',
}
export const SURVEY_SCRIPT_OPTIONS = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  logLevel: 'silent',
}

/** Files read at run time next to the code that reads them (new URL('./…', import.meta.url)); chunks sit flat in outdir. */
const SERVER_ASSETS = {
  'src/text/domain-dict.txt': 'domain-dict.txt',
  'src/text/model/zh-sentiment.json': 'model/zh-sentiment.json',
  'src/tabular/table-worker-boot.mjs': 'table-worker-boot.mjs',
  'src/units/fonts/NotoSansSC-GB2312.otf': 'fonts/NotoSansSC-GB2312.otf',
}

/** True when outDir holds a build whose recorded inputs are all older than it. */
export function upToDate(outDir) {
  const record = join(outDir, INPUTS_FILE)
  if (!existsSync(record)) return false
  const builtAt = statSync(record).mtimeMs
  const inputs = [...JSON.parse(readFileSync(record, 'utf8')), ...ALWAYS_INPUTS]
  // A new file can only enter a build through an edited importer, so recorded inputs suffice; a deleted one forces a build.
  return inputs.every(
    (file) => existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).mtimeMs <= builtAt,
  )
}

export async function buildServer(outDir = join(ROOT, 'dist/server')) {
  const { build } = await import('esbuild')
  rmSync(outDir, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { manyi: 'src/cli/bin.ts', 'table-worker': 'src/tabular/table-worker.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Every package stays a runtime import from node_modules: native modules (better-sqlite3, @node-rs/*) must, and
    // pino and exceljs load files of their own.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  })
  const inputs = new Set(Object.keys(result.metafile.inputs))
  for (const [name, entry] of Object.entries(SURVEY_SCRIPTS)) {
    const script = await build({
      ...SURVEY_SCRIPT_OPTIONS,
      absWorkingDir: ROOT,
      entryPoints: [entry],
      outfile: join(outDir, 'survey-page', `${name}.js`),
      metafile: true,
    })
    for (const input of Object.keys(script.metafile.inputs)) inputs.add(input)
  }
  for (const [from, to] of Object.entries(SERVER_ASSETS)) {
    mkdirSync(dirname(join(outDir, to)), { recursive: true })
    copyFileSync(join(ROOT, from), join(outDir, to))
    inputs.add(from)
  }
  writeFileSync(
    join(outDir, INPUTS_FILE),
    JSON.stringify([...inputs].filter((f) => !f.startsWith('node_modules/')).sort()),
  )
  return outDir
}

export function buildWeb() {
  // The Vite config records the build's inputs and writes .br/.gz copies (web/vite.config.ts).
  const vite = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    { cwd: ROOT, stdio: 'inherit' },
  )
  if (vite.status !== 0) throw new Error('the admin app build failed')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const ifChanged = args.includes('--if-changed')
  const log = args.includes('--quiet') ? () => {} : (line) => console.log(line)
  const outIndex = args.indexOf('--outdir')
  const serverOut = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(ROOT, 'dist/server')
  const parts = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--outdir')
  const wanted = parts.length ? parts : ['server', 'web']
  for (const part of wanted) {
    const started = Date.now()
    if (part === 'server') {
      if (ifChanged && upToDate(serverOut)) log('server: up to date')
      else {
        await buildServer(serverOut)
        log(`server: built ${serverOut} in ${Date.now() - started} ms`)
      }
    } else if (part === 'web') {
      if (ifChanged && upToDate(join(ROOT, 'dist/web'))) log('web: up to date')
      else buildWeb()
    } else {
      console.error(`unknown part "${part}": server | web`)
      process.exit(2)
    }
  }
}
