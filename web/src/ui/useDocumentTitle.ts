import { useEffect } from 'react';

/** The tab's title names what is on screen, so a link or a bookmark reads "五角场街道2026年工作计划 · 落实". */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = `${title} · 落实`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
