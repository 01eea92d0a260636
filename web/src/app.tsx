import { useQuery } from '@tanstack/react-query'
import { ConfigProvider, Spin } from 'antd'
import enUSLocale from 'antd/locale/en_US'
import zhCNLocale from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { Navigate, Route, Routes } from 'react-router'
import { ApiError } from './api/client'
import { fetchMe } from './api/endpoints'
import { AppLayout } from './components/app-layout'
import { useI18n } from './i18n/i18n'
import { AnalysesPage } from './pages/analyses-page'
import { AuditPage } from './pages/audit-page'
import { CasePage } from './pages/case-page'
import { CaseSettingsPage } from './pages/case-settings-page'
import { CasesPage } from './pages/cases-page'
import { ComplaintsPage } from './pages/complaints-page'
import { DashboardPage } from './pages/dashboard-page'
import { DistributionPage } from './pages/distribution-page'
import { LoginPage } from './pages/login-page'
import { SurveyEditorPage } from './pages/survey-editor-page'
import { SurveysPage } from './pages/surveys-page'
import { SlaBoardPage } from './pages/sla-board-page'
import { TextInsightsPage } from './pages/text-insights-page'
import { UsersPage } from './pages/users-page'

export function App() {
  const { locale } = useI18n()
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const loggedOut = me.error instanceof ApiError && me.error.status === 401
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enUSLocale} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 8 } }}>
      {me.isPending ? (
        <Spin style={{ display: 'block', marginTop: 120 }} size="large" />
      ) : loggedOut || !me.data ? (
        <Routes>
          <Route path="*" element={<LoginPage />} />
        </Routes>
      ) : (
        <AppLayout me={me.data}>
          <Routes>
            <Route path="/" element={<Navigate to="/surveys" replace />} />
            <Route path="/surveys" element={<SurveysPage />} />
            <Route path="/surveys/new" element={<SurveyEditorPage />} />
            <Route path="/surveys/:id/edit" element={<SurveyEditorPage />} />
            <Route path="/surveys/:id" element={<DashboardPage />} />
            <Route path="/surveys/:id/distribution" element={<DistributionPage />} />
            <Route path="/analyses" element={<AnalysesPage />} />
            <Route path="/cases" element={<CasesPage role={me.data.role} />} />
            <Route path="/cases/:id" element={<CasePage me={me.data} />} />
            <Route path="/sla-board" element={<SlaBoardPage />} />
            <Route path="/complaints" element={<ComplaintsPage />} />
            <Route path="/text" element={<TextInsightsPage />} />
            <Route path="/case-settings" element={<CaseSettingsPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="*" element={<Navigate to="/surveys" replace />} />
          </Routes>
        </AppLayout>
      )}
    </ConfigProvider>
  )
}
