import type { Page } from 'playwright-core'
import type { Store } from '../src/db/connect.js'
import { startOfLocalDate } from '../src/shared/timezone.js'

// The figures issue 14 found wrong, computed here from the stored cases and answers
// independently of the product's code, and checked against what the pages show.

/**
 * Every interval in an API answer (ci95 beside its estimate) must contain the estimate, stay
 * within the metric's range and not be given below 5 answers — whatever the page does with it.
 */
export function intervalProblems(json: unknown, path = ''): string[] {
  const found: string[] = []
  if (Array.isArray(json)) {
    json.forEach((v, i) => {
      found.push(...intervalProblems(v, `${path}[${i}]`))
    })
    return found
  }
  if (!json || typeof json !== 'object') return found
  const record = json as Record<string, unknown>
  const ci = record.ci95
  if (Array.isArray(ci) && ci.length === 2 && ci.every((v) => typeof v === 'number')) {
    const [lo, hi] = ci as [number, number]
    // The interval belongs to the record's headline figure (a CSAT record also has a mean).
    const estimates: Array<[string, number, number, number]> = []
    if (typeof record.nps === 'number') estimates.push(['nps', record.nps, -100, 100])
    else if (typeof record.csat === 'number') estimates.push(['csat', record.csat, 0, 100])
    else if (typeof record.mean === 'number')
      estimates.push(['mean', record.mean, -Infinity, Infinity])
    for (const [name, estimate, lowest, highest] of estimates) {
      if (!(lo <= estimate + 1e-9 && estimate - 1e-9 <= hi))
        found.push(`${path}: ${name} ${estimate} outside its interval ${lo}…${hi}`)
      if (lo < lowest || hi > highest)
        found.push(`${path}: ${name} interval ${lo}…${hi} beyond ${lowest}…${highest}`)
    }
    if (typeof record.n === 'number' && record.n < 5)
      found.push(`${path}: an interval from ${record.n} answer(s)`)
  }
  for (const [key, value] of Object.entries(record)) {
    found.push(...intervalProblems(value, `${path}.${key}`))
  }
  return found
}

/** Checks the interval of every JSON answer of /api/ the page receives. */
export function watchIntervals(page: Page, label: string, problems: string[]): void {
  page.on('response', async (response) => {
    const url = new URL(response.url())
    if (!url.pathname.startsWith('/api/') || response.status() !== 200) return
    if (!response.headers()['content-type']?.includes('application/json')) return
    try {
      for (const p of intervalProblems(await response.json()))
        problems.push(`${label} ${url.pathname}${p}`)
    } catch {
      // The page moved on and the body is gone; nothing to check.
    }
  })
}

const OPEN = ['new', 'acknowledged', 'investigating']

interface SlaFigure {
  due: number
  met: number
}

export interface SlaFigures {
  total: SlaFigure
  byDepartment: Map<string, SlaFigure>
  /** By owner id; unassigned cases under "". */
  byOwner: Map<string, SlaFigure>
  /** By department and owner id, joined by "|". */
  byDepartmentOwner: Map<string, SlaFigure>
}

/** The instants of the organisation's dates from…to (both whole days). */
export function datesWindow(from: string, to: string, timeZone: string): [number, number] {
  return [startOfLocalDate(from, timeZone), startOfLocalDate(to, timeZone) + 86_400_000]
}

/**
 * SLA compliance as docs/service-recovery.md defines it, from the stored cases created in
 * [start, end): only cases whose outcome is known count — resolved (or closed), or a deadline
 * passed without its response or resolution — and a case is met when no deadline was missed.
 * The same rule for the organisation, per department and per owner.
 */
export async function slaFromStore(
  store: Store,
  orgId: string,
  [start, end]: [number, number],
  now: number,
  /** The complaint analytics count complaints only; the SLA board every kind of work item. */
  complaintsOnly = false,
): Promise<SlaFigures> {
  const rows = await store.db
    .selectFrom('cases')
    .select([
      'status',
      'department',
      'owner_id',
      'first_response_due',
      'resolution_due',
      'first_responded_at',
      'resolved_at',
    ])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .$if(complaintsOnly, (q) => q.where('kind', '=', 'complaint'))
    .execute()
  const figures: SlaFigures = {
    total: { due: 0, met: 0 },
    byDepartment: new Map(),
    byOwner: new Map(),
    byDepartmentOwner: new Map(),
  }
  const add = (map: Map<string, SlaFigure>, key: string | null, met: boolean) => {
    if (key === null) return
    const figure = map.get(key) ?? { due: 0, met: 0 }
    figure.due++
    if (met) figure.met++
    map.set(key, figure)
  }
  for (const r of rows) {
    const firstLate = (r.first_responded_at ?? now) > r.first_response_due
    const resolutionLate = (r.resolved_at ?? now) > r.resolution_due
    const finished = r.resolved_at !== null || !OPEN.includes(r.status)
    if (!firstLate && !resolutionLate && !finished) continue
    const met = !firstLate && !resolutionLate
    figures.total.due++
    if (met) figures.total.met++
    add(figures.byDepartment, r.department, met)
    add(figures.byOwner, r.owner_id ?? '', met)
    add(figures.byDepartmentOwner, `${r.department ?? ''}|${r.owner_id ?? ''}`, met)
  }
  return figures
}

/** How the complaint page writes a share. */
export const percent = (figure: SlaFigure | undefined): string =>
  figure && figure.due > 0 ? `${((100 * figure.met) / figure.due).toFixed(1)}%` : '—'
