import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { chinaDate, daysBetween, type Instruction, type InstructionReply } from '@luoshi/shared';

/** Instructions (批示) with their replies, newest first. */
export async function loadInstructions(
  db: Kysely<Database>,
  filter: { units?: readonly string[]; target?: string; ids?: readonly string[]; open?: boolean },
  today: string,
): Promise<Instruction[]> {
  const rows = await db
    .selectFrom('instructions')
    .selectAll()
    .$if(filter.units !== undefined, (q) => q.where('unit_code', 'in', filter.units!.length ? [...filter.units!] : ['']))
    .$if(filter.target !== undefined, (q) => q.where('target_code', '=', filter.target!))
    .$if(filter.ids !== undefined, (q) => q.where('id', 'in', filter.ids!.length ? [...filter.ids!] : ['']))
    .$if(filter.open === true, (q) => q.where('handled_at', 'is', null))
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  const replies = rows.length
    ? await db.selectFrom('instruction_replies').selectAll().where('instruction_id', 'in', rows.map((r) => r.id)).orderBy('created_at').orderBy('id').execute()
    : [];
  const by = new Map<string, InstructionReply[]>();
  for (const r of replies) {
    by.set(r.instruction_id, [
      ...(by.get(r.instruction_id) ?? []),
      { id: Number(r.id), body: r.body, marksHandled: r.marks_handled, author: r.author_name, createdAt: new Date(r.created_at).toISOString() },
    ]);
  }
  return rows.map((r) => ({
    id: r.id,
    target: r.target_code,
    unit: r.unit_code,
    body: r.body,
    author: r.author_name,
    createdAt: new Date(r.created_at).toISOString(),
    handledAt: r.handled_at ? new Date(r.handled_at).toISOString() : null,
    handledBy: r.handled_by,
    ageDays: Math.max(0, daysBetween(chinaDate(r.created_at)!, today)),
    replies: by.get(r.id) ?? [],
  }));
}
