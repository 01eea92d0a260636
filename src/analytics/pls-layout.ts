import { ValidationError } from '../shared/errors.js'
import type { PlsModel } from './pls-model-types.js'

/** A model laid out for the algorithm: constructs, their indicators' positions, the path graph. */
export interface Layout {
  names: string[]
  blocks: number[][]
  indicators: string[]
  adjacency: number[][]
  predecessors: number[][]
  /** Each block's outer mode (A reflective, B formative). */
  modes: Array<'A' | 'B'>
}

function invalid(path: string, reason: string, message: string, allowed?: string): ValidationError {
  return new ValidationError('MODEL_INVALID', message, [
    { path, reason, ...(allowed ? { allowed } : {}) },
  ])
}

/**
 * Check a model against the columns the data has, before anything is read: every construct has
 * indicators of its own that the data has, no indicator serves two blocks, every path joins two
 * different known constructs once, every construct is on a path, and the paths have no cycle
 * (total effects of a recursive model are the sum over its paths; with a cycle that sum is
 * meaningless). MODEL_INVALID names what is wrong.
 */
export function checkPlsModel(model: PlsModel, available: readonly string[]): void {
  const names = Object.keys(model.constructs)
  const known = new Set(available)
  const owner = new Map<string, string>()
  for (const name of names) {
    const block = model.constructs[name]
    const path = `constructs.${name}`
    if (!Array.isArray(block) || block.length === 0)
      throw invalid(path, 'no indicators', `Construct "${name}" has no indicator columns.`)
    for (const indicator of block) {
      if (typeof indicator !== 'string' || !known.has(indicator))
        throw invalid(
          path,
          `unknown column "${String(indicator)}"`,
          `The model names column "${String(indicator)}", which the data does not have.`,
          available.join(', '),
        )
      const other = owner.get(indicator)
      if (other !== undefined)
        throw invalid(
          path,
          `"${indicator}" is also an indicator of "${other}"`,
          `Column "${indicator}" is an indicator of both "${other}" and "${name}"; each indicator belongs to one construct.`,
        )
      owner.set(indicator, name)
    }
  }
  const modes: unknown = (model as { modes?: unknown }).modes
  if (modes !== undefined) {
    if (typeof modes !== 'object' || modes === null || Array.isArray(modes))
      throw invalid('modes', 'not an object', 'The modes must be {"Construct": "A" | "B"}.', 'A, B')
    for (const [name, mode] of Object.entries(modes)) {
      if (!names.includes(name))
        throw invalid(
          `modes.${name}`,
          `unknown construct "${name}"`,
          `The modes name construct "${name}", which the model does not define.`,
          names.join(', '),
        )
      if (mode !== 'A' && mode !== 'B')
        throw invalid(
          `modes.${name}`,
          `mode "${String(mode)}"`,
          `Construct "${name}" has mode "${String(mode)}"; a block is measured in mode A (reflective) or B (formative).`,
          'A, B',
        )
    }
  }
  if (names.length < 2)
    throw invalid(
      'constructs',
      `${names.length} construct`,
      'The model needs at least two constructs joined by a path.',
    )
  const seen = new Set<string>()
  const onPath = new Set<string>()
  const next = new Map<string, string[]>(names.map((n) => [n, []]))
  model.paths.forEach((p, k) => {
    for (const end of ['from', 'to'] as const)
      if (typeof p?.[end] !== 'string' || !names.includes(p[end]))
        throw invalid(
          `paths[${k}].${end}`,
          `unknown construct "${String(p?.[end])}"`,
          `A path names construct "${String(p?.[end])}", which the model does not define.`,
          names.join(', '),
        )
    if (p.from === p.to)
      throw invalid(
        `paths[${k}]`,
        'a self-loop',
        `The path ${p.from} → ${p.to} joins a construct to itself.`,
      )
    const key = `${p.from}\u0000${p.to}`
    if (seen.has(key))
      throw invalid(
        `paths[${k}]`,
        'a repeated path',
        `The path ${p.from} → ${p.to} is given twice.`,
      )
    seen.add(key)
    onPath.add(p.from)
    onPath.add(p.to)
    next.get(p.from)!.push(p.to)
  })
  for (const name of names)
    if (!onPath.has(name))
      throw invalid(
        `constructs.${name}`,
        'on no path',
        `Construct "${name}" is on no path; join it to the model or leave it out.`,
      )
  // Depth-first search for a cycle: 1 = on the current branch, 2 = done.
  const state = new Map<string, number>()
  const visit = (name: string, trail: string[]): void => {
    state.set(name, 1)
    for (const to of next.get(name)!) {
      if (state.get(to) === 1)
        throw invalid(
          'paths',
          'a cycle',
          `The paths form a cycle (${[...trail.slice(trail.indexOf(to)), name, to].join(' → ')}); PLS path models are recursive.`,
        )
      if (!state.has(to)) visit(to, [...trail, name])
    }
    state.set(name, 2)
  }
  for (const name of names) if (!state.has(name)) visit(name, [])
}

/** Check the model against the data's columns and lay it out; MODEL_INVALID names what is wrong. */
export function layoutOf(model: PlsModel, columns: Record<string, readonly number[]>): Layout {
  checkPlsModel(model, Object.keys(columns))
  const names = Object.keys(model.constructs)
  const indicators: string[] = []
  const blocks = names.map((name) =>
    model.constructs[name]!.map((indicator) => {
      indicators.push(indicator)
      return indicators.length - 1
    }),
  )
  const adjacency = names.map(() => names.map(() => 0))
  const predecessors: number[][] = names.map(() => [])
  model.paths.forEach((p) => {
    const from = names.indexOf(p.from)
    const to = names.indexOf(p.to)
    adjacency[from]![to] = 1
    adjacency[to]![from] = 1
    predecessors[to]!.push(from)
  })
  const modes = names.map((name) => (model.modes?.[name] === 'B' ? 'B' : 'A') as 'A' | 'B')
  return { names, blocks, indicators, adjacency, predecessors, modes }
}
