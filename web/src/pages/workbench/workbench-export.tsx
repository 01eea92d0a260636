import { FileExcelOutlined } from '@ant-design/icons'
import { Alert, Button, Space } from 'antd'
import { type ReactNode, useState } from 'react'
import { ChartExportContext } from '../../charts/chart-export'
import { fileBase, postForBlob, saveBlob } from '../../components/download-file'
import { useOrgToday } from '../../components/org-today'
import { resultSheets } from './result-sheets'
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
  const { t, errorText, resultWord } = useWorkbenchWords()
  const date = useOrgToday().format('YYYY-MM-DD')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const exportXlsx = async () => {
    setBusy(true)
    setError(null)
    try {
      const sheets = resultSheets(result, {
        field: resultWord,
        summary: t('wbs.summary'),
        measure: t('wbs.measure'),
        value: t('wbs.value'),
        yes: t('result.yes'),
      })
      const blob = await postForBlob('/analyses/export', { name, sheets })
      saveBlob(`${fileBase(name)}-${date}.xlsx`, blob)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
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
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {children}
      </Space>
    </ChartExportContext.Provider>
  )
}
