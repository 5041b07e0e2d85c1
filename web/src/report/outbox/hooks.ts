import { useSyncExternalStore } from 'react';
import { live } from '../../live/socket';
import { outbox } from './store';
import type { OutboxItem } from './logic';

export function useOutbox(): readonly OutboxItem[] {
  return useSyncExternalStore(outbox.subscribe, outbox.items);
}

const onlineSub = (fn: () => void): (() => void) => {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
};

/** What the browser believes about the network (a hint: a send can still fail while "online"). */
export function useOnline(): boolean {
  return useSyncExternalStore(onlineSub, () => navigator.onLine);
}

/**
 * Now on the server's clock when the socket has told us the offset: a phone whose clock is
 * a day off must still date a "today" report today, not tomorrow (which would be refused).
 */
export function serverNow(): Date {
  return new Date(Date.now() + live.state().serverOffsetMs);
}
