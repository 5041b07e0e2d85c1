/**
 * The page each deep link opens, by path (issue 18.9). One table for both ends of a cold load:
 * - the entry starts that page's chunk as soon as it runs (App.tsx `preloadRoute`);
 * - the build writes an index.html per page that names the chunk, its imports and styles as
 *   `<link rel=modulepreload>` (web/build/route-html.ts), and the server sends it for those
 *   paths, so a phone on a slow link fetches the page together with the app instead of after.
 * `page` is the module under web/src; a pattern is matched against the path only. `also`: modules
 * the page imports lazily but draws at once (the target page's chart: the page shows its facts
 * and reports while Recharts is still on its way), named in the page's index.html all the same.
 * `data`: the API answers the page draws first, exactly as the app asks for them (`$1` is the
 * path's first group, URI-encoded): the server names them in the page's `Link` header as
 * preloads, so they are asked for with the page's first bytes rather than after the entry has
 * arrived and run, when the link is full of code and its six connections busy (issue 18.9).
 */
export const DEEP_LINKS = [
  { name: 'report', path: /^\/report\/?$/, page: 'report/pages/ReportPage' },
  { name: 'history', path: /^\/report\/history\/?$/, page: 'report/pages/HistoryPage' },
  { name: 'upload', path: /^\/report\/upload\/?$/, page: 'report/pages/UploadPage' },
  {
    name: 'target',
    path: /^\/targets\/([^/]+)\/?$/,
    page: 'dashboard/pages/TargetDetailPage',
    also: ['dashboard/components/BurnupChart'],
    data: ['/api/auth/me', '/api/targets/$1', '/api/targets/$1/series?bucket=day', '/api/targets/$1/events?limit=200'],
  },
  { name: 'wall', path: /^\/wall\/[^/]+\/?$/, page: 'wall/WallPage' },
  { name: 'bulletin', path: /^\/plans\/[^/]+\/bulletin\/?$/, page: 'dashboard/pages/BulletinPage' },
  { name: 'overview', path: /^\/(plans\/[^/]+\/?)?$/, page: 'dashboard/pages/OverviewPage' },
  { name: 'unit', path: /^\/units\/[^/]+\/?$/, page: 'dashboard/pages/UnitPage' },
  { name: 'login', path: /^\/login\/?$/, page: 'auth/pages/LoginPage' },
] as const;

export type DeepLinkPage = (typeof DEEP_LINKS)[number]['page'];

/** The page a path opens, if it is one of the deep links above. */
export function deepLinkOf(pathname: string): (typeof DEEP_LINKS)[number] | undefined {
  return DEEP_LINKS.find((d) => d.path.test(pathname));
}
