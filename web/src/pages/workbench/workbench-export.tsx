import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons'
import { Alert, Button, Space, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { ChartExportContext } from '../../charts/chart-export'
import { fileBase, postForBlob, saveBlob } from '../../components/download-file'
import { useOrgToday } from '../../components/org-today'
import { constructScoresOf } from '../../components/analysis-stats'
import type { AnalysisWordKey } from '../../components/analysis-words'
import { constructScoreSheets, resultSheets } from './result-sheets'
import { useWorkbenchWords } from './workbench-words'

/**
 * A result with its exports: the tables as an Excel workbook (written by the server, formula-like
 * cells neutralised) and each chart as PNG or SVG, all named `<analysis>-<date>` in the reader's
 * words on the organisation's calendar.
 */
export function WorkbenchExport({
  name,
  result,
  children,
}: {
  name: string
  result: Record<string, unknown>
  children: ReactNode
}) {
  const { t, errorText, resultWord, analysisWord } = useWorkbenchWords()
  const date = useOrgToday().format('YYYY-MM-DD')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busyScores, setBusyScores] = useState(false)
  const words = {
    field: resultWord,
    summary: t('wbs.summary'),
    measure: t('wbs.measure'),
    value: t('wbs.value'),
    yes: t('result.yes'),
    report: (key: string) => analysisWord(key as AnalysisWordKey),
  }
  const download = async (
    sheets: ReturnType<typeof resultSheets>,
    file: string,
    setWaiting: (busy: boolean) => void,
  ) => {
    setWaiting(true)
    setError(null)
    try {
      const blob = await postForBlob('/analyses/export', { name, sheets })
      saveBlob(`${fileBase(file)}-${date}.xlsx`, blob)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setWaiting(false)
    }
  }
  const exportXlsx = () => download(resultSheets(result, words), name, setBusy)
  // PLS: each complete row's construct scores on their own (the CLI's --scores FILE).
  const scores = constructScoresOf(result)
  const exportScores = () =>
    download(
      constructScoreSheets(result, words),
      `${name}-${analysisWord('result.constructScores')}`,
      setBusyScores,
    )
  return (
    <ChartExportContext.Provider
      value={{
        name,
        date,
        labels: { png: t('wbs.exportPng'), svg: t('wbs.exportSvg'), title: t('wbs.downloadChart') },
      }}
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Space wrap>
          <Button
            icon={<FileExcelOutlined />}
            loading={busy}
            onClick={() => void exportXlsx()}
            data-testid="export-xlsx"
          >
            {t('wbs.exportXlsx')}
          </Button>
          {scores && (
            <Button
              icon={<DownloadOutlined />}
              loading={busyScores}
              onClick={() => void exportScores()}
              data-testid="export-construct-scores"
            >
              {analysisWord('scores.download')}
            </Button>
          )}
          {scores && (
            <Typography.Text type="secondary" data-testid="construct-scores-note">
              {analysisWord('scores.note', { n: scores.rows.length })}
            </Typography.Text>
          )}
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {children}
      </Space>
    </ChartExportContext.Provider>
  )
}
