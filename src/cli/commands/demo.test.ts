import { expect, it } from 'vitest'
import { demoCountLines } from './demo.js'

it("manyi demo prints each survey's answers, the internal survey's anonymous answers and the hall-visit survey's answers in both languages", () => {
  const lines = demoCountLines({
    surveys: [
      { id: 's1', slug: 'store-visit', title: '门店体验调查', responses: 14_000 },
      { id: 's2', slug: 'hotline', title: '热线回访', responses: 4_000 },
    ],
    internalResponses: 91,
    hallVisitResponses: 1_234,
  })
  expect(lines).toEqual([
    '  门店体验调查: 14000 responses, link /s/store-visit',
    '  热线回访: 4000 responses, link /s/hotline',
    '  Internal satisfaction survey: 91 anonymous employee answers / 内部满意度调查：91 份员工匿名答卷',
    "  Hall visit survey: 1234 answers on the past week's queue visits / 营业厅到访评价：1234 份答卷（近一周排队到访）",
  ])
})
