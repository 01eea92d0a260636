import type { AnsweredFile } from '../../../src/responses/response-upload.schema'
import type { SurveyInput } from '../../../src/surveys/survey.schema'
import { api } from './client'

/** The files uploaded with a survey's answers (file upload questions), newest first. */
export const fetchAnswerFiles = (surveyId: string) =>
  api<{ files: AnsweredFile[] }>('GET', `/surveys/${surveyId}/files`).then((r) => r.files)

/** Where an answer's file downloads (as an attachment; the server records the download). */
export const answerFileUrl = (fileId: string) =>
  `/api/v1/response-files/${encodeURIComponent(fileId)}`

/** The respondent page of an unsaved draft, rendered by the server's page renderer. */
export const fetchSurveyPreview = (draft: SurveyInput, lang: 'zh-CN' | 'en-US') =>
  api<{ html: string }>('POST', `/surveys/preview?lang=${lang}`, draft).then((r) => r.html)
