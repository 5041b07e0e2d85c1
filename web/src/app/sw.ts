import { Workbox } from 'workbox-window';

/**
 * Registers the service worker (the offline app shell, issue 18.6) after the page has loaded,
 * so its precache download never competes with the first screen on a slow link. When a new
 * version takes over (the worker skips waiting), `onUpdated` lets the page offer a reload
 * instead of reloading under someone's half-typed report.
 */
export function registerServiceWorker(onUpdated: () => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('controlling', (e) => {
    if (e.isUpdate) onUpdated();
  });
  const start = (): void => void wb.register().catch(() => undefined);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
