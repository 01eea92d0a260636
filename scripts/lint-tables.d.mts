export declare const repoRoot: string
export declare const TABLE_OWNERS: Record<string, string>
export declare function tablesNamedIn(source: string): Array<{ table: string; line: number }>
export declare function mayQuery(file: string, table: string): boolean
export declare function tableViolations(rootDir?: string): Promise<string[]>
