import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../app/api';

/** The plan's whole dashboard in one response (live refetches keep the old one on screen meanwhile). */
export function useOverview(planId: string | undefined) {
  return useQuery({ queryKey: keys.overview(planId ?? ''), queryFn: () => api.overview(planId!), enabled: !!planId });
}
