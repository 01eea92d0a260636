import { describe, expect, it } from 'vitest'
import { sendableFilters, valueEntry, valuesForOperator } from './filter-conditions'

describe('the workbench filter conditions', () => {
  const headers = new Set(['nps', '门店', '评论'])

  it('sends only complete conditions on this table’s columns, in order', () => {
    expect(
      sendableFilters(
        [
          { column: '门店', operator: 'in', values: ['南京路', '西湖'] },
          { operator: 'in', values: ['x'] },
          { column: '城市', operator: 'in', values: ['上海'] },
          { column: 'nps', operator: 'gte', values: [] },
          { column: 'nps', operator: 'between', values: ['9', '7'] },
          { column: 'nps', operator: 'lte', values: ['6'] },
          { column: '评论', operator: 'notEmpty', values: [] },
        ],
        headers,
      ),
    ).toEqual([
      { column: '门店', operator: 'in', values: ['南京路', '西湖'] },
      { column: 'nps', operator: 'lte', values: ['6'] },
      { column: '评论', operator: 'notEmpty', values: [] },
    ])
  })

  it('keeps the values that fit when the operator changes', () => {
    expect(valueEntry('between')).toBe('range')
    expect(valuesForOperator(['南京路', '9', '7', '3'], 'notIn')).toEqual(['南京路', '9', '7', '3'])
    expect(valuesForOperator(['南京路', '9', '7', '3'], 'gte')).toEqual(['9'])
    expect(valuesForOperator(['南京路', '9', '7', '3'], 'between')).toEqual(['9', '7'])
    expect(valuesForOperator(['9'], 'empty')).toEqual([])
  })
})
