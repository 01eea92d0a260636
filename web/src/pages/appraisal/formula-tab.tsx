import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, List, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useOrgTime } from '../../components/org-time'
import {
  type AppraisalFormulaSpec,
  fetchFormulas,
  type Preview,
  previewFormula,
  saveFormula,
} from './appraisal-api'
import { AppraisalResultsTable } from './appraisal-results-table'
import type { AppraisalWords } from './appraisal-words'
import { FormulaEditor, STARTING_SPEC } from './formula-editor'

/**
 * The formula: edit the current version's settings, preview them on the chosen unit's last month
 * (nothing stored), and save them as a new version (administrators; no version is rewritten).
 */
export function FormulaTab(props: {
  words: AppraisalWords
  unitId: string | undefined
  unitLabel: (id: string) => string
  mayConfigure: boolean
}) {
  const { words, unitId, unitLabel, mayConfigure } = props
  const { t, errorText } = words
  const orgTime = useOrgTime()
  const queryClient = useQueryClient()
  const formulas = useQuery({ queryKey: ['appraisal-formulas'], queryFn: fetchFormulas })
  const current = formulas.data?.[0]
  const [spec, setSpec] = useState<AppraisalFormulaSpec>(STARTING_SPEC)
  const [note, setNote] = useState('')
  const [preview, setPreview] = useState<Preview>()
  useEffect(() => {
    if (current) setSpec(current.spec)
  }, [current])
  const previewing = useMutation({
    mutationFn: () => previewFormula(spec, unitId!),
    onSuccess: setPreview,
  })
  const saving = useMutation({
    mutationFn: () => saveFormula(spec, note.trim() || undefined),
    onSuccess: async () => {
      setNote('')
      await queryClient.invalidateQueries({ queryKey: ['appraisal-formulas'] })
    },
  })
  const error = previewing.error ?? saving.error ?? formulas.error
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <span style={{ whiteSpace: 'normal', display: 'block', padding: '8px 0' }}>
            {current
              ? t('ap.formula.current', {
                  version: current.version,
                  date: orgTime.dateTime(new Date(current.createdAt).toISOString()),
                })
              : t('ap.tab.formula')}
          </span>
        }
        loading={formulas.isLoading}
        data-testid="ap-formula-card"
      >
        {formulas.isSuccess && !current && (
          <Alert type="info" showIcon title={t('ap.formula.none')} style={{ marginBottom: 16 }} />
        )}
        {!mayConfigure && (
          <Alert
            type="info"
            showIcon
            title={t('ap.formula.readOnly')}
            style={{ marginBottom: 16 }}
          />
        )}
        <FormulaEditor
          spec={spec}
          note={note}
          onChange={setSpec}
          onNote={setNote}
          words={words}
          readOnly={!mayConfigure}
        />
        <Space wrap style={{ marginTop: 16 }}>
          <Button
            onClick={() => previewing.mutate()}
            disabled={!unitId}
            loading={previewing.isPending}
            data-testid="ap-preview"
          >
            {t('ap.preview')}
          </Button>
          {mayConfigure && (
            <Button
              type="primary"
              onClick={() => saving.mutate()}
              loading={saving.isPending}
              data-testid="ap-formula-save"
            >
              {t('ap.formula.save')}
            </Button>
          )}
          {saving.data && (
            <Typography.Text type="success" data-testid="ap-formula-saved">
              {t('ap.formula.saved', { version: saving.data.version })}
            </Typography.Text>
          )}
        </Space>
        {error && (
          <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 12 }} />
        )}
      </Card>
      <Card
        title={
          <span style={{ whiteSpace: 'normal', display: 'block', padding: '8px 0' }}>
            {preview
              ? t('ap.preview.title', { unit: unitLabel(preview.unitId), month: preview.month })
              : t('ap.preview')}
          </span>
        }
      >
        {preview ? (
          <AppraisalResultsTable
            results={preview.results}
            words={words}
            testId="ap-preview-table"
          />
        ) : (
          <Empty description={t('ap.preview.hint')} />
        )}
      </Card>
      {(formulas.data?.length ?? 0) > 0 && (
        <Card title={t('ap.formula.history')}>
          <List
            size="small"
            dataSource={formulas.data}
            data-testid="ap-formula-history"
            renderItem={(f) => (
              <List.Item>
                <Space wrap>
                  <strong>{t('ap.formula.version', { version: f.version })}</strong>
                  <Typography.Text type="secondary">
                    {orgTime.dateTime(new Date(f.createdAt).toISOString())}
                  </Typography.Text>
                  {f.note && <span>{f.note}</span>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  )
}
