import { ApiError } from '../app/http';
import type { MessageKey } from '../i18n/messages';

/** One wording for the errors every page can meet: refused (403) and signed out (401). */
export function errorText(err: Error, t: (key: MessageKey) => string): string {
  if (err instanceof ApiError && err.status === 403) return t('authForbidden');
  if (err instanceof ApiError && err.status === 401) return t('authSignInFirst');
  return err.message;
}
