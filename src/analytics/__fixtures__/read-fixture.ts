import { readFileSync } from 'node:fs'

/** Test-only (not part of the analytics): read a numeric CSV fixture into columns keyed by header (quotes stripped). */
export function readNumericCsv(name: string): Record<string, number[]> {
  const text = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
  const [header, ...rows] = text.trim().split(/\r?\n/).map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')))
  const columns: Record<string, number[]> = {}
  header!.forEach((name, i) => (columns[name] = rows.map((row) => Number(row[i]))))
  return columns
}

export function readJsonFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T
}
