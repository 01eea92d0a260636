import { ValidationError } from '../shared/errors.js'
import type { PlsModel } from './pls-model-types.js'

/** A model laid out for the algorithm: constructs, their indicators' positions, the path graph. */
export interface Layout {
  names: string[]
  blocks: number[][]
  indicators: string[]
  adjacency: number[][]
  predecessors: number[][]
}

/** Check the model against the data's columns and lay it out; MODEL_INVALID names what is wrong. */
export function layoutOf(model: PlsModel, columns: Record<string, readonly number[]>): Layout {
  const names = Object.keys(model.constructs)
  const indicators: string[] = []
  const blocks = names.map((name) =>
    model.constructs[name]!.map((indicator) => {
      if (!Object.hasOwn(columns, indicator)) {
        throw new ValidationError(
          'MODEL_INVALID',
          `The model names column "${indicator}", which the data does not have.`,
          [
            {
              path: `constructs.${name}`,
              reason: `unknown column "${indicator}"`,
              allowed: Object.keys(columns).join(', '),
            },
          ],
        )
      }
      indicators.push(indicator)
      return indicators.length - 1
    }),
  )
  const index = (name: string, path: string) => {
    const i = names.indexOf(name)
    if (i < 0)
      throw new ValidationError(
        'MODEL_INVALID',
        `A path names construct "${name}", which the model does not define.`,
        [{ path, reason: `unknown construct "${name}"`, allowed: names.join(', ') }],
      )
    return i
  }
  const adjacency = names.map(() => names.map(() => 0))
  const predecessors: number[][] = names.map(() => [])
  model.paths.forEach((p, k) => {
    const from = index(p.from, `paths[${k}].from`)
    const to = index(p.to, `paths[${k}].to`)
    adjacency[from]![to] = 1
    adjacency[to]![from] = 1
    predecessors[to]!.push(from)
  })
  return { names, blocks, indicators, adjacency, predecessors }
}
