import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { SurveySettingsSchema } from '../../../../src/surveys/survey.schema'
import { settingsToSave } from './settings-to-save'

// An employee survey as stored: anonymous, with a key this editor has no field for.
const STORED = {
  hiddenFields: ['department', 'unit'],
  signedFields: ['unit'],
  pilot: false,
  anonymity: { minGroup: 7 },
  someFutureKey: { kept: true },
  responseQuota: 500,
  csiWeights: { q1: 2 },
}

describe('the survey editor’s settings on save', () => {
  it('keeps the keys the editor has no field for, anonymity among them', () => {
    const edited = { hiddenFields: ['department', 'unit'], signedFields: ['unit'], pilot: true }
    const saved = settingsToSave(STORED, edited, { csiWeights: undefined, csi: undefined })
    expect(saved.anonymity).toEqual({ minGroup: 7 })
    expect(saved.someFutureKey).toEqual({ kept: true })
    expect(saved.pilot).toBe(true)
    const parsed = SurveySettingsSchema.parse(JSON.parse(JSON.stringify(saved)))
    expect(parsed.anonymity).toEqual({ minGroup: 7 })
  })

  it('removes what the editor emptied, even where it was stored', () => {
    const edited = { hiddenFields: ['department'], signedFields: ['unit'], responseQuota: null }
    const saved = JSON.parse(
      JSON.stringify(settingsToSave(STORED, edited, { csiWeights: undefined, csi: undefined })),
    )
    expect(saved.hiddenFields).toEqual(['department'])
    // A signed field whose hidden field went is dropped; an emptied quota and CSI weights go.
    expect(saved.signedFields).toEqual([])
    expect(saved).not.toHaveProperty('responseQuota')
    expect(saved).not.toHaveProperty('csiWeights')
    expect(saved.anonymity).toEqual({ minGroup: 7 })
  })

  it('sends the edited fields as the server takes them', () => {
    const edited = {
      hiddenFields: ['w'],
      weightField: 'w',
      opensAt: dayjs('2026-06-01T08:00:00Z'),
      quality: { minSecondsPerAnswer: null, straightLineMin: 6 },
    }
    const saved = settingsToSave({}, edited, { csiWeights: { q1: 3 }, csi: { weighting: 'given' } })
    expect(saved.weightField).toBe('w')
    expect(Date.parse(saved.opensAt as string)).toBe(Date.parse('2026-06-01T08:00:00Z'))
    expect(saved.quality).toEqual({ minSecondsPerAnswer: 1.5, straightLineMin: 6 })
    expect(saved.csiWeights).toEqual({ q1: 3 })
    expect(saved.csi).toEqual({ weighting: 'given' })
    expect(saved).not.toHaveProperty('anonymity')
  })
})
