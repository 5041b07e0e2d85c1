import { useQuery } from '@tanstack/react-query';
import { importApi, importKeys } from '../api';

export function useUnits() {
  return useQuery({ queryKey: importKeys.units, queryFn: importApi.units, staleTime: 5 * 60_000 });
}
