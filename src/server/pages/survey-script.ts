import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const ENTRIES = {
  /** The respondent page's show/skip logic; shares src/surveys/survey-logic.ts with the server. */
  page: '../../../survey-page/src/main.ts',
  /** On every respondent page: its height, for the widget's frame. */
  frame: '../../../survey-page/src/frame-height.ts',
  /** The embeddable widget for customers' sites. */
  widget: '../../../survey-page/src/widget.ts',
}

/**
 * Compiled (dist/server, scripts/build.mjs) the scripts were bundled ahead beside this code; from
 * source (tests, development) they are bundled once per process with the same esbuild options.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts')

const bundles = new Map<keyof typeof ENTRIES, Promise<string>>()

/** A browser script from survey-page/src, bundled and minified. */
export function surveyPageScript(name: keyof typeof ENTRIES = 'page'): Promise<string> {
  let bundle = bundles.get(name)
  if (!bundle) {
    bundle = FROM_SOURCE
      ? bundleFromSource(name)
      : readFile(new URL(`./survey-page/${name}.js`, import.meta.url), 'utf8')
    bundles.set(name, bundle)
  }
  return bundle
}

async function bundleFromSource(name: keyof typeof ENTRIES): Promise<string> {
  // esbuild is a development dependency: production never reaches this.
  const { build } = await import('esbuild')
  const entry = fileURLToPath(new URL(ENTRIES[name], import.meta.url))
  // The same options as SURVEY_SCRIPT_OPTIONS in scripts/build.mjs.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}
