import { createElement, lazy, useState, type ComponentType } from 'react';

/** A page's chunk: fetched once, and remembered once it has arrived. */
export interface PageChunk<M> {
  load: () => Promise<M>;
  /** The module, when it has arrived; undefined before. */
  loaded: () => M | undefined;
}

export function pageChunk<M>(importer: () => Promise<M>): PageChunk<M> {
  let mod: M | undefined;
  let pending: Promise<M> | undefined;
  return {
    load: () =>
      (pending ??= importer().then(
        (m) => (mod = m),
        (e: unknown) => {
          pending = undefined; // a failed fetch (offline) is tried again on the next render
          throw e;
        },
      )),
    loaded: () => mod,
  };
}

/**
 * React.lazy, minus the wait when the chunk is already here (issue 18.9). A deep link's page
 * chunk is fetched with the app (App.tsx `preloadRoute`, the per-page index.html), so it has
 * arrived by the time the sign-in check lets the page render; React.lazy would still suspend
 * once on its fresh promise, show the fallback, and then hold the page back by React's
 * fallback throttle (300 ms) — on /report that was 300 ms between the list arriving and the
 * first card. A page whose module is here renders at once; the rest go through React.lazy.
 * The choice is made once per mount, so a page is never swapped for itself (state kept).
 */
export function lazyPage<M, P extends object>(chunk: PageChunk<M>, pick: (m: M) => ComponentType<P>): ComponentType<P> {
  const Lazy = lazy(() => chunk.load().then((m) => ({ default: pick(m) })));
  return function LazyPage(props: P) {
    const [here] = useState(() => chunk.loaded());
    return here ? createElement(pick(here), props) : createElement(Lazy as ComponentType<P>, props);
  };
}
