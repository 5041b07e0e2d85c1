import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Principal } from '@luoshi/shared';

export interface AuditEntry {
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Records a write with who, what, when and from where. Call it inside the write's own
 * transaction, so an audited change and its record stand or fall together.
 */
export async function audit(db: Kysely<Database>, who: Principal | null, req: Pick<FastifyRequest, 'ip'> | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: who?.kind ?? 'system',
      actor_id: who?.id ?? null,
      actor_name: who?.name ?? null,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: req?.ip ?? null,
    })
    .execute();
}
