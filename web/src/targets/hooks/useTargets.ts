import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../app/api';

export function usePlans() {
  return useQuery({ queryKey: keys.plans, queryFn: api.plans });
}

export function useTargets(planId: string | undefined) {
  return useQuery({ queryKey: keys.targets(planId ?? ''), queryFn: () => api.targets(planId!), enabled: !!planId });
}

export function useTarget(code: string) {
  return useQuery({ queryKey: keys.target(code), queryFn: () => api.target(code) });
}

export function useSeries(code: string) {
  return useQuery({ queryKey: keys.series(code), queryFn: () => api.series(code) });
}
