import { SaveOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Input, Modal, Typography, message } from 'antd'
import { useState } from 'react'
import type { SaveAnalysisBody } from '../../../../src/analyses/saved-analysis.schema'
import type { DateRange } from '../../../../src/shared/date-range-preset'
import type { AnalysisSource } from '../analysis-source'
import { SAVED_ANALYSES, saveAnalysis } from './saved-analyses-api'
import { useWorkbenchWords } from './workbench-words'

/** Save what was just run (its source, method, options and period) under a name. */
export function SaveAnalysisButton({
  analysis,
  defaultName,
}: {
  analysis: Omit<SaveAnalysisBody, 'name'> | null
  defaultName: string
}) {
  const { t, errorText } = useWorkbenchWords()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (!analysis) return
    setBusy(true)
    setError(null)
    try {
      const saved = await saveAnalysis({ ...analysis, name: name.trim() || defaultName })
      await queryClient.invalidateQueries({ queryKey: SAVED_ANALYSES })
      setOpen(false)
      void message.success(t('wbs.saved', { name: saved.name }))
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Button
        icon={<SaveOutlined />}
        disabled={!analysis}
        onClick={() => {
          setName(defaultName)
          setError(null)
          setOpen(true)
        }}
        data-testid="save-analysis"
      >
        {t('wbs.save')}
      </Button>
      <Modal
        open={open}
        title={t('wbs.saveTitle')}
        okText={t('wbs.save')}
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'save-analysis-ok' } as Record<string, string>}
      >
        <Typography.Paragraph type="secondary">{t('wbs.saveHint')}</Typography.Paragraph>
        <label htmlFor="saved-analysis-name">{t('wbs.name')}</label>
        <Input
          id="saved-analysis-name"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => void save()}
          data-testid="save-analysis-name"
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </>
  )
}

/**
 * What a run saves: its source (a survey, or the file's name: the file itself is given again at
 * each run), method, options and period; null before anything has run.
 */
export function savedBodyOf(
  source: AnalysisSource | null | undefined,
  method: string | undefined,
  options: Record<string, unknown>,
  period: DateRange | undefined,
  filters: SaveAnalysisBody['filters'] = [],
): Omit<SaveAnalysisBody, 'name'> | null {
  if (!source || !method) return null
  const isSurvey = 'survey' in source
  return {
    method,
    source: isSurvey ? { survey: source.survey } : { file: { name: source.file.name } },
    options: options as SaveAnalysisBody['options'],
    filters,
    ...(isSurvey && period ? { period } : {}),
  }
}
