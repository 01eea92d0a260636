import { DeleteOutlined, EditOutlined, PlayCircleOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { fetchSurveys } from '../../api/endpoints'
import { readFileAsBase64 } from '../../api/file-upload'
import { AnalysisResult } from '../../components/analysis-result'
import { localizedText } from '../../components/localized-text'
import { useOrgTime } from '../../components/org-time'
import type { MessageKey } from '../../i18n/i18n'
import {
  deleteSavedAnalysis,
  fetchSavedAnalyses,
  renameSavedAnalysis,
  runSavedAnalysis,
  SAVED_ANALYSES,
  type SavedAnalysis,
  type SavedAnalysisRun,
} from './saved-analyses-api'
import { WorkbenchExport } from './workbench-export'
import { useWorkbenchWords } from './workbench-words'

/**
 * The saved analyses: each runs again on current data (a survey's answers now; a file analysis
 * on a new file chosen here), can be renamed or deleted; the latest run shows below with its
 * exports.
 */
export function SavedAnalysesCard() {
  const { t, locale, errorText } = useWorkbenchWords()
  const queryClient = useQueryClient()
  const orgTime = useOrgTime()
  const saved = useQuery({ queryKey: SAVED_ANALYSES, queryFn: fetchSavedAnalyses })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const [run, setRun] = useState<SavedAnalysisRun | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: SAVED_ANALYSES })

  const act = async (id: string, action: () => Promise<unknown>) => {
    setBusy(id)
    setError(null)
    try {
      await action()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }
  const rerun = (a: SavedAnalysis, file?: { name: string; contentBase64: string }) =>
    act(a.id, async () => {
      setRun(await runSavedAnalysis(a.id, file))
      await refresh()
    })

  const sourceText = (a: SavedAnalysis) =>
    'survey' in a.source
      ? t('wbs.sourceSurvey', {
          name: localizedText(
            surveys.data?.find((s) => 'survey' in a.source && s.id === a.source.survey.id)
              ?.title ?? { 'zh-CN': a.source.survey.id },
            locale,
          ),
        })
      : t('wbs.sourceFile', { name: a.source.file.name })
  const periodText = (a: SavedAnalysis) =>
    !a.period
      ? t('wbs.allTime')
      : 'preset' in a.period
        ? t(`range.${a.period.preset}`)
        : t('wbs.fixedPeriod', { from: a.period.from, to: a.period.to })

  return (
    <Card title={t('wbs.list')} data-testid="saved-analyses">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<SavedAnalysis>
        size="small"
        rowKey="id"
        loading={saved.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('wbs.empty') }}
        dataSource={saved.data ?? []}
        columns={[
          {
            title: t('wbs.name'),
            dataIndex: 'name',
            key: 'name',
            render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
          },
          {
            title: t('method'),
            key: 'method',
            render: (_, a) => t(`method.${a.method}` as MessageKey),
          },
          { title: t('wbs.source'), key: 'source', render: (_, a) => sourceText(a) },
          { title: t('wbs.period'), key: 'period', render: (_, a) => periodText(a) },
          {
            title: orgTime.heading(t('wbs.lastRun')),
            key: 'lastRun',
            render: (_, a) => (a.lastRunAt ? orgTime.dateTime(a.lastRunAt) : t('wbs.never')),
          },
          {
            title: t('wbs.actions'),
            key: 'actions',
            render: (_, a) => (
              <Space wrap size={4}>
                {'survey' in a.source ? (
                  <Button
                    size="small"
                    type="primary"
                    icon={<PlayCircleOutlined />}
                    loading={busy === a.id}
                    onClick={() => void rerun(a)}
                    data-testid="saved-rerun"
                  >
                    {t('wbs.rerun')}
                  </Button>
                ) : (
                  <Upload
                    accept=".csv,.xlsx"
                    showUploadList={false}
                    beforeUpload={(f) => {
                      void readFileAsBase64(f).then((contentBase64) =>
                        rerun(a, { name: f.name, contentBase64 }),
                      )
                      return false
                    }}
                  >
                    <Button
                      size="small"
                      type="primary"
                      icon={<PlayCircleOutlined />}
                      loading={busy === a.id}
                      data-testid="saved-rerun-file"
                    >
                      {t('wbs.rerunFile')}
                    </Button>
                  </Upload>
                )}
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setRenaming({ id: a.id, name: a.name })}
                  data-testid="saved-rename"
                >
                  {t('wbs.rename')}
                </Button>
                <Popconfirm
                  title={t('wbs.deleteConfirm', { name: a.name })}
                  okText={t('wbs.delete')}
                  onConfirm={() =>
                    act(a.id, async () => {
                      await deleteSavedAnalysis(a.id)
                      if (run?.analysis.id === a.id) setRun(null)
                      await refresh()
                    })
                  }
                >
                  <Button size="small" danger icon={<DeleteOutlined />} data-testid="saved-delete">
                    {t('wbs.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={renaming !== null}
        title={t('wbs.rename')}
        okText={t('wbs.rename')}
        onCancel={() => setRenaming(null)}
        onOk={() =>
          renaming &&
          void act(renaming.id, async () => {
            await renameSavedAnalysis(renaming.id, renaming.name)
            setRenaming(null)
            await refresh()
          })
        }
        okButtonProps={{ 'data-testid': 'saved-rename-ok' } as Record<string, string>}
      >
        <label htmlFor="saved-analysis-rename">{t('wbs.name')}</label>
        <Input
          id="saved-analysis-rename"
          value={renaming?.name ?? ''}
          maxLength={120}
          onChange={(e) => renaming && setRenaming({ ...renaming, name: e.target.value })}
          data-testid="saved-rename-name"
        />
      </Modal>
      {run && (
        <div style={{ marginTop: 16 }} data-testid="saved-run">
          <Typography.Title level={5}>{run.analysis.name}</Typography.Title>
          <Typography.Paragraph type="secondary" data-testid="saved-run-rows">
            {run.period
              ? t('wbs.ranRows', { rows: run.rows, from: run.period.from, to: run.period.to })
              : t('wbs.ranRowsAll', { rows: run.rows })}
          </Typography.Paragraph>
          <WorkbenchExport name={run.analysis.name} result={run.result}>
            <AnalysisResult method={run.analysis.method} result={run.result} />
          </WorkbenchExport>
        </div>
      )}
    </Card>
  )
}
