import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { socket } from '../live/socket';

/**
 * The server asks every open page to resync after a change to a plan, target, section or
 * unit (server/src/plan-admin/live.ts). Pages with live rooms refetch through useLive; the
 * editing pages join no room, so they listen here and refetch what they show.
 */
export function useChangeRefetch(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const refetch = (): void => void qc.invalidateQueries();
    socket.on('resync', refetch);
    return () => {
      socket.off('resync', refetch);
    };
  }, [qc]);
}
