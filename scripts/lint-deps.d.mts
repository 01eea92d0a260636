// Types for scripts/lint-deps.mjs (plain JavaScript so `npm run lint:deps` needs no compiler), used by src/architecture.test.ts.
export interface DepViolation {
  from: string
  to: string
  rule: { name: string; severity: 'error' | 'warn' | 'info' | 'ignore' }
  cycle?: Array<{ name: string }>
}
export interface DepCruiseOutput {
  modules: Array<{
    source: string
    dependencies: Array<{ resolved: string; dependencyTypes: string[] }>
  }>
  summary: { violations: DepViolation[]; error: number; ignore?: number; totalCruised: number }
}
export interface DepCruiseConfig {
  forbidden?: unknown[]
  options?: Record<string, unknown>
}
export declare const repoRoot: string
export declare const baselineFile: string
export declare const TYPE_ONLY_MARK: string
export declare function markTypeOnlyImports(source: string): string
export declare function loadConfig(configFile?: string): DepCruiseConfig
export declare function cruiseTypeScript(options?: {
  rootDir?: string
  sourceDir?: string
  config?: DepCruiseConfig
  knownViolations?: unknown[]
}): Promise<DepCruiseOutput>
export declare function describeViolation(violation: DepViolation): string
