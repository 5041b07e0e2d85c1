import { HttpError } from './errors';

/**
 * Query strings read by hand where a generic schema message would not say enough
 * (`?from=2026-02-30`, a cursor from another page). Values arrive as a string, or an array
 * when a name is repeated; anything else is refused with a sentence naming the parameter.
 */
export const badQuery = (message: string, code = 'invalid_request'): HttpError => new HttpError(400, code, message);

/** The one value of `name`, or undefined when absent. Repeated → 400. */
export function single(query: unknown, name: string): string | undefined {
  const v = query && typeof query === 'object' ? (query as Record<string, unknown>)[name] : undefined;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badQuery(`query parameter "${name}" must be given once`);
  return v;
}

/** A whole number in [min, max]; `fallback` when absent. */
export function intParam(query: unknown, name: string, min: number, max: number, fallback: number): number {
  const s = single(query, name);
  if (s === undefined) return fallback;
  if (!/^\d{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
    throw badQuery(`query parameter "${name}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(s.slice(0, 40))}`);
  }
  return Number(s);
}
