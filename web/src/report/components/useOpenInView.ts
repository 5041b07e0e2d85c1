import { useEffect, type RefObject } from 'react';

/**
 * A form that opens under a card puts its first field at the bottom edge of a phone screen
 * (390×844) or below it. Once open, bring the form's top into view and put the cursor in
 * its first field (issue 18.5). Focus does not scroll by itself (preventScroll), so the
 * page moves once, to where the form starts, not to wherever the browser likes.
 */
export function useOpenInView(form: RefObject<HTMLFormElement | null>, selector: string): void {
  useEffect(() => {
    const el = form.current;
    if (!el) return;
    const field = el.querySelector<HTMLElement>(selector);
    field?.focus({ preventScroll: true });
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }, [form, selector]);
}
