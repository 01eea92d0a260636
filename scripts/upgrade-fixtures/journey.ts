import { FIXTURE_ADMIN } from '../../src/db/upgrade/fixtures.js'

/**
 * A short journey through one historical version's HTTP API, as a user would take it: answers
 * (one unhappy), a contact list and an e-mail distribution, a complaint worked as a case —
 * each step where that version has it.
 */
export async function journey(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FIXTURE_ADMIN),
  })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return {
      status: response.status,
      // biome-ignore lint/suspicious/noExplicitAny: reference JSON read from a fixture file, shape checked by the assertions.
      json: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : {},
    }
  }
  const me = (await call('GET', '/api/v1/auth/me')).json
  const userId: string = me.user?.id ?? me.id
  type SurveyRow = { id: string; slug: string; status: string; questions: Array<{ type: string }> }
  const suitable = (s: SurveyRow) =>
    s.status === 'published' &&
    s.questions.some((q) => q.type === 'nps') &&
    s.questions.some((q) => q.type === 'csat')
  let survey = ((await call('GET', '/api/v1/surveys')).json.surveys as SurveyRow[]).find(suitable)
  if (!survey) {
    const created = await call('POST', '/api/v1/surveys', {
      title: { 'zh-CN': '升级前的调查', 'en-US': 'Survey before the upgrade' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: { 'zh-CN': '推荐可能性', 'en-US': 'Recommend?' },
          required: true,
        },
        {
          key: 'csat',
          type: 'csat',
          title: { 'zh-CN': '满意度', 'en-US': 'Satisfied?' },
          required: false,
        },
        { key: 'ces', type: 'ces', title: { 'zh-CN': '省力', 'en-US': 'Easy?' }, required: false },
        {
          key: 'comment',
          type: 'text',
          title: { 'zh-CN': '意见', 'en-US': 'Comments' },
          required: false,
        },
      ],
    })
    survey = (await call('POST', `/api/v1/surveys/${created.json.id}/publish`)).json as SurveyRow
  }
  // A few answers of our own through the public API, one of them unhappy.
  for (const [i, answers] of [
    { nps: 2, csat: 1, ces: 2, comment: '升级前的回答：排队太久' },
    { nps: 9, csat: 5, ces: 6, comment: 'Quick and friendly' },
    { nps: 7, csat: 4, ces: 5 },
    { nps: 10, csat: 5, ces: 7, comment: '非常满意' },
  ].entries()) {
    const answer = await fetch(`${base}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers, clientResponseId: `fixture-answer-${i}` }),
    })
    if (answer.status >= 300)
      throw new Error(`answer refused: ${answer.status} ${await answer.text()}`)
  }

  const list = await call('POST', '/api/v1/contact-lists', {
    name: '升级前名单',
    file: {
      name: 'contacts.csv',
      contentBase64: Buffer.from('email,name\nli@example.com,李\nwang@example.com,王\n').toString(
        'base64',
      ),
    },
  })
  if (list.status < 300) {
    const distribution = await call('POST', `/api/v1/surveys/${survey.id}/distributions`, {
      name: '升级前邮件',
      listId: list.json.list?.id ?? list.json.id,
      channel: 'email',
    })
    if (distribution.status < 300)
      await call('POST', `/api/v1/distributions/${distribution.json.id}/send`)
    console.log(
      `  contact list ${list.status}, distribution ${distribution.status} ${distribution.status >= 300 ? JSON.stringify(distribution.json) : ''}`,
    )
  }

  const complaint = await call('POST', '/api/v1/feedback', {
    channel: 'api',
    kind: 'complaint',
    text: '升级前的投诉：快递三天没到',
    customer: { name: '赵女士', email: 'zhao@example.com' },
    externalId: 'fixture-complaint-1',
  })
  if (complaint.status < 300 && complaint.json.caseId) {
    const caseId = complaint.json.caseId as string
    const steps = [
      await call('POST', `/api/v1/cases/${caseId}/assign`, { ownerId: userId }),
      await call('POST', `/api/v1/cases/${caseId}/messages`, {
        visibility: 'internal',
        body: '已联系物流',
      }),
      await call('POST', `/api/v1/cases/${caseId}/messages`, {
        visibility: 'customer',
        body: '您好，包裹明天送达。',
      }),
      await call('POST', `/api/v1/cases/${caseId}/transitions`, { status: 'acknowledged' }),
      await call('POST', `/api/v1/cases/${caseId}/transitions`, { status: 'investigating' }),
    ]
    console.log(
      `  complaint ${complaint.status}, case steps ${steps.map((s) => s.status).join(' ')}`,
    )
  }
}
