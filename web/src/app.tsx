import { useQuery } from '@tanstack/react-query'
import { Alert, ConfigProvider, Spin } from 'antd'
import enUSLocale from 'antd/locale/en_US'
import zhCNLocale from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import { lazy, Suspense } from 'react'
import 'dayjs/locale/zh-cn'
import { Navigate, Route, Routes } from 'react-router'
import { ApiError } from './api/client'
import { fetchMe } from './api/endpoints'
import { useI18n } from './i18n/i18n'
import { fetchOrganisation } from './api/organisation'
import { LoginPage } from './pages/login-page'

// Pages load when first visited, each with the libraries only it needs (echarts with the chart pages),
// so the login page and the first page after it stay small.
// The signed-in shell and the first sign-in page too: the login page needs neither.
import { homePath } from './components/home-path'

const AppLayout = lazy(() =>
  import('./components/app-layout').then((m) => ({ default: m.AppLayout })),
)
const FirstSignInPage = lazy(() =>
  import('./pages/first-sign-in-page').then((m) => ({ default: m.FirstSignInPage })),
)
const AnalysesPage = lazy(() =>
  import('./pages/analyses-page').then((m) => ({ default: m.AnalysesPage })),
)
const SegmentsPage = lazy(() =>
  import('./pages/segments/segments-page').then((m) => ({ default: m.SegmentsPage })),
)
const LeaguePage = lazy(() =>
  import('./pages/league/league-page').then((m) => ({ default: m.LeaguePage })),
)
const PlansPage = lazy(() =>
  import('./pages/plans/plans-page').then((m) => ({ default: m.PlansPage })),
)
const CustomersPage = lazy(() =>
  import('./pages/customers/customers-page').then((m) => ({ default: m.CustomersPage })),
)
const CommitmentsPage = lazy(() =>
  import('./pages/commitments/commitments-page').then((m) => ({ default: m.CommitmentsPage })),
)
const NoticesPage = lazy(() =>
  import('./pages/notices/notices-page').then((m) => ({ default: m.NoticesPage })),
)
const FollowUpCallsPage = lazy(() =>
  import('./pages/follow-up-calls/follow-up-calls-page').then((m) => ({
    default: m.FollowUpCallsPage,
  })),
)
const AppointmentsPage = lazy(() =>
  import('./pages/appointments/appointments-page').then((m) => ({ default: m.AppointmentsPage })),
)
const ChurnPage = lazy(() =>
  import('./pages/customers/churn-page').then((m) => ({ default: m.ChurnPage })),
)
const RetentionPage = lazy(() =>
  import('./pages/customers/retention-page').then((m) => ({ default: m.RetentionPage })),
)
const EnterpriseCsiPage = lazy(() =>
  import('./pages/enterprise-csi/enterprise-csi-page').then((m) => ({
    default: m.EnterpriseCsiPage,
  })),
)
const LoyaltyPage = lazy(() =>
  import('./pages/customers/loyalty-page').then((m) => ({ default: m.LoyaltyPage })),
)
const ProgrammesPage = lazy(() =>
  import('./pages/programmes/programmes-page').then((m) => ({ default: m.ProgrammesPage })),
)
const ReportsPage = lazy(() =>
  import('./pages/reports/reports-page').then((m) => ({ default: m.ReportsPage })),
)
const AlertsPage = lazy(() =>
  import('./pages/alerts/alerts-page').then((m) => ({ default: m.AlertsPage })),
)
const AuditPage = lazy(() => import('./pages/audit-page').then((m) => ({ default: m.AuditPage })))
const CasePage = lazy(() => import('./pages/case-page').then((m) => ({ default: m.CasePage })))
const CaseSettingsPage = lazy(() =>
  import('./pages/case-settings-page').then((m) => ({ default: m.CaseSettingsPage })),
)
const CasesPage = lazy(() => import('./pages/cases-page').then((m) => ({ default: m.CasesPage })))
const ComplaintsPage = lazy(() =>
  import('./pages/complaints-page').then((m) => ({ default: m.ComplaintsPage })),
)
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })),
)
const DistributionPage = lazy(() =>
  import('./pages/distribution-page').then((m) => ({ default: m.DistributionPage })),
)
const SurveyEditorPage = lazy(() =>
  import('./pages/survey-editor-page').then((m) => ({ default: m.SurveyEditorPage })),
)
const SurveysPage = lazy(() =>
  import('./pages/surveys-page').then((m) => ({ default: m.SurveysPage })),
)
const SlaBoardPage = lazy(() =>
  import('./pages/sla-board-page').then((m) => ({ default: m.SlaBoardPage })),
)
const TextInsightsPage = lazy(() =>
  import('./pages/text-insights-page').then((m) => ({ default: m.TextInsightsPage })),
)
const OrganisationSettingsPage = lazy(() =>
  import('./pages/organisation-settings-page').then((m) => ({
    default: m.OrganisationSettingsPage,
  })),
)
const UsersPage = lazy(() => import('./pages/users-page').then((m) => ({ default: m.UsersPage })))
const AccountPage = lazy(() =>
  import('./pages/account-page').then((m) => ({ default: m.AccountPage })),
)
const RolesPage = lazy(() => import('./pages/roles-page').then((m) => ({ default: m.RolesPage })))
const UnitsPage = lazy(() => import('./pages/units-page').then((m) => ({ default: m.UnitsPage })))
const EmployeesPage = lazy(() =>
  import('./pages/employees-page').then((m) => ({ default: m.EmployeesPage })),
)
const MyScorecardPage = lazy(() =>
  import('./pages/employees/my-scorecard-page').then((m) => ({ default: m.MyScorecardPage })),
)
const EmployeeScorecardPage = lazy(() =>
  import('./pages/employees/my-scorecard-page').then((m) => ({
    default: m.EmployeeScorecardPage,
  })),
)
const AppraisalPage = lazy(() =>
  import('./pages/appraisal/appraisal-page').then((m) => ({ default: m.AppraisalPage })),
)
const MyAppraisalPage = lazy(() =>
  import('./pages/appraisal/my-appraisal-page').then((m) => ({ default: m.MyAppraisalPage })),
)
const TrainingPage = lazy(() =>
  import('./pages/training/training-page').then((m) => ({ default: m.TrainingPage })),
)
const MaturityPage = lazy(() =>
  import('./pages/maturity/maturity-page').then((m) => ({ default: m.MaturityPage })),
)
const ReplyScriptsPage = lazy(() =>
  import('./pages/case/reply-scripts-page').then((m) => ({ default: m.ReplyScriptsPage })),
)
const InternalSatisfactionPage = lazy(() =>
  import('./pages/internal/internal-satisfaction-page').then((m) => ({
    default: m.InternalSatisfactionPage,
  })),
)
const OverviewPage = lazy(() =>
  import('./pages/home/overview-page').then((m) => ({ default: m.OverviewPage })),
)
const MyCasesPage = lazy(() =>
  import('./pages/home/my-cases-page').then((m) => ({ default: m.MyCasesPage })),
)
const OperatorPage = lazy(() =>
  import('./pages/operator-page').then((m) => ({ default: m.OperatorPage })),
)

export function App() {
  const { locale, errorText } = useI18n()
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const loggedOut = me.error instanceof ApiError && me.error.status === 401
  const may = (permission: string) => me.data?.permissions.includes(permission) ?? false
  // The session's organisation was suspended: signing in again reaches the person's other ones.
  const suspended = me.error instanceof ApiError && me.error.code === 'ORGANISATION_SUSPENDED'
  // A new installation's administrator names the organisation first (customers see the name).
  const mayName = me.data?.permissions.includes('organisation:write') ?? false
  const organisation = useQuery({
    queryKey: ['organisation'],
    queryFn: fetchOrganisation,
    enabled: mayName && !loggedOut,
  })
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 8 } }}
    >
      {me.isPending || (mayName && organisation.isPending) ? (
        <Spin style={{ display: 'block', marginTop: 120 }} size="large" />
      ) : loggedOut || !me.data ? (
        <>
          {suspended && (
            <Alert
              type="warning"
              showIcon
              banner
              title={errorText(me.error)}
              data-testid="suspended"
            />
          )}
          <Routes>
            <Route path="*" element={<LoginPage />} />
          </Routes>
        </>
      ) : organisation.data && !organisation.data.named ? (
        <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} size="large" />}>
          <FirstSignInPage timezone={organisation.data.timezone} />
        </Suspense>
      ) : (
        <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} size="large" />}>
          <AppLayout me={me.data}>
            <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} size="large" />}>
              <Routes>
                <Route path="/" element={<Navigate to={homePath(me.data)} replace />} />
                {/* A page opens for those whose permissions allow it (the server checks again);
                    anyone else who follows its address lands on their home page. */}
                {may('responses:read') && (
                  <Route path="/home" element={<OverviewPage me={me.data} />} />
                )}
                {may('cases:work') && <Route path="/my-cases" element={<MyCasesPage />} />}
                {may('surveys:read') && <Route path="/surveys" element={<SurveysPage />} />}
                {may('surveys:write') && (
                  <Route path="/surveys/new" element={<SurveyEditorPage />} />
                )}
                {may('surveys:write') && (
                  <Route path="/surveys/:id/edit" element={<SurveyEditorPage />} />
                )}
                {may('surveys:read') && <Route path="/surveys/:id" element={<DashboardPage />} />}
                {may('distributions:read') && (
                  <Route path="/surveys/:id/distribution" element={<DistributionPage />} />
                )}
                {may('distributions:read') && (
                  <Route path="/programmes" element={<ProgrammesPage />} />
                )}
                {may('analyses:run') && <Route path="/analyses" element={<AnalysesPage />} />}
                {may('units:read') && <Route path="/units" element={<UnitsPage />} />}
                {may('employees:read') && <Route path="/employees" element={<EmployeesPage />} />}
                {may('employees:read') && (
                  <Route path="/employees/:id/scorecard" element={<EmployeeScorecardPage />} />
                )}
                <Route path="/my-scorecard" element={<MyScorecardPage />} />
                <Route path="/my-appraisal" element={<MyAppraisalPage />} />
                {may('appraisal:manage') && <Route path="/appraisal" element={<AppraisalPage />} />}
                {may('employees:read') && <Route path="/training" element={<TrainingPage />} />}
                {may('units:read') && <Route path="/maturity" element={<MaturityPage />} />}
                {may('cases:read') && (
                  <Route path="/enterprise-csi" element={<EnterpriseCsiPage />} />
                )}
                {may('responses:read') && (
                  <Route path="/internal-satisfaction" element={<InternalSatisfactionPage />} />
                )}
                {may('responses:read') && <Route path="/segments" element={<SegmentsPage />} />}
                {may('responses:read') && <Route path="/units/league" element={<LeaguePage />} />}
                {may('responses:read') && <Route path="/plans" element={<PlansPage />} />}
                {may('customers:read') && <Route path="/customers" element={<CustomersPage />} />}
                {may('cases:read') && <Route path="/customers/churn" element={<ChurnPage />} />}
                {may('customers:read') && (
                  <Route path="/customers/loyalty" element={<LoyaltyPage />} />
                )}
                {may('cases:read') && (
                  <Route path="/customers/retention" element={<RetentionPage />} />
                )}
                {may('cases:read') && <Route path="/commitments" element={<CommitmentsPage />} />}
                {may('cases:read') && <Route path="/notices" element={<NoticesPage />} />}
                {may('cases:work') && (
                  <Route path="/follow-up-calls" element={<FollowUpCallsPage />} />
                )}
                {may('cases:read') && (
                  <Route path="/appointments" element={<AppointmentsPage me={me.data} />} />
                )}
                {may('customers:read') && (
                  <Route path="/customers/:id" element={<CustomersPage />} />
                )}
                {may('responses:read') && <Route path="/reports" element={<ReportsPage />} />}
                {may('responses:read') && <Route path="/reviews" element={<ReportsPage />} />}
                {may('responses:read') && <Route path="/alerts" element={<AlertsPage />} />}
                {may('responses:read') && <Route path="/alerts/:id" element={<AlertsPage />} />}
                {may('cases:read') && (
                  <Route path="/cases" element={<CasesPage role={me.data.role} />} />
                )}
                {may('cases:read') && (
                  <Route path="/cases/:id" element={<CasePage me={me.data} />} />
                )}
                {may('cases:supervise') && <Route path="/sla-board" element={<SlaBoardPage />} />}
                {may('cases:read') && <Route path="/complaints" element={<ComplaintsPage />} />}
                {may('cases:read') && (
                  <Route path="/reply-scripts" element={<ReplyScriptsPage />} />
                )}
                {may('cases:read') && <Route path="/text" element={<TextInsightsPage />} />}
                {may('cases:configure') && (
                  <Route path="/case-settings" element={<CaseSettingsPage />} />
                )}
                {may('users:read') && <Route path="/users" element={<UsersPage />} />}
                <Route path="/account" element={<AccountPage me={me.data} />} />
                {may('roles:manage') && <Route path="/roles" element={<RolesPage />} />}
                {may('audit:read') && <Route path="/audit" element={<AuditPage />} />}
                {may('organisation:write') && (
                  <Route path="/organisation" element={<OrganisationSettingsPage />} />
                )}
                {me.data.isOperator && <Route path="/operator" element={<OperatorPage />} />}
                <Route path="*" element={<Navigate to={homePath(me.data)} replace />} />
              </Routes>
            </Suspense>
          </AppLayout>
        </Suspense>
      )}
    </ConfigProvider>
  )
}
