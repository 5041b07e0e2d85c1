import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './app/api';
import { App, preloadRoute } from './app/App';
import { prefetchRoute } from './app/prefetch';
import { registerServiceWorker } from './app/sw';
import { UPDATED_EVENT } from './app/UpdateBanner';
import { applyDefaultStatusPalette } from './app/status-style';
import { wireSession } from './auth/wire';
import { I18nProvider, i18nReady } from './i18n/i18n';
import { warmNumberFormats } from './ui/format';
import './app/styles.css';

// A 4xx (unknown plan or target) will not change on retry: show it at once; retry the rest twice.
const retry = (failures: number, err: Error): boolean => !(err instanceof ApiError && err.status < 500) && failures < 2;
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry } } });
// 401 from any fetch, or a refused socket handshake: back to the sign-in page.
wireSession(queryClient);
preloadRoute(window.location.pathname);
prefetchRoute(window.location.pathname, queryClient);
registerServiceWorker(() => window.dispatchEvent(new Event(UPDATED_EVENT)));
// Status colours exist before anything is drawn; the deployment's palette follows (App, WallPage).
applyDefaultStatusPalette();
// Number formatters made while the page's code and data are still on their way (ui/format.ts).
if (typeof requestIdleCallback === 'function') requestIdleCallback(warmNumberFormats, { timeout: 1_000 });

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <App />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
// zh-CN starts at once; English waits for its words (a chunk of their own, i18n/i18n.tsx).
const words = i18nReady();
if (words) void words.then(render);
else render();
