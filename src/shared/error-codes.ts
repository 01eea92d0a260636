/**
 * Every stable error code Manyi answers with, as one list: `AppError` takes
 * only these (a throw with an unlisted code fails the type check), the admin
 * app has a zh-CN and en-US message for each (web/src/i18n, checked by
 * web/src/i18n/error-text.test.ts), and docs/errors.md describes each one
 * (checked both ways by error-codes.test.ts). Browser-safe: no Node imports,
 * the admin app imports this file too.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'ANSWERS_INVALID',
  'TEXT_INVALID_CHARACTER',
  'MALFORMED_REQUEST',
  'INVALID_JSON',
  'URL_MALFORMED',
  'PATH_TOO_LONG',
  'WEBHOOK_ADDRESS_NOT_ALLOWED',
  'BAD_REQUEST',
  'CONFIG_INVALID',
  'UNAUTHENTICATED',
  'LOGIN_FAILED',
  'LOGIN_THROTTLED',
  'LOGIN_LOCKED',
  'USER_DISABLED',
  'ORGANISATION_SUSPENDED',
  'OPERATOR_REQUIRED',
  'MEMBERSHIP_NOT_FOUND',
  'PASSWORD_HELD_BY_PERSON',
  'PASSWORD_TOO_WEAK',
  'FORBIDDEN',
  'CSRF_ORIGIN_MISMATCH',
  'CSRF_ORIGIN_REQUIRED',
  'SURVEY_NOT_FOUND',
  'INVITATION_NOT_FOUND',
  'CONTACT_LIST_NOT_FOUND',
  'DISTRIBUTION_NOT_FOUND',
  'IMPORT_JOB_NOT_FOUND',
  'IMPORT_INTERRUPTED',
  'USER_NOT_FOUND',
  'USER_INACTIVE',
  'FEEDBACK_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
  'CASE_NOT_FOUND',
  'COMPENSATION_NOT_FOUND',
  'FORM_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'ANALYSIS_METHOD_NOT_FOUND',
  'ORGANISATION_NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'SURVEY_CLOSED',
  'SURVEY_NOT_OPEN_YET',
  'SURVEY_QUOTA_REACHED',
  'SURVEY_NOT_DRAFT',
  'SURVEY_NOT_PUBLISHED',
  'SURVEY_NOT_EDITABLE',
  'LAST_ADMIN',
  'DISTRIBUTION_ALREADY_STARTED',
  'MAIL_NOT_CONFIGURED',
  'CASE_TRANSITION_NOT_ALLOWED',
  'CASE_CHANGED',
  'COMPENSATION_DECIDED',
  'USER_EMAIL_TAKEN',
  'TOKEN_NOT_FOUND',
  'TOKEN_ROLE_NOT_ALLOWED',
  'TOKEN_NEEDS_SESSION',
  'MFA_CODE_INVALID',
  'MFA_CHALLENGE_INVALID',
  'MFA_THROTTLED',
  'MFA_ALREADY_ENROLLED',
  'MFA_NOT_ENROLLED',
  'MFA_ENROLMENT_REQUIRED',
  'SESSION_NOT_FOUND',
  'SSO_PROVIDER_NOT_FOUND',
  'SSO_SIGN_IN_FAILED',
  'SSO_NO_MEMBERSHIP',
  'DEMO_TEAM_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'COMPENSATION_ABOVE_AUTHORITY',
  'APPROVAL_BY_REQUESTER',
  'RATE_LIMITED',
  'CONTACTS_INVALID',
  'LINK_TOKEN_INVALID',
  'CAUSE_REQUIRED',
  'ATTACHMENT_INVALID',
  'PUBLIC_FORM_KEY_READ_ONLY',
  'COMPLAINT_REJECTED',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_TOO_LARGE',
  'FILE_TOO_LARGE_UNCOMPRESSED',
  'FILE_TOO_MANY_ROWS',
  'COLUMN_NOT_FOUND',
  'NOT_A_NUMBER',
  'VALUE_OUT_OF_RANGE',
  'MODEL_INVALID',
  'SINGULAR_MATRIX',
  'TOO_MANY_PREDICTORS',
  'MIGRATION_FAILED',
  'BACKUP_FILE_INVALID',
  'RESTORE_TARGET_NOT_EMPTY',
  'INTERNAL_ERROR',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES)

/** Whether a code from the wire is one this version knows (a newer server may send others). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code)
}

/**
 * Machine-readable kinds of field problem (`FieldIssue.rule`), so clients can
 * say what is wrong in the user's language instead of showing `reason`, which
 * is English. The zod kinds are mapped in shared/validation.ts; the password
 * rules come from auth/password-policy.ts.
 */
export const FIELD_RULES = [
  'required',
  'invalid_type',
  'too_short',
  'too_long',
  'too_small',
  'too_big',
  'too_few',
  'too_many',
  'not_multiple',
  'invalid_format',
  'invalid_email',
  'invalid_url',
  'invalid_value',
  'unrecognized_keys',
  'invalid',
  'password_too_short',
  'password_too_long',
  'password_repeated',
  'password_sequence',
  'password_email',
  'password_common',
] as const

export type FieldRule = (typeof FIELD_RULES)[number]
