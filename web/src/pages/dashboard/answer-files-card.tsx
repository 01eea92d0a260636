import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Table } from 'antd'
import type { AnsweredFile } from '../../../../src/responses/response-upload.schema'
import type { Question } from '../../../../src/surveys/survey.schema'
import { answerFileUrl, fetchAnswerFiles } from '../../api/survey-files'
import { localizedText } from '../../components/localized-text'
import { usePageWords } from '../../i18n/page-words'
import { previewWordsEnUS, previewWordsZhCN } from '../survey-editor/preview-words'

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The files respondents uploaded with their answers; each downloads as an attachment (audited). */
export function AnswerFilesCard({
  surveyId,
  questions,
}: {
  surveyId: string
  questions: readonly Question[]
}) {
  const { t, locale, errorText } = usePageWords(previewWordsZhCN, previewWordsEnUS)
  const files = useQuery({
    queryKey: ['answer-files', surveyId],
    queryFn: () => fetchAnswerFiles(surveyId),
  })
  const title = (key: string) => {
    const question = questions.find((q) => q.key === key)
    return question ? localizedText(question.title, locale) : key
  }
  return (
    <Card title={t('pv.files')} size="small" data-testid="answer-files">
      {files.isError ? (
        <Alert type="error" title={errorText(files.error)} />
      ) : (
        <Table<AnsweredFile>
          size="small"
          rowKey="id"
          loading={files.isPending}
          dataSource={files.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('pv.fileName'),
              dataIndex: 'filename',
              render: (name: string, file) => (
                <a href={answerFileUrl(file.id)} download={name} data-testid="answer-file-link">
                  {name}
                </a>
              ),
            },
            { title: t('pv.fileQuestion'), dataIndex: 'questionKey', render: title },
            { title: t('pv.fileSize'), dataIndex: 'size', render: sizeText },
            {
              title: t('pv.fileSubmitted'),
              dataIndex: 'submittedAt',
              render: (at: string) => new Date(at).toLocaleString(locale),
            },
          ]}
        />
      )}
    </Card>
  )
}
