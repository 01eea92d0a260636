import { expect, it } from 'vitest'
import { robotMessageFor } from './robot-words.js'

it('words a plan’s approval apart from a compensation’s, in both languages', () => {
  const plan = { planId: 'p1', planNumber: 'P-000007', planTitle: '缩短排队', actorName: '李娜' }
  expect(robotMessageFor('approval_requested', plan, 'zh-CN', '/app/plans?plan=p1')).toEqual({
    title: '改进计划审批',
    text: '李娜请您审批改进计划 P-000007 · 缩短排队。',
    link: '/app/plans?plan=p1',
  })
  expect(
    robotMessageFor('approval_decided', { ...plan, decision: 'rejected' }, 'en-US', null),
  ).toEqual({
    title: 'Action plan approval',
    text: 'Action plan P-000007 · 缩短排队 was rejected by 李娜.',
  })
  // A compensation's approval keeps its own words.
  expect(
    robotMessageFor(
      'approval_decided',
      { caseNumber: 'C-1', amount: 5000, decision: 'approved' },
      'zh-CN',
      null,
    ),
  ).toEqual({ title: '补偿审批结果', text: '案件 C-1 的补偿 ¥50.00 已批准。' })
})
