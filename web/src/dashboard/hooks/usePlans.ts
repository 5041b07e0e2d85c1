import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../app/api';

export function usePlans() {
  return useQuery({ queryKey: keys.plans, queryFn: api.plans, staleTime: 5 * 60_000 });
}
