import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../app/api';

export function useTargetState(code: string) {
  return useQuery({ queryKey: keys.targetState(code), queryFn: () => api.targetState(code) });
}
