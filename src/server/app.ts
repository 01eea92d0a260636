import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler } from 'fastify-type-provider-zod'
import { RateLimitedError } from '../shared/errors.js'
import { installApiContentTypes } from './api-content-types.js'
import { frameworkErrors, installErrorHandler } from './error-handler.js'
import { installApiDocsPage, installOpenApiDocs } from './openapi-docs.js'
import { installAuth } from './plugins/auth.js'
import { installAnonymousSurveyGuard } from './plugins/anonymous-survey-guard.js'
import { installCsrfCheck } from './plugins/csrf.js'
import { installMetrics } from './plugins/metrics.js'
import { installSecureTransport } from './plugins/secure-transport.js'
import { installRoutePermissions } from './plugins/route-permission.js'
import { installStorableTextCheck } from './plugins/storable-text.js'
import { sealPersonalDataAtStart } from '../personal-data/data-keys.service.js'
import { adminRoutes } from './routes/admin.routes.js'
import { analysisRoutes } from './routes/analyses.routes.js'
import { surveyPreviewRoutes } from './routes/survey-preview.routes.js'
import { answerUploadRoutes, responseFileAdminRoutes } from './routes/answer-files.routes.js'
import { savedAnalysisRoutes } from './routes/saved-analyses.routes.js'
import { segmentComparisonRoutes } from './routes/segment-comparison.routes.js'
import { authRoutes } from './routes/auth.routes.js'
import { mfaRoutes } from './routes/mfa.routes.js'
import { sessionRoutes } from './routes/sessions.routes.js'
import { ssoRoutes } from './routes/sso.routes.js'
import { operatorRoutes } from './routes/operator.routes.js'
import { caseRoutes } from './routes/cases.routes.js'
import { personalDataRoutes } from './routes/personal-data.routes.js'
import { feedbackRoutes } from './routes/feedback.routes.js'
import { textRoutes } from './routes/text.routes.js'
import { overviewRoutes } from './routes/overview.routes.js'
import { organisationRoutes } from './routes/organisation.routes.js'
import { userRoutes } from './routes/users.routes.js'
import { distributionRoutes } from './routes/distributions.routes.js'
import { contactProgrammeRoutes } from './routes/contact-programmes.routes.js'
import { pagesPlugin } from './pages/pages-plugin.js'
import { publicRoutes } from './routes/public.routes.js'
import { responseFileRoutes } from './routes/response-files.routes.js'
import { roleRoutes } from './routes/roles.routes.js'
import { targetRoutes } from './routes/targets.routes.js'
import { unitRollupRoutes } from './routes/unit-rollups.routes.js'
import { notificationRoutes } from './routes/notifications.routes.js'
import { alertRoutes } from './routes/alerts.routes.js'
import { actionPlanRoutes } from './routes/action-plans.routes.js'
import { customerRoutes } from './routes/customers.routes.js'
import { transactionImportJobRoutes } from './routes/transaction-import-jobs.routes.js'
import { commitmentRoutes } from './routes/commitments.routes.js'
import { noticeRoutes } from './routes/notices.routes.js'
import { appointmentRoutes } from './routes/appointments.routes.js'
import { channelInboundRoutes, channelSettingsRoutes } from './routes/channels.routes.js'
import { customerDataRightsRoutes } from './routes/customer-data-rights.routes.js'
import { churnRoutes } from './routes/churn.routes.js'
import { enterpriseCsiRoutes } from './routes/enterprise-csi.routes.js'
import { loyaltyRoutes } from './routes/loyalty.routes.js'
import { reportRoutes } from './routes/reports.routes.js'
import { unitRoutes } from './routes/units.routes.js'
import { employeeRoutes } from './routes/employees.routes.js'
import { appraisalRoutes } from './routes/appraisal.routes.js'
import { trainingRoutes } from './routes/training.routes.js'
import { maturityRoutes } from './routes/maturity.routes.js'
import { internalSatisfactionRoutes } from './routes/internal-satisfaction.routes.js'
import { replyScriptRoutes } from './routes/reply-scripts.routes.js'
import { followUpCallRoutes } from './routes/follow-up-calls.routes.js'
import { unitStoreRoutes } from './routes/unit-stores.routes.js'
import { serveWebApp } from './web-app.js'
import { surveyRoutes } from './routes/surveys.routes.js'

import { type AppDeps, type AppInputs, composed } from './deps.js'

// Routes and plugins import these from ./deps.js; re-exported for the callers of buildApp.
export { type AppDeps, type AppInputs, composeApp } from './deps.js'

export const BODY_LIMIT = 64 * 1024

/** How long one plugin may take to register before the start fails (Fastify's default is 10 s). */
export const PLUGIN_TIMEOUT_MS = 120_000

/**
 * The HTTP app over composed dependencies (composeApp in ./deps.ts), or over a caller's inputs,
 * composed here. Nothing of `given` is changed: a caller that wants the app's jobs or caches
 * composes first and passes the result.
 */
export async function buildApp(given: AppDeps | AppInputs): Promise<FastifyInstance> {
  const deps = composed(given)
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Router errors (an over-long path parameter, a broken %-escape) in the documented error shape too.
    frameworkErrors,
    // Only the configured proxies (MANYI_TRUST_PROXY) may name the client: anyone else's X-Forwarded-For is ignored.
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    loggerInstance: deps.log,
    // Registering the plugins and routes is mostly CPU, about 0.3 s of one core, but on a starved
    // machine it ran past Fastify's default 10 s and the start failed with 'Plugin did not start
    // in time' (a browser spec's server on the shared two-core machine at load 28). A plugin that
    // hangs is still reported, after two minutes.
    pluginTimeout: PLUGIN_TIMEOUT_MS,
  })
  // Request schemas document the API (OpenAPI); the services validate, so CLI and HTTP share one check.
  app.setValidatorCompiler(() => (data) => ({ value: data }))
  // Response schemas are the wire contract: an answer goes out as its schema declares it (fields it
  // does not declare are dropped; one that does not fit is a 500, never sent half-checked).
  app.setSerializerCompiler(serializerCompiler)

  // Background work stops first on close (before in-flight requests drain), so its lease is free for
  // another instance at once; running imports stop at their next batch and record that they did.
  app.addHook('preClose', async () => {
    await deps.jobs.stop()
    await deps.importJobs.stop()
    await deps.transactionImports.stop()
  })
  // Personal values left in plaintext (stored before encryption) are sealed once, before serving.
  app.addHook('onReady', () =>
    sealPersonalDataAtStart(deps.store, (sealed) =>
      deps.log.info(sealed, 'personal data sealed under the current key (records per table)'),
    ),
  )

  installErrorHandler(app)
  // Before any route: each route's declared permission is recorded and checked.
  installRoutePermissions(app, deps.store.db)
  // Before every context below, the public answer API included: text no store can keep is a 400 here.
  installStorableTextCheck(app)
  installApiContentTypes(app)
  // On every context below: HSTS when the public address is https, and the request metrics.
  installSecureTransport(app, deps.config)
  installMetrics(app, deps)
  await app.register(rateLimit, {
    global: false,
    // Limit headers go out only with a 429 (with Retry-After): browsers submitting answers
    // never read them, and every answer would carry three more headers.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError('RATE_LIMITED', `Too many requests; retry in ${context.after}.`, [], {
        retryAfter: context.after,
      }),
  })
  await installOpenApiDocs(app)
  // The public answer API is the hottest path and needs neither cookies, sessions nor
  // browser security headers: it lives in its own context, without their hooks.
  await app.register(async (publicApi) => publicRoutes(publicApi, deps))
  // Uploads of file questions' files: the only public route that reads raw bytes, in its own context.
  await app.register(async (uploads) => answerUploadRoutes(uploads, deps))
  // WeChat's XML and the chat webhook's signed bytes: read raw, in their own context.
  await app.register(async (inbound) => channelInboundRoutes(inbound, deps))
  await app.register(async (site) => {
    // Styles are inline in the survey page and injected by the admin app's component library;
    // scripts only ever come from this origin.
    await site.register(helmet, {
      // Sent on every answer, only over https (installSecureTransport above).
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    })
    await site.register(cookie)
    await site.register(formbody, { bodyLimit: BODY_LIMIT })
    await installApiDocsPage(site)
    installAuth(site, deps)
    installCsrfCheck(site, deps)
    installAnonymousSurveyGuard(site, deps)
    authRoutes(site, deps)
    mfaRoutes(site, deps)
    sessionRoutes(site, deps)
    ssoRoutes(site, deps)
    surveyRoutes(site, deps)
    surveyPreviewRoutes(site, deps)
    adminRoutes(site, deps)
    userRoutes(site, deps)
    roleRoutes(site, deps)
    savedAnalysisRoutes(site, deps)
    analysisRoutes(site, deps)
    segmentComparisonRoutes(site, deps)
    responseFileRoutes(site, deps)
    responseFileAdminRoutes(site, deps)
    distributionRoutes(site, deps)
    contactProgrammeRoutes(site, deps)
    feedbackRoutes(site, deps)
    caseRoutes(site, deps)
    personalDataRoutes(site, deps)
    textRoutes(site, deps)
    overviewRoutes(site, deps)
    targetRoutes(site, deps)
    unitRollupRoutes(site, deps)
    notificationRoutes(site, deps)
    alertRoutes(site, deps)
    actionPlanRoutes(site, deps)
    customerRoutes(site, deps)
    transactionImportJobRoutes(site, deps)
    commitmentRoutes(site, deps)
    noticeRoutes(site, deps)
    appointmentRoutes(site, deps)
    channelSettingsRoutes(site, deps)
    customerDataRightsRoutes(site, deps)
    churnRoutes(site, deps)
    enterpriseCsiRoutes(site, deps)
    loyaltyRoutes(site, deps)
    reportRoutes(site, deps)
    unitRoutes(site, deps)
    employeeRoutes(site, deps)
    appraisalRoutes(site, deps)
    trainingRoutes(site, deps)
    maturityRoutes(site, deps)
    internalSatisfactionRoutes(site, deps)
    replyScriptRoutes(site, deps)
    followUpCallRoutes(site, deps)
    unitStoreRoutes(site, deps)
    organisationRoutes(site, deps)
    operatorRoutes(site, deps)
    await site.register(pagesPlugin(deps))
    await serveWebApp(site, deps.config.webDir)
  })
  // This instance's part in the background sweep and each named job's last run, success and
  // error, from memory: a health check never waits for the database.
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, ...deps.jobs.health() }))
  return app
}
