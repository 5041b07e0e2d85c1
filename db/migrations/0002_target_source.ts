import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

// A target imported from a plan's text keeps the sentence it came from, so a reviewer
// can always trace a number back to the document's own words.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table targets add column source_sentence text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table targets drop column source_sentence`.execute(db);
}
