// Types for scripts/build.mjs (plain JavaScript so that it runs before anything is compiled), used by src/cli/built-manyi.ts.
export declare const SURVEY_SCRIPTS: Record<'page' | 'frame' | 'widget', string>
export declare const SURVEY_SCRIPT_OPTIONS: Record<string, unknown>
export declare function upToDate(outDir: string): boolean
export declare function buildServer(outDir?: string): Promise<string>
export declare function buildWeb(): void
