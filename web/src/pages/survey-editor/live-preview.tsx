import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Card, Empty, Form, type FormInstance, Segmented, Space } from 'antd'
import { useEffect, useRef, useState } from 'react'
import {
  type Question,
  type SurveyInput,
  SurveyInputSchema,
} from '../../../../src/surveys/survey.schema'
import { fetchSurveyPreview } from '../../api/survey-files'
import { usePageWords } from '../../i18n/page-words'
import { previewWordsEnUS, previewWordsZhCN } from './preview-words'
import { RespondentPageFrame } from './respondent-page-frame'
import { questionsToSave } from './questions-to-save'

type Device = 'desktop' | 'phone'
type Lang = 'zh-CN' | 'en-US'

/** The parts of the form the respondent page shows (settings other than these do not change it). */
function draftOf(values: Partial<SurveyInput> | undefined): string {
  return JSON.stringify({
    title: values?.title ?? { 'zh-CN': '' },
    defaultLocale: values?.defaultLocale ?? 'zh-CN',
    questions: questionsToSave((values?.questions ?? []) as Question[]),
  })
}

/**
 * The unsaved draft as the respondent sees it, rendered by the respondent page's own renderer on
 * the server and shown with the page's own script (show/skip logic, slider, signature pad) in a
 * sandboxed frame that cannot submit, updated a moment after each edit. While the draft cannot be
 * saved as it is, the last page that could is kept.
 */
export function LivePreview({ form }: { form: FormInstance<SurveyInput> }) {
  const { t, locale } = usePageWords(previewWordsZhCN, previewWordsEnUS)
  const values = Form.useWatch((v) => v, { form, preserve: true })
  const [draft, setDraft] = useState(() => draftOf(values))
  const [device, setDevice] = useState<Device>('desktop')
  const [lang, setLang] = useState<Lang>(locale === 'en-US' ? 'en-US' : 'zh-CN')
  useEffect(() => {
    const timer = setTimeout(() => setDraft(draftOf(values)), 400)
    return () => clearTimeout(timer)
  }, [values])
  // The preview follows the app's language when it changes.
  useEffect(() => setLang(locale === 'en-US' ? 'en-US' : 'zh-CN'), [locale])
  // Checked here with the save's own schema first: a draft that cannot be saved is not sent.
  const complete = SurveyInputSchema.safeParse(JSON.parse(draft)).success
  const preview = useQuery({
    queryKey: ['survey-preview', draft, lang],
    queryFn: () => fetchSurveyPreview(JSON.parse(draft) as SurveyInput, lang),
    placeholderData: keepPreviousData,
    enabled: complete,
    retry: false,
  })
  const lastGood = useRef('')
  if (preview.data) lastGood.current = preview.data
  return (
    <Card
      size="small"
      title={t('pv.previewTitle')}
      extra={
        <Space wrap>
          <Segmented<Lang>
            size="small"
            value={lang}
            onChange={setLang}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en-US', label: 'English' },
            ]}
            data-testid="preview-lang"
          />
          <Segmented<Device>
            size="small"
            value={device}
            onChange={setDevice}
            options={[
              { value: 'desktop', label: t('pv.desktop') },
              { value: 'phone', label: t('pv.phone') },
            ]}
            data-testid="preview-device"
          />
        </Space>
      }
      styles={{ body: { padding: 8, background: '#f5f5f5' } }}
    >
      {lastGood.current !== '' && (!complete || preview.isError) && (
        <Alert
          type="warning"
          showIcon
          title={t('pv.previewInvalid')}
          style={{ marginBottom: 8 }}
          data-testid="preview-invalid"
        />
      )}
      {/* No frame until there is a page to show (an empty one would only be a blank box). */}
      {lastGood.current === '' && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('pv.previewEmpty')}
          data-testid="preview-empty"
        />
      )}
      {lastGood.current !== '' && (
        <RespondentPageFrame
          html={lastGood.current}
          title={t('pv.previewFrame')}
          testId="survey-preview"
          onLang={setLang}
          style={{ width: device === 'phone' ? 390 : '100%', height: 'min(75vh, 900px)' }}
        />
      )}
    </Card>
  )
}
