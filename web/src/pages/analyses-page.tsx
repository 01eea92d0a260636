import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Segmented,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { api } from '../api/client'
import { fetchSurveys } from '../api/endpoints'
import { readFileAsBase64 } from '../api/file-upload'
import { AnalysisResult } from '../components/analysis-result'
import { localizedText } from '../components/localized-text'
import type { MessageKey } from '../i18n/i18n'
import type { DateRange } from '../../../src/shared/date-range-preset'
import { useSharedPeriod } from '../components/shell/date-range'
import { type AnalysisField, ANALYSIS_FIELDS } from './analysis-fields'
import { sendableFilters, type FilterDraft } from './workbench/filter-conditions'
import { FilterPicker } from './workbench/filter-picker'
import { PeriodSelect } from './workbench/period-select'
import { SaveAnalysisButton, savedBodyOf } from './workbench/save-analysis-button'
import { SavedAnalysesCard } from './workbench/saved-analyses-card'
import { WorkbenchExport } from './workbench/workbench-export'
import {
  type AnalysisWordKey,
  analysisWordsZh,
  useAnalysisWords,
} from '../components/analysis-words'
import {
  type AnalysisColumn,
  type AnalysisColumns,
  type AnalysisSource,
  fetchAnalysisColumns,
  kanoPairs,
} from './analysis-source'

const METHODS = Object.keys(ANALYSIS_FIELDS)
const PARTS = new Set(['functional', 'dysfunctional', 'expectation', 'perception'])

/**
 * The analysis workbench: the data is a survey picked from the list or an uploaded file (Manyi's
 * own export, or 问卷星, 腾讯问卷, Qualtrics, SurveyMonkey, LimeSurvey exports); the questions or
 * columns each method needs are picked from the table's own, never typed.
 */
export function AnalysesPage() {
  const { t, locale, errorText } = useAnalysisWords()
  const [method, setMethod] = useState('nps')
  const [from, setFrom] = useState<'survey' | 'file'>('file')
  const [surveyId, setSurveyId] = useState<string | undefined>(undefined)
  const [file, setFile] = useState<{ name: string; contentBase64: string } | null>(null)
  const [result, setResult] = useState<{ method: string; data: Record<string, unknown> } | null>(
    null,
  )
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // A survey's answers of the period every page shares (kept per person) until one is picked here.
  const sharedPeriod = useSharedPeriod()
  const [chosenPeriod, setPeriod] = useState<DateRange | 'all' | undefined>(undefined)
  const period =
    chosenPeriod === undefined ? sharedPeriod : chosenPeriod === 'all' ? undefined : chosenPeriod
  const [ranOptions, setRanOptions] = useState<Record<string, unknown>>({})
  const [conditions, setConditions] = useState<FilterDraft[]>([])
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })

  const source: AnalysisSource | null =
    from === 'survey'
      ? surveyId
        ? { survey: { id: surveyId, lang: locale } }
        : null
      : file
        ? { file }
        : null
  const columns = useQuery({
    queryKey: ['analysis-columns', from, surveyId, locale, file?.name, file?.contentBase64.length],
    queryFn: () => fetchAnalysisColumns(source!),
    enabled: source !== null,
    retry: false,
  })

  // Complete conditions on this table's columns; one on a column it lacks (another file's) is dropped.
  const filters = sendableFilters(
    conditions,
    new Set((columns.data?.columns ?? []).map((c) => c.header)),
  )

  const run = async (values: Record<string, string | string[] | undefined>) => {
    if (!source) return setError(t('wb.needSource'))
    setBusy(true)
    setError(null)
    try {
      const options: Record<string, unknown> = Object.fromEntries(
        Object.entries(values)
          .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
          .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      )
      for (const key of ['model', 'tree'])
        if (typeof options[key] === 'string') options[key] = JSON.parse(options[key] as string)
      // PLS: each complete row's construct scores come with the result, for their download.
      if (method === 'plspm') options.scores = true
      const data = await api<Record<string, unknown>>('POST', `/analyses/${method}`, {
        ...source,
        options,
        ...(from === 'survey' && period ? { period } : {}),
        filters,
      })
      setResult({ method, data })
      setRanOptions(options)
    } catch (e) {
      setResult(null)
      setError(e instanceof SyntaxError ? `${t('field.model')}: ${e.message}` : errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const partWord = (sub: string) => (PARTS.has(sub) ? t(`wb.part.${sub}` as MessageKey) : sub)
  const columnLabel = (c: AnalysisColumn) =>
    c.sub ? `${c.question} · ${partWord(c.sub)}` : c.question
  const answerColumns = (columns.data?.columns ?? []).filter((c) => c.role === 'answer')
  const columnOptions = (numericOnly: boolean) =>
    answerColumns
      .filter((c) => !numericOnly || c.numeric)
      .map((c) => ({ value: c.header, label: columnLabel(c) }))

  const picker = (field: AnalysisField, data: AnalysisColumns) => {
    if (field.pick === 'pairs') {
      const pairs = kanoPairs(data.columns)
      if (pairs.length === 0) return null
      return (
        <Select
          mode="multiple"
          style={{ minWidth: 280 }}
          placeholder={t('wb.pickPairs')}
          options={pairs.map((p) => ({ value: p.value, label: p.question }))}
          data-testid={`pick-${field.key}`}
        />
      )
    }
    return (
      <Select
        mode={field.pick === 'columns' ? 'multiple' : undefined}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 280, maxWidth: '80vw' }}
        placeholder={t(field.pick === 'columns' ? 'wb.pickColumns' : 'wb.pickColumn')}
        options={columnOptions(false)}
        data-testid={`pick-${field.key}`}
      />
    )
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('analyses')}>
        <Typography.Paragraph type="secondary">{t('analysesIntro')}</Typography.Paragraph>
        <Space wrap align="start" style={{ marginBottom: 16 }}>
          <div data-testid="analysis-source">
            <div>{t('wb.source')}</div>
            <Segmented
              value={from}
              onChange={(v) => {
                setFrom(v as 'survey' | 'file')
                setResult(null)
              }}
              options={[
                { value: 'survey', label: t('wb.fromSurvey') },
                { value: 'file', label: t('wb.fromFile') },
              ]}
            />
          </div>
          {from === 'survey' ? (
            <div>
              <div>{t('wb.survey')}</div>
              <Select
                style={{ width: 280, maxWidth: '80vw' }}
                placeholder={t('wb.pickSurvey')}
                aria-label={t('wb.survey')}
                value={surveyId}
                loading={surveys.isPending}
                onChange={(id) => {
                  setSurveyId(id)
                  setResult(null)
                }}
                options={(surveys.data ?? []).map((s) => ({
                  value: s.id,
                  label: localizedText(s.title, locale),
                }))}
                data-testid="analysis-survey"
              />
            </div>
          ) : (
            <div>
              <div>{t('file')}</div>
              <Upload
                accept=".csv,.xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  void readFileAsBase64(f).then((contentBase64) =>
                    setFile({ name: f.name, contentBase64 }),
                  )
                  setResult(null)
                  return false
                }}
                onRemove={() => setFile(null)}
              >
                <Button data-testid="analysis-file">{t('chooseFile')}</Button>
              </Upload>
            </div>
          )}
          <div>
            <div>{t('method')}</div>
            <Select
              style={{ width: 280 }}
              virtual={false}
              listHeight={400}
              value={method}
              aria-label={t('method')}
              onChange={(m) => {
                setMethod(m)
                setResult(null)
              }}
              data-testid="analysis-method"
              options={METHODS.map((m) => ({ value: m, label: t(`method.${m}` as MessageKey) }))}
            />
          </div>
          {from === 'survey' && (
            <PeriodSelect
              value={period}
              onChange={(p) => {
                setPeriod(p ?? 'all')
                setResult(null)
              }}
            />
          )}
          {columns.data && (
            <FilterPicker
              columns={columns.data.columns
                .filter((c) => c.role === 'answer' || c.role === 'meta')
                .map((c) => ({ value: c.header, label: columnLabel(c) }))}
              value={conditions}
              onChange={setConditions}
            />
          )}
        </Space>
        {columns.data && (
          <Typography.Paragraph
            type="secondary"
            data-testid="analysis-columns-read"
            data-source={from === 'file' ? file?.name : surveyId}
          >
            {t('wb.read', {
              rows: columns.data.rows,
              columns: answerColumns.length,
              tool: t(`wb.tool.${columns.data.tool}` as MessageKey),
            })}
          </Typography.Paragraph>
        )}
        {columns.isError && <Alert type="error" showIcon title={errorText(columns.error)} />}
        <Form layout="vertical" onFinish={run} key={`${method}-${from}`}>
          <Space wrap align="start">
            {ANALYSIS_FIELDS[method]!.map((field) => {
              const picked = field.pick && columns.data ? picker(field, columns.data) : null
              return (
                <Form.Item
                  key={field.key}
                  name={field.key}
                  label={t(field.label)}
                  rules={field.required ? [{ required: true }] : []}
                  style={{ minWidth: field.multiline ? 'min(520px, 85vw)' : 200 }}
                >
                  {picked ??
                    (field.choices ? (
                      <Select
                        allowClear
                        style={{ width: 200 }}
                        options={field.choices.map((c) => ({
                          value: c,
                          label:
                            `choice.${c}` in analysisWordsZh
                              ? t(`choice.${c}` as AnalysisWordKey)
                              : c,
                        }))}
                        data-testid={`choose-${field.key}`}
                      />
                    ) : field.multiline ? (
                      <Input.TextArea
                        rows={4}
                        placeholder={field.placeholder}
                        data-testid={`field-${field.key}`}
                      />
                    ) : (
                      <Input placeholder={field.placeholder} data-testid={`field-${field.key}`} />
                    ))}
                </Form.Item>
              )
            })}
          </Space>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="run-analysis">
              {t('run')}
            </Button>
            <SaveAnalysisButton
              analysis={savedBodyOf(result && source, result?.method, ranOptions, period, filters)}
              defaultName={t(`method.${result?.method ?? method}` as MessageKey)}
            />
          </Space>
        </Form>
      </Card>
      {error && <Alert type="error" title={error} showIcon data-testid="analysis-error" />}
      {result && (
        <WorkbenchExport name={t(`method.${result.method}` as MessageKey)} result={result.data}>
          <AnalysisResult method={result.method} result={result.data} />
        </WorkbenchExport>
      )}
      <SavedAnalysesCard />
    </Space>
  )
}
