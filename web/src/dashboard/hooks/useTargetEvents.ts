import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../app/api';

export function useTargetEvents(code: string) {
  return useQuery({ queryKey: keys.events(code), queryFn: () => api.events(code) });
}
