import { Type, type Static } from '@sinclair/typebox';

/*
 * Its own module, apart from the codes in errors.ts: the browser imports the codes on every
 * page, and a TypeBox schema in the same module would follow them into the entry whenever an
 * admin page's schema reads it (web/build/no-typebox.ts).
 */
/**
 * Every error a client or producer sees has this shape: a stable code and a sentence.
 * Declared once; the server references it (by its $id) for every route's 4xx and 5xx.
 */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ description: 'Stable, machine-readable: not_found, invalid_request, forbidden … (README lists them)' }),
    message: Type.String({ description: 'A sentence naming what is wrong' }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
