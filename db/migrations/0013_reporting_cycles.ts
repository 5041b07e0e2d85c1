import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Reporting cycles (issue 17). Each plan has a default cadence and due rule, the working
 * days before a due date an automatic reminder goes out (N) and the working days overdue
 * after which it escalates to the leaders of the unit above (M); a target may have its own
 * cadence (null = the plan's). A cancelled target (cancelled_on) owes nothing from then on.
 * The cadence names are shared/src/supervision/cycles.ts CADENCES.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table plans
      add column default_cadence text not null default 'monthly'
        check (default_cadence in ('weekly', 'biweekly', 'monthly', 'quarterly')),
      add column due_working_days integer not null default 5 check (due_working_days between 0 and 20),
      add column remind_before_days integer not null default 2 check (remind_before_days between 0 and 20),
      add column escalate_after_days integer not null default 5 check (escalate_after_days between 1 and 60);
    alter table targets
      add column cadence text check (cadence in ('weekly', 'biweekly', 'monthly', 'quarterly')),
      add column cancelled_on date;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table targets drop column cancelled_on, drop column cadence;
    alter table plans drop column escalate_after_days, drop column remind_before_days,
      drop column due_working_days, drop column default_cadence;
  `.execute(db);
}
