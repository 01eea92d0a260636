import { expect, it } from 'vitest'
import { robotMessageFor } from './robot-words.js'

// Praise passed on, as a group robot and a member's e-mail word it: of the employee by name, with
// the customer's words when there are any and the note of whoever passed it on.

it('words praise passed on in both languages, with and without the customer’s words', () => {
  const params = {
    caseNumber: 'C-000012',
    employeeName: 'Zhang Wei',
    praiseText: 'Fixed our power in twenty minutes',
    actorName: 'Li Na',
    note: 'Read out at the team meeting',
  }
  expect(robotMessageFor('praise_received', params, 'en-US', '/app/my-scorecard')).toEqual({
    title: 'Praise from a customer',
    text: 'A customer praised Zhang Wei (C-000012): "Fixed our power in twenty minutes". Passed on by Li Na.\nLi Na: Read out at the team meeting',
    link: '/app/my-scorecard',
  })
  expect(
    robotMessageFor(
      'praise_received',
      { caseNumber: 'C-000013', employeeName: '赵敏', actorName: '李娜' },
      'zh-CN',
      null,
    ),
  ).toEqual({ title: '顾客表扬', text: '顾客表扬了赵敏（C-000013）。由李娜转达。' })
})
