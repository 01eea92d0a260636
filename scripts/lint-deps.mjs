#!/usr/bin/env node
// Runs the import rules of .dependency-cruiser.cjs over src/ (npm run lint:deps).
//
// Why a runner instead of the `depcruise` command: dependency-cruiser reads
// TypeScript through the TypeScript compiler's JavaScript API (typescript < 7),
// and this repository is on TypeScript 7, which ships no JavaScript API; its
// command line also refuses Node 20. So this runner strips the types itself
// with esbuild into a temporary mirror of the tree (same paths, same `.ts`
// names, so rule paths and the baseline name the real files) and hands that
// to dependency-cruiser's own API: the rules, cycle detection and the
// known-violations baseline are dependency-cruiser's.
//
// Type-only imports (`import type`, `import { type A }`, `export type … from`)
// are kept as dependencies, marked as the exotic require `__typeOnlyImport`
// (dependency type "exotic-require"), so a cycle or a forbidden reach made of
// types still counts, and a rule may still tell types from running code.
//
//   node scripts/lint-deps.mjs                    check src/ against the baseline
//   node scripts/lint-deps.mjs --update-baseline  rewrite the baseline from today's violations
//   node scripts/lint-deps.mjs --no-baseline      show every violation, known or not
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'

const require = createRequire(import.meta.url)
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const baselineFile = join(repoRoot, '.dependency-cruiser-known-violations.json')
export const TYPE_ONLY_MARK = '__typeOnlyImport'

// import/export statements with a `from` clause; the head grammar is spelled out
// so the match can never run across code into a later `from '…'`.
const FROM_STATEMENT =
  /^(import|export)\s+(type\s+)?(\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)\s+from\s+(['"])([^'"\n]+)\4/gm

function isTypeOnly(keyword, clause) {
  if (keyword) return true
  if (!clause.startsWith('{')) return false
  const names = clause
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return names.length > 0 && names.every((name) => name.startsWith('type '))
}

/** Turns type-only imports into marked calls, keeping the line count (error positions stay right). */
export function markTypeOnlyImports(source) {
  return source.replace(FROM_STATEMENT, (statement, _kind, keyword, clause, _q, specifier) => {
    if (!isTypeOnly(keyword, clause)) return statement
    const newlines = '\n'.repeat(statement.split('\n').length - 1)
    return `${TYPE_ONLY_MARK}(${JSON.stringify(specifier)})${newlines}`
  })
}

async function listFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(path)))
    else out.push(path)
  }
  return out
}

/** Writes a JavaScript mirror of `rootDir/sourceDir` into `mirrorRoot`, file names unchanged. */
async function mirror(rootDir, sourceDir, mirrorRoot) {
  const files = await listFiles(join(rootDir, sourceDir))
  const written = []
  // allSettled: no write may still be running when the caller removes the mirror
  const settled = await Promise.allSettled(
    files.map(async (file) => {
      const target = join(mirrorRoot, relative(rootDir, file))
      await mkdir(dirname(target), { recursive: true })
      if (/\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith('.d.ts')) {
        const source = markTypeOnlyImports(await readFile(file, 'utf8'))
        const { code } = await transform(source, {
          sourcefile: relative(rootDir, file),
          loader: file.endsWith('x') ? 'tsx' : 'ts',
          format: 'esm',
          // dependency-cruiser parses with acorn at ECMAScript 2020
          target: 'es2020',
          supported: { 'top-level-await': true },
          jsx: 'preserve',
          // keep every value import, even unused ones, as tsc does here
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
        })
        await writeFile(target, code)
        written.push(relative(rootDir, file))
      } else if (/\.(js|mjs|cjs|json)$/.test(file)) {
        await writeFile(target, await readFile(file))
        written.push(relative(rootDir, file))
      }
    }),
  )
  const failure = settled.find((s) => s.status === 'rejected')
  if (failure) throw failure.reason
  return written.sort()
}

export function loadConfig(configFile = join(repoRoot, '.dependency-cruiser.cjs')) {
  return require(configFile)
}

/**
 * Cruises `sourceDir` (relative to `rootDir`) with the rules of `config`; paths in the
 * result are relative to `rootDir`, e.g. `src/server/app.ts`.
 * @returns the dependency-cruiser output (modules, summary.violations, …)
 */
export async function cruiseTypeScript({
  rootDir = repoRoot,
  sourceDir = 'src',
  config = loadConfig(),
  knownViolations,
} = {}) {
  const { cruise } = await import('dependency-cruiser')
  const mirrorRoot = await mkdtemp(join(tmpdir(), 'manyi-depcruise-'))
  try {
    // Every file is named as a root: dependency-cruiser only walks directories for the
    // extensions it can transpile itself, and without a TypeScript API that excludes `.ts`.
    const files = await mirror(rootDir, sourceDir, mirrorRoot)
    // tsConfig would make dependency-cruiser load the TypeScript JavaScript API (see above);
    // the mirror is plain JavaScript, whose `.js` specifiers dependency-cruiser maps to `.ts` itself.
    const { tsConfig: _tsConfig, tsPreCompilationDeps: _pre, ...options } = config.options ?? {}
    const result = await cruise(
      files,
      {
        ...options,
        ruleSet: {
          forbidden: config.forbidden ?? [],
          allowed: config.allowed,
          required: config.required,
        },
        validate: true,
        baseDir: mirrorRoot,
        exoticRequireStrings: [TYPE_ONLY_MARK],
        // dependency-cruiser builds its resolver once, with the extensions it can transpile;
        // name the TypeScript ones so `./x.js` resolves to `./x.ts` (as tsc does)
        enhancedResolveOptions: {
          ...options.enhancedResolveOptions,
          extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
        },
        ...(knownViolations ? { knownViolations } : {}),
      },
      undefined,
      {},
    )
    return result.output
  } finally {
    await rm(mirrorRoot, { recursive: true, force: true })
  }
}

export function describeViolation(v) {
  const chain = v.cycle?.length
    ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name ?? c)].join(' → ')})`
    : ''
  return `${v.rule.severity} ${v.rule.name}: ${v.from} → ${v.to}${chain}`
}

async function main(args) {
  const update = args.includes('--update-baseline')
  const ignoreBaseline = args.includes('--no-baseline') || update
  const knownViolations = ignoreBaseline
    ? undefined
    : JSON.parse(await readFile(baselineFile, 'utf8'))
  const output = await cruiseTypeScript({ knownViolations })
  const violations = output.summary.violations
  if (update) {
    // dependency-cruiser's own baseline reporter, so the file is what `depcruise-baseline` writes
    const { format } = await import('dependency-cruiser')
    const { output: baseline } = await format(output, { outputType: 'baseline' })
    await writeFile(baselineFile, baseline)
    console.log(
      `Wrote ${violations.length} known violations to ${relative(repoRoot, baselineFile)}.`,
    )
    return 0
  }
  const errors = violations.filter((v) => v.rule.severity === 'error')
  for (const v of violations) console.log(describeViolation(v))
  const ignored = output.summary.ignore ?? 0
  console.log(
    `${output.summary.totalCruised} modules, ${output.summary.totalDependenciesCruised} dependencies: ` +
      `${errors.length} new violation(s)${ignored ? `, ${ignored} known (in ${relative(repoRoot, baselineFile)})` : ''}.`,
  )
  return errors.length > 0 ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
