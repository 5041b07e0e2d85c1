import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  fallback: ReactNode;
  /**
   * Before each retry: fetch the data again, so a view that failed on a bad answer is not
   * rendered from the same cache. The retry waits for it (at most RETRY_FETCH_WAIT_MS).
   */
  onRetry?: () => Promise<unknown> | void;
}
/** A refetch that hangs must not hold the wall on the recovery panel for ever. */
const RETRY_FETCH_WAIT_MS = 10_000;

interface State {
  failed: boolean;
  failures: number;
}

/**
 * A wall has nobody to press reload, and a reload loop would be worse than a blank: a
 * render error shows a calm "recovering" panel, then renders again after 5 s, 10 s, 20 s …
 * at most a minute. Never `location.reload()`.
 */
export class WallErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, failures: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unmounted = false;

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('wall view failed; retrying', error);
    const failures = this.state.failures + 1;
    const delay = Math.min(60_000, 5_000 * 2 ** (failures - 1));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const fetched = Promise.resolve(this.props.onRetry?.()).catch(() => undefined);
      const cap = new Promise((r) => setTimeout(r, RETRY_FETCH_WAIT_MS));
      void Promise.race([fetched, cap]).then(() => {
        if (!this.unmounted) this.setState({ failed: false });
      });
    }, delay);
    this.setState({ failures });
  }

  override componentWillUnmount(): void {
    this.unmounted = true;
    if (this.timer) clearTimeout(this.timer);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
