import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-demo-cli-'))
const manyi = (...args: string[]) =>
  runManyi(args, { MANYI_DB_URL: `sqlite:${join(dir, 'demo.db')}` })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The lines of the customer surveys' counts and links. */
const surveyLines = (stdout: string) =>
  stdout.split('\n').filter((line) => line.includes(' responses, link /s/'))

// The smallest full demo (10,000 answers: the staff's internal survey comes with it), loaded twice:
// the second run adds nothing and prints the answers that are there, the staff's and the
// hall-visit survey's included, not zeros.
it('manyi demo run again prints the internal and hall-visit answers that are there', async () => {
  const first = await manyi('demo', '--responses', '10000')
  expect(first.code, first.stderr).toBe(0)
  const internal = first.stdout.match(/Internal satisfaction survey: (\d+) /)?.[1]
  const hall = first.stdout.match(/Hall visit survey: (\d+) /)?.[1]
  expect(Number(internal)).toBe(91)
  expect(Number(hall)).toBeGreaterThan(900)

  const again = await manyi('demo')
  expect(again.code, again.stderr).toBe(0)
  expect(again.stdout).toContain(
    `Internal satisfaction survey: ${internal} anonymous employee answers / 内部满意度调查：${internal} 份员工匿名答卷`,
  )
  expect(again.stdout).toContain(
    `Hall visit survey: ${hall} answers on the past week's queue visits / 营业厅到访评价：${hall} 份答卷（近一周排队到访）`,
  )
  expect(surveyLines(first.stdout)).toHaveLength(3)
  expect(surveyLines(again.stdout)).toEqual(surveyLines(first.stdout))
}, 240_000)
