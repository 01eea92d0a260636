import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ENTRY = fileURLToPath(new URL('../../../survey-page/src/main.ts', import.meta.url))

let bundle: Promise<string> | undefined

/**
 * The respondent page's script (show/skip logic), bundled and minified once
 * per process from survey-page/src. It shares src/surveys/survey-logic.ts with
 * the server, so both apply the same rules.
 */
export function surveyPageScript(): Promise<string> {
  bundle ??= build({ entryPoints: [ENTRY], bundle: true, minify: true, format: 'iife', target: 'es2019', write: false, logLevel: 'silent' }).then(
    (result) => result.outputFiles[0]!.text,
  )
  return bundle
}
