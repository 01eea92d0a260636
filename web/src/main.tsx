import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router'
import { App } from './app'
import { I18nProvider, initialLocale, loadMessages } from './i18n/i18n'
import './app.css'

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
})

// The reader's dictionary first (English loads on demand), then the app.
void loadMessages(initialLocale()).then(() =>
  createRoot(document.getElementById('root')!).render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter basename="/app">
          <App />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>,
  ),
)
