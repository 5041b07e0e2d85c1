import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Event ids scoped per owner unit (issue 15, item 1). Before, `events.id` was the primary
 * key of one namespace shared by every unit, so staff of one unit could pre-claim another
 * unit's predictable ids (bulk-upload `up-…` ids, producer sequence numbers) and make its
 * reports vanish as "duplicates". Now an id is unique only within `owner_unit`, the owner of
 * the event's target when it was stored (see docs/decisions.md):
 * - events.owner_unit is filled from the targets of existing rows (every event names a
 *   target, so no row is left without one) and then required;
 * - the key is (owner_unit, id); `corrects` references (owner_unit, corrects), so a
 *   correction resolves only within its own unit.
 * Existing ids were unique globally, so they stay unique per unit: nothing collides.
 * The append-only trigger forbids UPDATE, so it is paused for the fill.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table events add column owner_unit text;
    alter table events disable trigger events_append_only;
    update events e set owner_unit = t.owner_unit from targets t where t.code = e.target_code;
    alter table events enable trigger events_append_only;
    alter table events alter column owner_unit set not null;
    alter table events drop constraint events_corrects_fkey;
    alter table events drop constraint events_pkey;
    alter table events add constraint events_pkey primary key (owner_unit, id);
    alter table events add constraint events_corrects_fkey foreign key (owner_unit, corrects) references events (owner_unit, id);
    create index events_id on events (id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Only possible while no id is used by two units.
  await sql`
    drop index events_id;
    alter table events drop constraint events_corrects_fkey;
    alter table events drop constraint events_pkey;
    alter table events add constraint events_pkey primary key (id);
    alter table events add constraint events_corrects_fkey foreign key (corrects) references events (id);
    alter table events drop column owner_unit;
  `.execute(db);
}
