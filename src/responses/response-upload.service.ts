import { createHash } from 'node:crypto'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import { type OrgScope, recordsWithinUnits, type Scope } from '../db/scope.js'
import {
  ConflictError,
  type FieldIssue,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { assertAcceptingAnswers, type Answers } from '../surveys/survey-answering.service.js'
import type { Question, Survey, UploadKind } from '../surveys/survey.schema.js'
import type { AnswerPath } from './answer-path.js'
import { DRAFT_LIFETIME_MS } from './response-draft.service.js'
import {
  deleteUnnamedResponseFiles,
  findAnsweredFile,
  findResponseFilesByIds,
  insertResponseFileOnce,
  linkResponseFiles,
  listAnsweredFiles,
  responseFileNames,
} from './response-file.repository.js'
import type { AnsweredFile, UploadedFile } from './response-upload.schema.js'
import { safeFilename, sniffUpload } from './upload-sniff.js'

/** Told by content, for other domains' uploads too (a plan's attachments). */
export { safeFilename, sniffUpload }

/**
 * The responses domain's public face for files respondents upload to file_upload questions:
 * storing an upload (size and kind checked, idempotent per upload key), checking and linking
 * the files an answer names, and the administrators' list and download (unit-scoped, audited).
 */

/** An upload key: the client's retry-safe name of one upload (Idempotency-Key). */
export const UPLOAD_KEY = /^[A-Za-z0-9_.-]{8,200}$/

const KIND_TYPES: Record<UploadKind, string> = {
  image: 'PNG, JPEG, GIF, WebP, HEIC',
  pdf: 'PDF',
  video: 'MP4, MOV',
}

/** A file_upload question's limits (the editor's, or 5 MB of images). */
export function uploadLimitsOf(question: Question): { maxBytes: number; kinds: UploadKind[] } {
  const maxMb = question.upload?.maxMb ?? 5
  return { maxBytes: maxMb * 1024 * 1024, kinds: question.upload?.kinds ?? ['image'] }
}

function uploadQuestion(survey: Survey, questionKey: string): Question {
  const question = survey.questions.find((q) => q.key === questionKey)
  if (question?.type !== 'file_upload')
    throw new ValidationError('VALIDATION_FAILED', `No file question ${questionKey}.`, [
      { path: 'question', reason: 'is not a file upload question of this survey' },
    ])
  return question
}

export interface UploadInput {
  survey: Survey
  questionKey: string
  uploadKey: string
  filename: string
  data: Uint8Array
}

/**
 * Store one uploaded file: its size within the question's limit (413 UPLOAD_TOO_LARGE), its
 * bytes one of the allowed kinds (415 UPLOAD_KIND_NOT_ALLOWED). The same key again stores
 * nothing and answers with the file stored first; the key again with other bytes is a 409.
 */
export async function storeUpload(
  scope: OrgScope & { now: number },
  input: UploadInput,
): Promise<UploadedFile> {
  const question = uploadQuestion(input.survey, input.questionKey)
  const { maxBytes, kinds } = uploadLimitsOf(question)
  const path = `answers.${question.key}`
  if (!UPLOAD_KEY.test(input.uploadKey))
    throw new ValidationError('VALIDATION_FAILED', 'The upload key is not valid.', [
      { path: 'Idempotency-Key', reason: 'must be 8–200 characters of A–Z, a–z, 0–9, _, . or -' },
    ])
  if (input.data.length === 0)
    throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
      { path, reason: 'the file is empty' },
    ])
  if (input.data.length > maxBytes)
    throw new PayloadTooLargeError(
      'UPLOAD_TOO_LARGE',
      `The file is ${input.data.length} bytes; this question takes at most ${maxBytes}.`,
      [{ path, reason: `the file is ${input.data.length} bytes`, allowed: `at most ${maxBytes}` }],
    )
  const sniffed = sniffUpload(input.data)
  if (!sniffed || !kinds.includes(sniffed.kind))
    throw new UnsupportedMediaTypeError(
      'UPLOAD_KIND_NOT_ALLOWED',
      'This kind of file is not allowed here.',
      [
        {
          path,
          reason: sniffed
            ? `the file is ${sniffed.contentType}, a kind this question does not take`
            : 'the file is not of a kind this question takes',
          allowed: kinds.map((k) => KIND_TYPES[k]).join(', '),
        },
      ],
    )
  const sha256 = createHash('sha256').update(input.data).digest('hex')
  const stored = await insertResponseFileOnce(scope.db, {
    id: newId(scope.now),
    org_id: scope.orgId,
    survey_id: input.survey.id,
    question_key: question.key,
    upload_key: input.uploadKey,
    response_id: null,
    filename: safeFilename(input.filename, sniffed),
    content_type: sniffed.contentType,
    size: input.data.length,
    sha256,
    data: Buffer.from(input.data),
    created_at: scope.now,
  })
  if (stored.sha256 !== sha256)
    throw new ConflictError('UPLOAD_KEY_REUSED', 'This upload key was used for another file.', [
      { path: 'Idempotency-Key', reason: 'was used for a different file; use a new key' },
    ])
  return {
    id: stored.id,
    filename: stored.filename,
    contentType: stored.contentType,
    size: stored.size,
  }
}

/** An upload through the public answer API: the survey must be taking answers. */
export async function uploadAnswerFile(
  path: AnswerPath,
  slug: string,
  input: Omit<UploadInput, 'survey'>,
  now: number,
): Promise<UploadedFile> {
  const { survey, orgId } = await path.openSurveys.find(slug)
  assertAcceptingAnswers(
    survey,
    now,
    survey.settings.responseQuota === undefined
      ? 0
      : await path.openSurveys.answersSoFar(survey.id),
  )
  return storeUpload({ db: path.store.db, orgId, now }, { ...input, survey })
}

function fileAnswers(survey: Survey, answers: Answers): Array<[string, string]> {
  return survey.questions.flatMap((q) => {
    const value = answers[q.key]
    return q.type === 'file_upload' && typeof value === 'string' ? [[q.key, value]] : []
  })
}

/**
 * The files an answer names must have been uploaded to the same survey and question
 * (UPLOAD_NOT_FOUND otherwise, with the question's path); checked before the answer is stored.
 */
export async function assertAnswerFiles(
  scope: OrgScope,
  survey: Survey,
  answers: Answers,
): Promise<void> {
  const named = fileAnswers(survey, answers)
  if (named.length === 0) return
  const found = await findResponseFilesByIds(
    scope.db,
    scope.orgId,
    survey.id,
    named.map(([, id]) => id),
  )
  const issues: FieldIssue[] = named
    .filter(([key, id]) => !found.some((f) => f.id === id && f.questionKey === key))
    .map(([key]) => ({ path: `answers.${key}`, reason: 'no uploaded file with this id' }))
  if (issues.length > 0)
    throw new ValidationError('UPLOAD_NOT_FOUND', 'An uploaded file was not found.', issues)
}

/** Link the files an answer names to the stored answer. */
export async function linkAnswerFiles(
  scope: OrgScope,
  survey: Survey,
  answers: Answers,
  responseId: string,
): Promise<void> {
  const ids = fileAnswers(survey, answers).map(([, id]) => id)
  await linkResponseFiles(scope.db, scope.orgId, ids, responseId)
}

/** The files of a survey's answers, newest first (at most 200), within the reader's units. */
export async function listSurveyFiles(scope: Scope, surveyId: string): Promise<AnsweredFile[]> {
  requirePermission(scope.actor, 'responses:read')
  const files = await listAnsweredFiles(
    scope.db,
    scope.orgId,
    surveyId,
    recordsWithinUnits(scope),
    200,
  )
  return files.map((f) => ({
    id: f.id,
    questionKey: f.questionKey,
    responseId: f.responseId,
    filename: f.filename,
    contentType: f.contentType,
    size: f.size,
    submittedAt: new Date(f.submittedAt).toISOString(),
  }))
}

/**
 * One answer's file for download (always as an attachment): only a file of a stored answer
 * of this organisation and the reader's units; every download is audited.
 */
export async function downloadResponseFile(
  scope: Scope,
  id: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  requirePermission(scope.actor, 'responses:read')
  const found = await findAnsweredFile(scope.db, scope.orgId, id, recordsWithinUnits(scope))
  if (!found)
    throw new NotFoundError('UPLOAD_NOT_FOUND', `No uploaded file ${id}.`, [
      { path: 'id', reason: 'unknown uploaded file' },
    ])
  // Ids only: a file name can carry a customer's name.
  await recordAudit(scope.db, scope, {
    action: 'response_file.download',
    entity: 'response_file',
    entityId: id,
    detail: { responseId: found.responseId, surveyId: found.surveyId },
  })
  return { filename: found.filename, contentType: found.contentType, data: found.data }
}

/** File names by id of a survey's answered files, for exports (read with the store handle). */
export function exportedFileNames(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<Map<string, string>> {
  return responseFileNames(db, orgId, surveyId)
}

/** Files removed per statement by the upload cleanup: well under either store's parameter limit. */
const CLEANUP_BATCH = 500

/**
 * The upload cleanup, across all organisations (store handle): removes the files no answer names
 * that were uploaded more than `graceMs` before `now` — uploads whose answer never came (unless an
 * unfinished answer's draft still names them) and files whose answer was deleted. Taken in
 * batches; stops early when `signal` aborts. How many were removed.
 */
export async function removeUnnamedUploads(
  db: Db,
  now: number,
  graceMs: number,
  signal?: AbortSignal,
): Promise<{ removed: number }> {
  let removed = 0
  for (;;) {
    const n = await deleteUnnamedResponseFiles(db, {
      before: now - graceMs,
      draftsSince: now - DRAFT_LIFETIME_MS,
      limit: CLEANUP_BATCH,
    })
    removed += n
    if (n < CLEANUP_BATCH || signal?.aborted) return { removed }
  }
}

/** A file posted with the respondent page's form (multipart), by its field name `key.file`. */
export interface FormFile {
  field: string
  filename: string
  data: Uint8Array
}

type FormFields = Record<string, string | string[] | undefined>

/**
 * Store the files of a respondent page's form post and put each one's id into the form as the
 * answer (`key`, with `key.name` for showing it again). A file refused (too large, of a kind not
 * allowed, empty) becomes an issue of its question instead. The upload key is the form's answer
 * key and the file's hash, so posting the same page again stores nothing twice.
 */
export async function takeFormUploads(
  path: AnswerPath,
  slug: string,
  form: FormFields,
  files: readonly FormFile[],
  now: number,
): Promise<{ form: FormFields; issues: FieldIssue[] }> {
  if (files.length === 0) return { form, issues: [] }
  const { survey, orgId } = await path.openSurveys.find(slug)
  const posted = Array.isArray(form.clientResponseId)
    ? form.clientResponseId[0]
    : form.clientResponseId
  const answerKey = posted && /^[A-Za-z0-9_-]{8,100}$/.test(posted) ? posted : newId(now)
  const result: FormFields = { ...form }
  const issues: FieldIssue[] = []
  for (const file of files) {
    const key = file.field.replace(/\.file$/, '')
    const question = survey.questions.find((q) => q.key === key && q.type === 'file_upload')
    if (!question || file.data.length === 0) continue
    const sha = createHash('sha256').update(file.data).digest('hex')
    try {
      const stored = await storeUpload(
        { db: path.store.db, orgId, now },
        {
          survey,
          questionKey: key,
          uploadKey: `form-${answerKey}-${sha.slice(0, 40)}`,
          filename: file.filename,
          data: file.data,
        },
      )
      result[key] = stored.id
      result[`${key}.name`] = stored.filename
    } catch (error) {
      if (!(error instanceof ValidationError || isUploadRefusal(error))) throw error
      result[key] = ''
      issues.push(...error.details.map((d) => ({ ...d, path: `answers.${key}` })))
    }
  }
  return { form: result, issues }
}

function isUploadRefusal(error: unknown): error is PayloadTooLargeError {
  return error instanceof PayloadTooLargeError || error instanceof UnsupportedMediaTypeError
}
