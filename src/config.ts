import { z } from 'zod'
import { ValidationError } from './shared/errors.js'
import { zodIssuesToFieldIssues } from './shared/validation.js'

const ConfigSchema = z.object({
  dbUrl: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or postgres://…')
    .default('sqlite:./data/manyi.db'),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address respondents use, for links and QR codes. */
  publicUrl: z.string().url().optional(),
  /** Public submissions per client IP per minute. */
  publicRateLimit: z.coerce.number().int().min(1).default(300),
  /**
   * SMS delivery receipts per organisation per minute, at its receipt address with the right
   * token: the clouds push them in bursts from a few addresses, so they are not counted per client.
   */
  smsReceiptRateLimit: z.coerce.number().int().min(1).default(6000),
  /**
   * Session and resume cookies carry `Secure`: always when publicUrl is https (see
   * plugins/secure-transport.ts), and also when this says true (TLS ended by a proxy without a public URL).
   */
  cookieSecure: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Bearer token that opens GET /metrics (Prometheus); unset, /metrics answers only metricsAllow. */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Addresses or CIDRs that may read GET /metrics without the token (a Prometheus on the same
   * host or network), comma-separated. With neither this nor metricsToken, /metrics is off (404).
   */
  metricsAllow: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be IP addresses or CIDRs, comma-separated'),
      ),
    ),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  webDir: z.string().default('dist/web'),
  /** First start on an empty database creates this administrator. */
  adminEmail: z.string().email().default('admin@manyi.local'),
  /** Its password; a random one is generated and printed when unset. */
  adminPassword: z.string().min(10, 'must be at least 10 characters').optional(),
  /**
   * The organisation's name as customers see it (complaint form, invitations). Unset, the
   * administrator's first sign-in asks for it; set, it names the organisation unless an
   * administrator already has.
   */
  orgName: z.string().trim().min(1).max(80, 'must be at most 80 characters').optional(),
  /** Outgoing mail for invitations and reminders, e.g. smtp://user:pass@smtp.example.com:587 or smtps://…:465. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be smtp://… or smtps://…')
    .optional(),
  mailFrom: z.string().min(3).default('Manyi <no-reply@manyi.local>'),
  /**
   * Webhook hosts reached although they are not public addresses (an internal SMS gateway):
   * comma-separated host names or IP literals. Every other webhook goes to public addresses only.
   */
  webhookAllowedHosts: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/^\[|\]$/g, ''),
        )
        .filter((h) => h !== ''),
    ),
  /**
   * Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs
   * (e.g. `10.0.0.0/8,127.0.0.1`). Default none: the client address is the
   * socket's, so a forged header cannot dodge rate limits and login lockouts.
   */
  trustProxy: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be IP addresses or CIDRs, comma-separated'),
      ),
    ),
  /**
   * Answers given more than this many days before the survey intake takes them (imports, demo
   * data, a backlog) are history: they never open cases. An organisation's case settings may
   * set their own (rules.horizonDays).
   */
  caseHorizonDays: z.coerce.number().int().min(1).max(3650).default(7),
  /** How long a file a respondent uploaded may wait for the answer that names it before it is removed. */
  uploadGraceHours: z.coerce.number().int().min(1).max(8760).default(24),
  /** Where backups are kept; backup-expiry removes those older than the shortest retention period. */
  backupDir: z.string().min(1).optional(),
  /** How often background jobs (scheduled sends, reminders) run. */
  jobIntervalMs: z.coerce.number().int().min(1000).default(30_000),
  /**
   * How long an instance's lease on the background sweep lasts without renewal (renewed every third of it):
   * when an instance dies mid-sweep, another takes over at most this long after.
   */
  jobLeaseMs: z.coerce.number().int().min(1000).default(30_000),
  /** Test only: every background sweep first waits this long (or until shutdown), to test a takeover mid-sweep. */
  testSweepPauseMs: z.coerce.number().int().min(0).default(0),
  /** Largest file upload (CSV/XLSX import) in bytes; streamed to a temp file, a bigger one is refused with 413. */
  importMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(512 * 1024 * 1024),
  /** Most data rows an imported file may have (the header not counted). */
  importMaxRows: z.coerce.number().int().min(1).default(1_000_000),
  /**
   * Most data rows of a file sent inside a JSON body (contact lists, hotline and social-media
   * feedback, the analysis workbench, small answer files): those are read whole into memory,
   * about 0.5 KB a row, so one upload must not be allowed the streamed imports' million.
   */
  importMaxRowsInMemory: z.coerce.number().int().min(1).default(200_000),
  /** Most bytes an XLSX file may unpack to, all entries together: a zip bomb is refused before it inflates. */
  importMaxUncompressedBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024 * 1024),
})
export type Config = z.infer<typeof ConfigSchema>

/** Where respondents reach this server, for links in e-mails and QR codes made outside a request. */
export function configuredBaseUrl(config: Config): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, '')
}

/** The only reader of process.env. MANYI_DB_URL wins over DATABASE_URL. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Config, unknown>> = {},
): Config {
  const raw = {
    dbUrl: env.MANYI_DB_URL ?? env.DATABASE_URL,
    host: env.MANYI_HOST,
    port: env.MANYI_PORT ?? env.PORT,
    publicUrl: env.MANYI_PUBLIC_URL,
    publicRateLimit: env.MANYI_PUBLIC_RATE_LIMIT,
    smsReceiptRateLimit: env.MANYI_SMS_RECEIPT_RATE_LIMIT,
    cookieSecure: env.MANYI_COOKIE_SECURE,
    metricsToken: env.MANYI_METRICS_TOKEN,
    metricsAllow: env.MANYI_METRICS_ALLOW,
    logLevel: env.MANYI_LOG_LEVEL,
    webDir: env.MANYI_WEB_DIR,
    adminEmail: env.MANYI_ADMIN_EMAIL,
    adminPassword: env.MANYI_ADMIN_PASSWORD,
    orgName: env.MANYI_ORG_NAME,
    smtpUrl: env.MANYI_SMTP_URL,
    mailFrom: env.MANYI_MAIL_FROM,
    caseHorizonDays: env.MANYI_CASE_HORIZON_DAYS,
    uploadGraceHours: env.MANYI_UPLOAD_GRACE_HOURS,
    backupDir: env.MANYI_BACKUP_DIR,
    jobIntervalMs: env.MANYI_JOB_INTERVAL_MS,
    trustProxy: env.MANYI_TRUST_PROXY,
    jobLeaseMs: env.MANYI_JOB_LEASE_MS,
    testSweepPauseMs: env.MANYI_TEST_SWEEP_PAUSE_MS,
    webhookAllowedHosts: env.MANYI_WEBHOOK_ALLOWED_HOSTS,
    importMaxBytes: env.MANYI_IMPORT_MAX_BYTES,
    importMaxRows: env.MANYI_IMPORT_MAX_ROWS,
    importMaxRowsInMemory: env.MANYI_IMPORT_MAX_ROWS_IN_MEMORY,
    importMaxUncompressedBytes: env.MANYI_IMPORT_MAX_UNCOMPRESSED_BYTES,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  }
  const result = ConfigSchema.safeParse(raw)
  if (!result.success) {
    throw new ValidationError(
      'CONFIG_INVALID',
      'The configuration is not valid.',
      zodIssuesToFieldIssues(result.error.issues),
    )
  }
  const config = result.data
  // https everywhere the public address is https: Secure cookies follow it without a second setting.
  return { ...config, cookieSecure: config.cookieSecure || isHttpsUrl(config.publicUrl) }
}

/** The public address is https: browsers get HSTS and Secure cookies (docs/operations.md). */
export function isHttpsUrl(url: string | undefined): boolean {
  return url?.toLowerCase().startsWith('https://') ?? false
}
