import type { Kysely } from 'kysely'
import type { AuditChainTable, AuditLogTable } from '../audit/audit.table.js'
import type {
  ApiTokenTable,
  LoginThrottleTable,
  SessionTable,
  UserTable,
} from '../auth/auth.table.js'
import type { IdentityTable } from '../auth/identity.table.js'
import type { CustomRoleTable } from '../auth/custom-role.table.js'
import type {
  CaseConfigTable,
  CaseEventTable,
  CaseTable,
  CompensationTable,
} from '../cases/case.table.js'
import type {
  FeedbackAttachmentTable,
  FeedbackTable,
  IntakeCursorTable,
} from '../feedback/feedback.table.js'
import type {
  FeedbackUnitDailyCountsTable,
  FeedbackUnitMonthlyCountsTable,
} from '../feedback/feedback-unit-rollup.table.js'
import type {
  ContactListTable,
  ContactTable,
  DistributionTable,
  InvitationTable,
  UnsubscribeTable,
} from '../distribution/distribution.table.js'
import type {
  MfaChallengeTable,
  MfaRecoveryCodeTable,
  MfaTotpTable,
  SignInPolicyTable,
} from '../auth/mfa.table.js'
import type { SsoLinkTable, SsoProviderTable, SsoStateTable } from '../auth/sso/sso.table.js'
import type { OrganisationTable } from '../organisations/organisation.table.js'
import type { OrganisationProfileTable } from '../organisations/organisation-profile.table.js'
import type { ResponseDailyCountsTable, ResponseTable } from '../responses/response.table.js'
import type { ImportJobTable } from '../responses/import-job.table.js'
import type { ResponseDraftTable } from '../responses/response-draft.table.js'
import type { ResponseFileTable } from '../responses/response-file.table.js'
import type {
  ResponseUnitDailyCountsTable,
  ResponseUnitDailyCsmTable,
  ResponseUnitDailyServqualTable,
  ResponseUnitMonthlyCountsTable,
  ResponseUnitMonthlyWeightsTable,
} from '../responses/unit-rollup.table.js'
import type { ResponseSegmentWeightsTable } from '../responses/segment-weights.table.js'
import type {
  AlertTable,
  TextConfigTable,
  TextCorrectionTable,
  TextModelTable,
} from '../text/text.table.js'
import type { SurveyTable } from '../surveys/survey.table.js'
import type { MembershipUnitTable, UnitTable, UnitVersionTable } from '../units/unit.table.js'
import type { TargetTable } from '../targets/target.table.js'
import type { SavedAnalysisTable } from '../analyses/saved-analysis.table.js'
import type { UserPreferenceTable } from '../auth/user-preference.table.js'
import type {
  NotificationTable,
  RobotChannelTable,
  NotificationMailTable,
  NotificationSettingsTable,
  RobotOutboxTable,
} from '../notifications/notification.table.js'
import type {
  AlertFiringTable,
  AlertRuleTable,
  AlertSubscriptionTable,
} from '../alerts/alert.table.js'
import type {
  ActionEventTable,
  ActionPlanAlertTable,
  ActionPlanAttachmentTable,
  ActionPlanSettingsTable,
  ActionPlanTable,
  ActionTaskTable,
} from '../actions/action-plan.table.js'
import type {
  ManagementReviewTable,
  ReportArchiveTable,
  ReportScheduleTable,
} from '../reports/report.table.js'
import type {
  CustomerEventTable,
  CustomerKeyTable,
  CustomerLinkTable,
  CustomerTable,
  CustomerTransactionTable,
} from '../customers/customer.table.js'
import type { CustomerRetentionTable } from '../customers/data-rights.table.js'
import type { ChurnModelTable, ChurnScoreTable } from '../customers/churn.table.js'
import type { TransactionImportJobTable } from '../customers/transaction-import-job.table.js'
import type { RollupRebuildJobTable } from '../responses/rollup-rebuild-job.table.js'
import type {
  LoyaltyAccountTable,
  LoyaltyEntryTable,
  LoyaltyProgrammeTable,
} from '../loyalty/loyalty.table.js'
import type { EmployeeTable } from '../employees/employee.table.js'
import type { ReplyScriptTable, ReplyScriptUseTable } from '../reply-scripts/reply-script.table.js'
import type {
  FollowUpCallAttemptTable,
  FollowUpCallSettingsTable,
  FollowUpCallTable,
} from '../follow-up-calls/follow-up-call.table.js'
import type {
  CommitmentClockTable,
  CommitmentTable,
  ServiceEventTable,
} from '../commitments/commitment.table.js'
import type { QueueEventTable } from '../commitments/queue.table.js'
import type { WaitPromiseTable } from '../commitments/wait-promise.table.js'
import type {
  AppointmentBookingTable,
  AppointmentMessageTable,
  AppointmentSlotTable,
  AppointmentSmsSettingsTable,
  AppointmentUnitTable,
} from '../appointments/appointment.table.js'
import type { ContactRulesTable, ContactTouchTable } from '../distribution/contact-rules.table.js'
import type { ProgrammeRunTable, ProgrammeTable } from '../distribution/programme.table.js'
import type { CustomerSegmentTable } from '../customers/customer-segment.table.js'
import type { EnterpriseCsiSettingsTable } from '../enterprise-csi/enterprise-csi.table.js'
import type { CustomerConsentTable } from '../customers/customer-consent.table.js'
import type {
  CustomerCohortCellTable,
  CustomerCohortStateTable,
} from '../customers/cohort-cells.table.js'
import type {
  NoticeMessageTable,
  NoticeSettingsTable,
  NoticeTable,
} from '../notices/notice.table.js'
import type {
  ChannelInboundSeenTable,
  ChannelSettingsTable,
  EmailInboxSeenTable,
} from '../channels/channel-settings.table.js'
import type {
  AppraisalDisputeTable,
  AppraisalFormulaTable,
  AppraisalMonthTable,
} from '../appraisal/appraisal.table.js'
import type {
  TrainingAttendanceTable,
  TrainingCourseTable,
  TrainingSessionTable,
} from '../training/training.table.js'
import type { MaturityAssessmentTable } from '../maturity/maturity.table.js'

export interface Database {
  organisations: OrganisationTable
  organisation_profiles: OrganisationProfileTable
  users: UserTable
  identities: IdentityTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  custom_roles: CustomRoleTable
  login_throttle: LoginThrottleTable
  audit_log: AuditLogTable
  audit_chains: AuditChainTable
  surveys: SurveyTable
  responses: ResponseTable
  response_daily_counts: ResponseDailyCountsTable
  response_unit_daily_counts: ResponseUnitDailyCountsTable
  response_unit_monthly_counts: ResponseUnitMonthlyCountsTable
  response_unit_monthly_weights: ResponseUnitMonthlyWeightsTable
  response_segment_weights: ResponseSegmentWeightsTable
  response_unit_daily_csm: ResponseUnitDailyCsmTable
  response_unit_daily_servqual: ResponseUnitDailyServqualTable
  response_drafts: ResponseDraftTable
  response_files: ResponseFileTable
  contact_lists: ContactListTable
  contacts: ContactTable
  unsubscribes: UnsubscribeTable
  distributions: DistributionTable
  invitations: InvitationTable
  import_jobs: ImportJobTable
  feedback: FeedbackTable
  feedback_attachments: FeedbackAttachmentTable
  feedback_unit_daily_counts: FeedbackUnitDailyCountsTable
  feedback_unit_monthly_counts: FeedbackUnitMonthlyCountsTable
  cases: CaseTable
  case_events: CaseEventTable
  compensations: CompensationTable
  case_configs: CaseConfigTable
  intake_cursors: IntakeCursorTable
  text_configs: TextConfigTable
  alerts: AlertTable
  text_corrections: TextCorrectionTable
  text_models: TextModelTable
  mfa_totp: MfaTotpTable
  mfa_recovery_codes: MfaRecoveryCodeTable
  mfa_challenges: MfaChallengeTable
  sign_in_policies: SignInPolicyTable
  sso_providers: SsoProviderTable
  sso_links: SsoLinkTable
  sso_states: SsoStateTable
  units: UnitTable
  employees: EmployeeTable
  reply_scripts: ReplyScriptTable
  reply_script_uses: ReplyScriptUseTable
  follow_up_call_settings: FollowUpCallSettingsTable
  follow_up_calls: FollowUpCallTable
  follow_up_call_attempts: FollowUpCallAttemptTable
  unit_versions: UnitVersionTable
  membership_units: MembershipUnitTable
  targets: TargetTable
  saved_analyses: SavedAnalysisTable
  user_preferences: UserPreferenceTable
  notifications: NotificationTable
  robot_channels: RobotChannelTable
  robot_outbox: RobotOutboxTable
  notification_settings: NotificationSettingsTable
  notification_mail: NotificationMailTable
  alert_rules: AlertRuleTable
  alert_firings: AlertFiringTable
  alert_subscriptions: AlertSubscriptionTable
  action_plans: ActionPlanTable
  action_tasks: ActionTaskTable
  action_events: ActionEventTable
  action_plan_alerts: ActionPlanAlertTable
  action_plan_attachments: ActionPlanAttachmentTable
  action_plan_settings: ActionPlanSettingsTable
  report_schedules: ReportScheduleTable
  report_archive: ReportArchiveTable
  management_reviews: ManagementReviewTable
  customers: CustomerTable
  customer_keys: CustomerKeyTable
  customer_links: CustomerLinkTable
  customer_events: CustomerEventTable
  customer_transactions: CustomerTransactionTable
  customer_cohort_cells: CustomerCohortCellTable
  customer_cohort_state: CustomerCohortStateTable
  transaction_import_jobs: TransactionImportJobTable
  rollup_rebuild_jobs: RollupRebuildJobTable
  commitments: CommitmentTable
  service_events: ServiceEventTable
  commitment_clocks: CommitmentClockTable
  queue_events: QueueEventTable
  wait_promises: WaitPromiseTable
  appointment_units: AppointmentUnitTable
  appointment_slots: AppointmentSlotTable
  appointment_bookings: AppointmentBookingTable
  appointment_messages: AppointmentMessageTable
  appointment_sms_settings: AppointmentSmsSettingsTable
  notice_settings: NoticeSettingsTable
  notices: NoticeTable
  notice_messages: NoticeMessageTable
  channel_settings: ChannelSettingsTable
  channel_inbound_seen: ChannelInboundSeenTable
  email_inbox_seen: EmailInboxSeenTable
  customer_retention: CustomerRetentionTable
  churn_models: ChurnModelTable
  churn_scores: ChurnScoreTable
  loyalty_programmes: LoyaltyProgrammeTable
  loyalty_accounts: LoyaltyAccountTable
  loyalty_entries: LoyaltyEntryTable
  appraisal_formulas: AppraisalFormulaTable
  appraisal_months: AppraisalMonthTable
  appraisal_disputes: AppraisalDisputeTable
  training_courses: TrainingCourseTable
  training_sessions: TrainingSessionTable
  training_attendance: TrainingAttendanceTable
  maturity_assessments: MaturityAssessmentTable
  contact_rules: ContactRulesTable
  contact_touches: ContactTouchTable
  customer_consents: CustomerConsentTable
  programmes: ProgrammeTable
  programme_runs: ProgrammeRunTable
  customer_segments: CustomerSegmentTable
  enterprise_csi_settings: EnterpriseCsiSettingsTable
}

export type Db = Kysely<Database>
