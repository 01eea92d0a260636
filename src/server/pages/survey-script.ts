import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ENTRIES = {
  /** The respondent page's show/skip logic; shares src/surveys/survey-logic.ts with the server. */
  page: fileURLToPath(new URL('../../../survey-page/src/main.ts', import.meta.url)),
  /** On every respondent page: its height, for the widget's frame. */
  frame: fileURLToPath(new URL('../../../survey-page/src/frame-height.ts', import.meta.url)),
  /** The embeddable widget for customers' sites. */
  widget: fileURLToPath(new URL('../../../survey-page/src/widget.ts', import.meta.url)),
}

const bundles = new Map<keyof typeof ENTRIES, Promise<string>>()

/** A browser script from survey-page/src, bundled and minified once per process. */
export function surveyPageScript(name: keyof typeof ENTRIES = 'page'): Promise<string> {
  let bundle = bundles.get(name)
  if (!bundle) {
    bundle = build({ entryPoints: [ENTRIES[name]], bundle: true, minify: true, format: 'iife', target: 'es2019', write: false, logLevel: 'silent' }).then((r) => r.outputFiles[0]!.text)
    bundles.set(name, bundle)
  }
  return bundle
}
