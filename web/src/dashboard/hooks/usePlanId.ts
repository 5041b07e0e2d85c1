import { useSearchParams } from 'wouter';
import { usePlans } from './usePlans';

/** The plan a view shows: from the path (/plans/:id), else ?plan=, else the first plan. */
export function usePlanId(fromPath?: string) {
  const [params] = useSearchParams();
  const plans = usePlans();
  const planId = fromPath ?? params.get('plan') ?? plans.data?.[0]?.id;
  return { plans, planId };
}
