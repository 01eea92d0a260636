import { describe, expect, it } from 'vitest'
import {
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ValidationError,
} from '../../shared/errors.js'
import { html, trustedHtml } from '../../shared/html.js'
import type { Survey } from '../../surveys/survey.schema.js'
import { ALL_TYPES_QUESTIONS } from '../../surveys/test-questions.js'
import { complaintFormPage, complaintIssues, complaintReceivedPage } from './complaint-form.js'
import { formatPageTime, noticePage, thanksPage } from './layout.js'
import { errorNotice } from './page-error.js'
import { PAGE_TEXT } from './page-text.js'
import { surveyFormPage } from './survey-page.js'
import { unsubscribedPage, unsubscribePage } from './unsubscribe-page.js'
import { brandStyle } from './page-brand.js'

const EVIL = '<script>alert(1)</script>'
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;'
/** The one script element every page has: the frame-height script of this origin. */
const FRAME_SCRIPT = '<script src="/s/assets/frame.js" defer></script>'

/** Script elements of a page other than the frame script. */
const otherScripts = (page: string) => page.replace(FRAME_SCRIPT, '').match(/<script/g) ?? []

describe('the html tag', () => {
  it('escapes every interpolation unless it is a safe fragment', () => {
    const name = `"${EVIL}'&`
    expect(html`<p title="${name}">${name}</p>`.markup).toBe(
      `<p title="&quot;${ESCAPED}&#39;&amp;">&quot;${ESCAPED}&#39;&amp;</p>`,
    )
    expect(html`<div>${html`<b>${EVIL}</b>`}${trustedHtml('<i>kept</i>')}</div>`.markup).toBe(
      `<div><b>${ESCAPED}</b><i>kept</i></div>`,
    )
  })

  it('joins lists, prints numbers and leaves out false, null and undefined', () => {
    expect(html`${[1, '<', html`<br>`]}|${false}|${null}|${undefined}|${0}`.markup).toBe(
      '1&lt;<br>||||0',
    )
  })
})

describe('every page escapes the text it shows', () => {
  const survey = {
    id: 'x',
    slug: 's',
    title: { 'zh-CN': EVIL, 'en-US': EVIL },
    status: 'published',
    defaultLocale: 'zh-CN',
    version: 1,
    createdAt: '',
    updatedAt: '',
    publishedAt: null,
    closedAt: null,
    settings: { hiddenFields: ['store'], signedFields: [], pilot: false },
    questions: ALL_TYPES_QUESTIONS.map((q) => ({
      ...q,
      title: { 'zh-CN': EVIL },
      ...(q.options ? { options: q.options.map((o) => ({ ...o, label: { 'zh-CN': EVIL } })) } : {}),
    })),
  } as Survey

  it('the survey form: titles, option labels, typed answers, issues, hidden fields and tokens', () => {
    const page = surveyFormPage(survey, 'zh-CN', {
      values: { comment: EVIL, 'contact.name': EVIL },
      issues: [{ path: `answers.${EVIL}`, reason: EVIL }],
      clientResponseId: EVIL,
      hidden: { store: EVIL },
      channel: EVIL,
      resumeToken: EVIL,
      invitationToken: EVIL,
      linkToken: EVIL,
    })
    expect(otherScripts(page)).toEqual([])
    expect(page).not.toContain('<script>alert')
    // Title, the question titles and option labels, the contact name, the issue's path.
    expect(page.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(ALL_TYPES_QUESTIONS.length + 4)
    expect(page).toContain(`<input type="hidden" name="h_store" value="${ESCAPED}">`)
    expect(page).toContain(`<input type="hidden" name="t" value="${ESCAPED}">`)
  })

  it('the survey form with show/skip logic: earlier answers cannot end the rules’ script element', () => {
    const withLogic = {
      ...survey,
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': 'n' }, required: true },
        {
          key: 'why',
          type: 'text',
          title: { 'zh-CN': 'w' },
          required: false,
          showIf: { question: 'nps', min: 0, max: 6 },
        },
      ],
    } as Survey
    const page = surveyFormPage(withLogic, 'zh-CN', {
      values: {},
      issues: [],
      clientResponseId: 'c',
      earlier: { nps: `</script>${EVIL}` },
    })
    expect(otherScripts(page)).toEqual([
      '<script', // the rules, as JSON data
      '<script', // /s/assets/survey.js
    ])
    expect(page).toContain(
      '"earlier":{"nps":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}',
    )
  })

  it('the complaint form: organisation name, what was posted, the error, the key', () => {
    const page = complaintFormPage('en-US', {
      key: EVIL,
      orgName: EVIL,
      shownAt: EVIL,
      values: { text: EVIL, name: EVIL, phone: EVIL, email: EVIL, store: EVIL },
      issues: [{ field: null, message: EVIL }],
      brand: { color: null, logoUrl: `/x"${EVIL}`, name: EVIL },
    })
    expect(otherScripts(page)).toEqual([])
    // Key, title's organisation name, the five values, shownAt, the issue, the logo's address and its alt text.
    expect(page.split(ESCAPED).length - 1).toBe(11)
  })

  it('a brand colour is written into the style only as #rrggbb', () => {
    expect(brandStyle('#1a7f37').toString()).toBe(
      '<style>:root{--brand:#1a7f37;--on-brand:#fff;--brand-ink:#1a7f37}</style>',
    )
    for (const bad of ['red', '#fff', '#1a7f37;}body{display:none', '</style><script>', null])
      expect(brandStyle(bad)).toBe('')
  })

  it('the unsubscribe pages, the notices and the complaint receipt', () => {
    const pages = [
      unsubscribePage('zh-CN', EVIL, EVIL),
      unsubscribedPage('en-US', EVIL),
      noticePage('zh-CN', EVIL, EVIL),
      complaintReceivedPage(
        'en-US',
        { caseNumber: EVIL, firstResponseDue: Date.UTC(2026, 5, 15) },
        'Asia/Shanghai',
      ),
    ]
    for (const page of pages) {
      expect(otherScripts(page)).toEqual([])
      expect(page).toContain(ESCAPED)
    }
  })
})

describe('the notice for a failed page request', () => {
  const text = PAGE_TEXT['en-US']
  const showTime = (at: string) => formatPageTime(at, 'en-US', 'America/New_York')

  it('speaks of what went wrong by code, else by status', () => {
    const cases: Array<[unknown, number, string]> = [
      [new GoneError('SURVEY_QUOTA_REACHED', 'full'), 410, text.quotaTitle],
      [new GoneError('SURVEY_CLOSED', 'closed'), 410, text.closedTitle],
      [new NotFoundError('INVITATION_NOT_FOUND', 'x'), 404, text.invitationNotFoundTitle],
      [new ValidationError('LINK_TOKEN_INVALID', 'x'), 400, text.invitationNotFoundTitle],
      [new ValidationError('TEXT_INVALID_CHARACTER', 'x'), 400, text.invalidTextTitle],
      [new NotFoundError('SURVEY_NOT_FOUND', 'x'), 404, text.notFoundTitle],
      [new NotFoundError('FORM_NOT_FOUND', 'x'), 404, text.notFoundTitle],
      [new RateLimitedError('RATE_LIMITED', 'x'), 429, text.rateLimited],
      // A failure is not "survey not found" (as the survey page used to say).
      [new Error('boom'), 500, text.pageErrorTitle],
      [new PayloadTooLargeError('PAYLOAD_TOO_LARGE', 'x'), 413, text.pageErrorTitle],
    ]
    expect(
      cases.map(([error, status]) => errorNotice(error, status, text, showTime).title),
    ).toEqual(cases.map(([, , title]) => title))
  })

  it('says when a survey opens in the time zone it is given', () => {
    const error = new NotFoundError('SURVEY_NOT_OPEN_YET', 'x', [], {
      opensAt: '2026-07-01T02:30:00.000Z',
    })
    expect(errorNotice(error, 404, text, showTime).body).toBe(
      'It opens at June 30, 2026 at 10:30 PM. Please come back then.',
    )
  })
})

describe('the respondent page on a phone', () => {
  const survey = {
    id: 'x',
    slug: 's',
    title: { 'zh-CN': '满意度调查' },
    status: 'published',
    defaultLocale: 'zh-CN',
    version: 1,
    createdAt: '',
    updatedAt: '',
    publishedAt: null,
    closedAt: null,
    settings: { hiddenFields: [], signedFields: [], pilot: false },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您会推荐我们吗？' }, required: true },
      { key: 'ok', type: 'csat', title: { 'zh-CN': '满意吗？' }, required: true },
      { key: 'why', type: 'text', title: { 'zh-CN': '原因' }, required: false },
    ],
  } as Survey

  it('puts the 0–10 scale in one strip of 11 equal columns; worded scales stack', () => {
    const page = surveyFormPage(survey, 'zh-CN', { values: {}, issues: [], clientResponseId: 'c' })
    expect(page).toContain('<div class="scale n11">')
    expect(page).toContain('.scale.n11{grid-template-columns:repeat(11,minmax(0,1fr))')
    expect(page).toContain('<div class="scale words">')
    // 选填 is one unbreakable tag.
    expect(page).toContain('<span class="tag">选填</span>')
    expect(page).toMatch(/\.tag\{[^}]*white-space:nowrap/)
  })

  it('sums up errors as "请回答：<question>", each linking to its question', () => {
    const page = surveyFormPage(survey, 'zh-CN', {
      values: {},
      issues: [
        { path: 'answers.ok', reason: 'a required question was not answered' },
        { path: 'answers.nps', reason: 'must be a whole number from 0 to 10' },
      ],
      clientResponseId: 'c',
    })
    expect(page).toContain('<li><a href="#q1">请回答：满意吗？</a></li>')
    expect(page).toContain('<li><a href="#q0">您会推荐我们吗？：请选择一个有效的选项。</a></li>')
    expect(page).toContain('<fieldset id="q1"')
    expect(page).not.toContain('满意吗？: 此题为必答题')
  })

  it('shows the organisation’s logo and colour', () => {
    const page = surveyFormPage(
      survey,
      'en-US',
      { values: {}, issues: [], clientResponseId: 'c' },
      { color: '#ffd400', logoUrl: '/s/brand/o1/logo?v=abc' },
    )
    // A pale colour: dark text on its buttons, and links stay dark to read on white.
    expect(page).toContain('--brand:#ffd400;--on-brand:#1f2329;--brand-ink:#1f2329')
    expect(page).toContain('<img src="/s/brand/o1/logo?v=abc" alt="满意度调查">')
  })

  it('thanks with a mark of completion, the survey’s title and that the page may be closed', () => {
    const page = thanksPage('zh-CN', PAGE_TEXT['zh-CN'], '满意度调查')
    expect(page).toContain('<h1>感谢您的反馈！</h1><p><strong>满意度调查</strong></p>')
    expect(page).toContain('您现在可以关闭此页面。')
  })
})

describe('the complaint form’s errors', () => {
  it('are in the page’s language, named by the field’s label, never a raw key', () => {
    const details = [
      { path: 'complaint.consent', reason: 'please agree that we keep your contact details' },
      { path: 'complaint.phone', reason: 'is not a phone number' },
    ]
    const issues = complaintIssues('VALIDATION_FAILED', details, PAGE_TEXT['zh-CN'])
    expect(issues.map((i) => i.field)).toEqual(['phone', 'consent'])
    const page = complaintFormPage('zh-CN', {
      key: 'k',
      orgName: '华东电力',
      shownAt: 's',
      values: { phone: '12' },
      issues,
    })
    expect(page).toContain('<a href="#phone">电话：请填写有效的电话号码，或留空。</a>')
    expect(page).toContain(
      '<a href="#consent">联系方式：留下联系方式时，请勾选同意我们保存；也可以删去联系方式匿名提交。</a>',
    )
    expect(page).toContain('aria-invalid="true" aria-describedby="phone-error"')
    expect(page).not.toMatch(/consent:|please agree|is not a phone/)
  })

  it('say that a complaint without contact details is anonymous, and its receipt promises no call', () => {
    expect(
      complaintFormPage('en-US', { key: 'k', orgName: 'o', shownAt: 's', values: {}, issues: [] }),
    ).toContain('Without them your complaint is anonymous')
    const receipt = { caseNumber: 'C-0001', firstResponseDue: Date.UTC(2026, 5, 15) }
    expect(complaintReceivedPage('zh-CN', receipt, 'Asia/Shanghai', { anonymous: true })).toContain(
      '受理编号 C-0001。您没有留下联系方式，我们会根据您的描述处理。',
    )
    expect(complaintReceivedPage('zh-CN', receipt, 'Asia/Shanghai')).toContain('前与您联系')
  })

  it('promise the first answer on the business calendar clock, naming its zone', () => {
    const receipt = { caseNumber: 'C-0001', firstResponseDue: Date.UTC(2026, 5, 15, 2) }
    expect(complaintReceivedPage('zh-CN', receipt, 'Asia/Shanghai')).toContain(
      '受理编号 C-0001。我们会在 2026年6月15日 10:00（北京时间）前与您联系。',
    )
    const due = formatPageTime(receipt.firstResponseDue, 'en-US', 'Asia/Shanghai')
    expect(complaintReceivedPage('en-US', receipt, 'Asia/Shanghai')).toContain(
      `We will contact you by ${due} (UTC+8).`,
    )
    // A zone with summer time has no one offset: it is named.
    const berlin = formatPageTime(receipt.firstResponseDue, 'en-US', 'Europe/Berlin')
    expect(berlin).toContain('4:00')
    expect(complaintReceivedPage('en-US', receipt, 'Europe/Berlin')).toContain(
      `${berlin} (Europe/Berlin).`,
    )
  })
})
