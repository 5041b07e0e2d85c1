import { useQuery } from '@tanstack/react-query';
import type { SeriesBucket } from '@luoshi/shared';
import { api, keys } from '../../app/api';

/**
 * The series with the plan's pace line and the forecast, per day, week or month. The key
 * starts with keys.series(code), so useLive's refetch of a moving target reaches every bucket.
 */
export function useSeries(code: string, bucket: SeriesBucket = 'day') {
  return useQuery({ queryKey: [...keys.series(code), bucket], queryFn: () => api.series(code, bucket) });
}
