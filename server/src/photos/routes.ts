import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  CODE_PATTERN,
  EventIdSchema,
  PHOTO_MAX_BYTES,
  PHOTO_SLOT_PATTERN,
  PHOTOS_PER_EVENT,
  PhotoListSchema,
  PhotoPutResponseSchema,
  THUMB_MAX_BYTES,
  ThumbPutResponseSchema,
  canReport,
  type Principal,
} from '@luoshi/shared';
import { audit } from '../auth/audit';
import { readScope, refuseUnit, who } from '../auth/access';
import { forbidden } from '../auth/plugin';
import { HttpError, notFound } from '../http/errors';
import { bodyJudgedByChecker, errorResponses, NoContent } from '../http/schemas';
import { judgeImage, judgeThumb } from './image';
import { listPhotos, lockEventPhotos, readPhoto, readThumb, toMeta } from './repository';

/**
 * Photo evidence (issue 18 item 7), README "Photo evidence", docs/decisions.md.
 *
 *   PUT /api/targets/:code/events/:id/photos/:n   raw image body → 201 stored | 200 same bytes already there
 *   GET /api/targets/:code/events/:id/photos      the event's photos (metadata)
 *   GET /api/targets/:code/events/:id/photos/:n   the bytes
 *   PUT /api/targets/:code/events/:id/photos/:n/thumb   its thumbnail (after the photo) → 201 | 200 same bytes
 *   GET /api/targets/:code/events/:id/photos/:n/thumb   the thumbnail, or the photo while it has none
 *   DELETE /api/targets/:code/events/:id/photos/:n  who uploaded it (staff of the unit) or an admin → 204
 *
 * The target in the path is what scope is judged on: staff attach only to their own unit's
 * targets (the event may not be ingested yet: the device sends the event, then its photos),
 * and people who may read the target read its photos. Wall screens never: a photo of a
 * street or a person is not for a lobby.
 */

const Params = Type.Object({
  code: Type.String({ pattern: CODE_PATTERN }),
  id: EventIdSchema,
});
const SlotParams = Type.Composite([Params, Type.Object({ n: Type.String({ pattern: PHOTO_SLOT_PATTERN, description: `Slot 1–${PHOTOS_PER_EVENT}` }) })]);

/** The bytes answer: documented as binary image content (not JSON). */
const ImageBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const imageResponse = {
  description: 'The photo: image/jpeg, image/png or image/webp (from its bytes), metadata removed',
  content: { 'image/jpeg': { schema: ImageBody }, 'image/png': { schema: ImageBody }, 'image/webp': { schema: ImageBody } },
};

function slot(raw: string): number {
  const n = Number(raw);
  if (n > PHOTOS_PER_EVENT) throw new HttpError(400, 'too_many_photos', `at most ${PHOTOS_PER_EVENT} photos per event; slot ${n} is beyond that`);
  return n;
}

/** Ids of only dots are valid event ids but not path segments: a browser would resolve `..`. */
function eventId(id: string): string {
  if (/^\.+$/.test(id)) throw new HttpError(400, 'invalid_request', `event id "${id}" cannot name photos (a path segment of dots)`);
  return id;
}

async function targetOf(req: FastifyRequest, code: string): Promise<{ code: string; ownerUnit: string; planId: string }> {
  const t = await req.server.db.selectFrom('targets').select(['code', 'owner_unit as ownerUnit', 'plan_id as planId']).where('code', '=', code).executeTakeFirst();
  if (!t) throw notFound(`no target with code ${code}`);
  return t;
}

async function mayRead(req: FastifyRequest, code: string): Promise<void> {
  const t = await targetOf(req, code);
  if (!(await readScope(req.server.db, who(req))).target(t)) refuseUnit('target', code);
}

/**
 * Ingest refused this event id of the unit and stores no event under it: photos for it would
 * be evidence of nothing, kept forever (the refusal already removed those uploaded before it,
 * ingest/outcomes.ts `dropPhotosOfRejected`). A later stored event of that id lifts this.
 */
async function refuseIfRejected(db: Kysely<Database>, ownerUnit: string, id: string): Promise<void> {
  const stored = await db.selectFrom('events').select('id').where('owner_unit', '=', ownerUnit).where('id', '=', id).executeTakeFirst();
  if (stored) return;
  const rejected = await db.selectFrom('rejected_events').select('code').where('unit_code', '=', ownerUnit).where('event_id', '=', id).limit(1).executeTakeFirst();
  if (rejected) throw new HttpError(409, 'event_rejected', `event ${id} of unit ${ownerUnit} was refused by ingest (${rejected.code}); it takes no photos — report again with a new id`);
}

/** Uploads are limited per uploader (a phone re-sending its outbox), not per address. */
const uploadRateLimit = {
  rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => (req.principal ? `${req.principal.kind}:${req.principal.id}` : req.ip) },
};

/** The slot an upload names, once its target is known and the uploader may report for it. */
async function uploadSlot(req: FastifyRequest, params: { code: string; id: string; n: string }, what: 'photos' | 'thumbnails') {
  const p = who(req);
  const n = slot(params.n);
  const id = eventId(params.id);
  const target = await targetOf(req, params.code);
  if (!canReport(p, target.ownerUnit)) throw forbidden(`you may attach ${what} only to your own unit's targets; ${target.code} belongs to ${target.ownerUnit}`);
  return { p, n, id, target };
}

/** Staff may remove only what they uploaded themselves (a mistaken picture); admins any. */
function mayDelete(p: Principal, ownerUnit: string, uploaderId: string | null, uploaderName: string, label: string): void {
  if (!canReport(p, ownerUnit)) throw forbidden(`you may delete photos only of your own unit's targets; this one belongs to ${ownerUnit}`);
  if (p.role !== 'admin' && uploaderId !== p.id) throw forbidden(`photo ${label} was uploaded by ${uploaderName}; only they or an admin may delete it`);
}

export const photoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(async (put) => {
    // This context takes any body as raw bytes: what it is is decided by judgeImage from
    // the bytes, so a wrong or missing Content-Type is no reason to refuse (nor to trust).
    put.removeAllContentTypeParsers();
    put.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_req, body, done) => done(null, body));
    put.setErrorHandler((err: FastifyError, req, reply) => {
      // A Content-Length over the limit is refused before a byte is read; a longer stream when it passes it.
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && req.routeOptions.url?.endsWith('/thumb'))
        return reply.status(413).send({ code: 'thumb_too_large', message: `a thumbnail may have at most ${THUMB_MAX_BYTES} bytes (64 KiB); the web form makes one of 320 px` });
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return reply.status(413).send({ code: 'photo_too_large', message: `a photo may have at most ${PHOTO_MAX_BYTES} bytes (1 MiB); the web form downscales to fit` });
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return reply.status(415).send({ code: 'photo_type_unsupported', message: 'the Content-Type header is malformed; send the image with its type (image/jpeg, image/png, image/webp) or none' });
      throw err;
    });

    put.withTypeProvider<TypeBoxTypeProvider>().put(
      '/api/targets/:code/events/:id/photos/:n',
      {
        schema: {
          tags: ['photos'],
          summary: 'Attach a photo (raw JPEG, PNG or WebP body) to slot n of an event',
          description:
            `The body is the image itself (any Content-Type; the bytes decide): JPEG, PNG or WebP, at most ${PHOTO_MAX_BYTES} bytes and 4096 px a side, ` +
            `slots 1–${PHOTOS_PER_EVENT}. Metadata that can carry a location (Exif, XMP, IPTC, text chunks) is removed before storing. ` +
            'Idempotent: the same bytes again answer 200 with created false; other bytes for a taken slot 409 `photo_slot_taken`. ' +
            'The event need not be ingested yet; if its id is stored in the unit for another target, 409 `event_mismatch`. ' +
            '415 `photo_type_unsupported`, 413 `photo_too_large`, 400 `too_many_photos`. Staff of the target\'s unit and admins.',
          params: SlotParams,
          consumes: ['image/jpeg', 'image/png', 'image/webp'],
          body: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The image bytes' }),
          response: { 200: PhotoPutResponseSchema, 201: PhotoPutResponseSchema, ...errorResponses },
        },
        // The body is bytes judged by judgeImage; params are still checked by their schema.
        validatorCompiler: bodyJudgedByChecker,
        onRequest: app.requireRole('staff', 'admin'),
        config: uploadRateLimit,
      },
      async (req, reply) => {
        const { p, n, id, target } = await uploadSlot(req, req.params, 'photos');
        const judged = judgeImage(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        if (!judged.ok) throw new HttpError(judged.code === 'photo_too_large' ? 413 : 415, judged.code, judged.message);

        const sha256 = createHash('sha256').update(judged.bytes).digest('hex');
        const db = app.db;
        const inserted = await db.transaction().execute(async (trx) => {
          // Against ingest refusing this event at the same moment (lockEventPhotos).
          await lockEventPhotos(trx, target.ownerUnit, id);
          await refuseIfRejected(trx, target.ownerUnit, id);

          const stored = await trx.selectFrom('events').select('target_code').where('owner_unit', '=', target.ownerUnit).where('id', '=', id).executeTakeFirst();
          if (stored && stored.target_code !== target.code)
            throw new HttpError(409, 'event_mismatch', `event ${id} of unit ${target.ownerUnit} is a report for ${stored.target_code}, not ${target.code}`);

          // Photos once uploaded for this id under another target are hidden for good now that the
          // event is stored as this target's (repository `visible`): they free their slots.
          if (stored) await trx.deleteFrom('event_photos').where('owner_unit', '=', target.ownerUnit).where('event_id', '=', id).where('target_code', '<>', target.code).execute();

          const row = await trx
            .insertInto('event_photos')
            .values({
              owner_unit: target.ownerUnit,
              event_id: id,
              n,
              target_code: target.code,
              mime: judged.mime,
              size: judged.bytes.length,
              width: judged.width,
              height: judged.height,
              sha256,
              bytes: judged.bytes,
              uploader_id: p.id,
              uploader_name: p.name,
            })
            .onConflict((oc) => oc.columns(['owner_unit', 'event_id', 'n']).doNothing())
            .returning(['n', 'mime', 'size', 'width', 'height', 'sha256', 'uploader_name', 'created_at', 'thumb_sha256'])
            .executeTakeFirst();
          if (row) await audit(trx, p, req, { action: 'photos.put', subject: `${target.code}/${id}/${n}`, detail: { sha256, size: judged.bytes.length, mime: judged.mime } });
          return row;
        });
        if (inserted) return reply.status(201).send({ photo: toMeta(inserted), created: true });
        const have = await db
          .selectFrom('event_photos')
          .select(['n', 'mime', 'size', 'width', 'height', 'sha256', 'uploader_name', 'created_at', 'thumb_sha256', 'target_code'])
          .where('owner_unit', '=', target.ownerUnit)
          .where('event_id', '=', id)
          .where('n', '=', n)
          .executeTakeFirstOrThrow();
        if (have.sha256 !== sha256 || have.target_code !== target.code)
          throw new HttpError(409, 'photo_slot_taken', `photo ${n} of event ${id} is already another picture; slots do not change (use a free slot)`);
        // A retry after a lost answer: the same picture is already there.
        return reply.status(200).send({ photo: toMeta(have), created: false });
      },
    );

    put.withTypeProvider<TypeBoxTypeProvider>().put(
      '/api/targets/:code/events/:id/photos/:n/thumb',
      {
        schema: {
          tags: ['photos'],
          summary: "Attach the thumbnail of slot n's photo (raw JPEG, PNG or WebP body), after the photo",
          description:
            `What lists load instead of the photo (the web form makes one of 320 px on the long side). Judged like the photo (the bytes decide, metadata cut), ` +
            `at most ${THUMB_MAX_BYTES} bytes and 640 px a side (413 \`thumb_too_large\`). 404 while the slot holds no photo; the same bytes again 200; ` +
            'other bytes for a slot that has a thumbnail 409 `photo_slot_taken`. Who may attach the photo.',
          params: SlotParams,
          consumes: ['image/jpeg', 'image/png', 'image/webp'],
          body: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The thumbnail bytes' }),
          response: { 200: ThumbPutResponseSchema, 201: ThumbPutResponseSchema, ...errorResponses },
        },
        validatorCompiler: bodyJudgedByChecker,
        bodyLimit: THUMB_MAX_BYTES,
        onRequest: app.requireRole('staff', 'admin'),
        config: uploadRateLimit,
      },
      async (req, reply) => {
        const { n, id, target } = await uploadSlot(req, req.params, 'thumbnails');
        const judged = judgeThumb(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        if (!judged.ok) throw new HttpError(judged.code === 'thumb_too_large' ? 413 : 415, judged.code, judged.message);
        const sha256 = createHash('sha256').update(judged.bytes).digest('hex');
        const thumb = { mime: judged.mime, size: judged.bytes.length, width: judged.width, height: judged.height };
        // Set once, only on a photo of this target in this slot (the photo's own row: read and deleted with it).
        const updated = await app.db
          .updateTable('event_photos')
          .set({ thumb_mime: thumb.mime, thumb_size: thumb.size, thumb_width: thumb.width, thumb_height: thumb.height, thumb_sha256: sha256, thumb_bytes: judged.bytes })
          .where('owner_unit', '=', target.ownerUnit)
          .where('event_id', '=', id)
          .where('n', '=', n)
          .where('target_code', '=', target.code)
          .where('thumb_sha256', 'is', null)
          .returning('n')
          .executeTakeFirst();
        if (updated) return reply.status(201).send({ n, ...thumb, created: true });
        const have = await app.db
          .selectFrom('event_photos')
          .select(['thumb_sha256'])
          .where('owner_unit', '=', target.ownerUnit)
          .where('event_id', '=', id)
          .where('n', '=', n)
          .where('target_code', '=', target.code)
          .executeTakeFirst();
        if (!have) throw notFound(`event ${id} of target ${target.code} has no photo ${n} to give a thumbnail; upload the photo first`);
        if (have.thumb_sha256 !== sha256) throw new HttpError(409, 'photo_slot_taken', `photo ${n} of event ${id} already has another thumbnail; thumbnails do not change`);
        return reply.status(200).send({ n, ...thumb, created: false });
      },
    );
  });

  app.get(
    '/api/targets/:code/events/:id/photos',
    {
      schema: {
        tags: ['photos'],
        summary: "An event's photos (metadata; the bytes at …/photos/:n)",
        description: 'For those who may read the target (staff of its unit, leaders above it, admins); wall screens are refused.',
        params: Params,
        response: { 200: PhotoListSchema, ...errorResponses },
      },
      onRequest: app.requireRole('staff', 'leader', 'admin'),
    },
    async (req) => {
      const id = eventId(req.params.id);
      await mayRead(req, req.params.code);
      return { target: req.params.code, eventId: id, photos: await listPhotos(app.db, req.params.code, id) };
    },
  );

  app.get(
    '/api/targets/:code/events/:id/photos/:n',
    {
      schema: {
        tags: ['photos'],
        summary: 'One photo of an event (the image bytes)',
        description:
          'Content-Type from the stored bytes, `X-Content-Type-Options: nosniff`, a sandboxing CSP, `Cache-Control: private` and the SHA-256 as ETag ' +
          '(If-None-Match answers 304). Who may read the target; wall screens are refused.',
        params: SlotParams,
        response: { 200: imageResponse, 304: Type.Null({ description: 'Not modified (ETag matched)' }), ...errorResponses },
      },
      onRequest: app.requireRole('staff', 'leader', 'admin'),
    },
    async (req, reply) => sendPhoto(req, reply, req.params),
  );

  app.get(
    '/api/targets/:code/events/:id/photos/:n/thumb',
    {
      schema: {
        tags: ['photos'],
        summary: 'The thumbnail of one photo (the image bytes); the photo itself while it has none',
        description:
          'What lists show. Headers as for the photo; `Cache-Control: private, max-age=86400` for a stored thumbnail, `private, no-cache` when the photo ' +
          'stands in for a missing one (so the thumbnail uploaded a moment later replaces it). Who may read the target; wall screens are refused.',
        params: SlotParams,
        response: { 200: imageResponse, 304: Type.Null({ description: 'Not modified (ETag matched)' }), ...errorResponses },
      },
      onRequest: app.requireRole('staff', 'leader', 'admin'),
    },
    async (req, reply) => {
      const n = slot(req.params.n);
      const id = eventId(req.params.id);
      await mayRead(req, req.params.code);
      const thumb = await readThumb(app.db, req.params.code, id, n);
      if (!thumb) throw notFound(`event ${id} of target ${req.params.code} has no photo ${n}`);
      return sendImage(req, reply, { ...thumb, name: `${req.params.code}-${id}-${n}-thumb`, cache: thumb.fallback ? 'private, no-cache' : 'private, max-age=86400' });
    },
  );

  app.delete(
    '/api/targets/:code/events/:id/photos/:n',
    {
      schema: {
        tags: ['photos'],
        summary: 'Delete a photo of an event (and its thumbnail)',
        description:
          'For a mistaken picture: the staff member of the target\'s unit who uploaded it, or an admin; leaders, other staff and other units are refused (403). ' +
          'Audited (`photos.delete`: who, when, target/event/slot, the photo\'s SHA-256 and uploader). The slot is free again afterwards. 404 when the slot holds no photo (a repeated delete).',
        params: SlotParams,
        response: { 204: NoContent, ...errorResponses },
      },
      onRequest: app.requireRole('staff', 'admin'),
    },
    async (req, reply) => {
      const p = who(req);
      const n = slot(req.params.n);
      const id = eventId(req.params.id);
      const target = await targetOf(req, req.params.code);
      if (!canReport(p, target.ownerUnit)) mayDelete(p, target.ownerUnit, null, '', '');
      const label = `${target.code}/${id}/${n}`;
      await app.db.transaction().execute(async (trx) => {
        // Locked, so two deletes of one photo cannot both succeed (the second finds nothing: 404).
        const row = await trx
          .selectFrom('event_photos')
          .select(['uploader_id', 'uploader_name', 'sha256', 'size', 'mime', 'created_at'])
          .where('owner_unit', '=', target.ownerUnit)
          .where('event_id', '=', id)
          .where('n', '=', n)
          .where('target_code', '=', target.code)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw notFound(`event ${id} of target ${target.code} has no photo ${n}`);
        mayDelete(p, target.ownerUnit, row.uploader_id, row.uploader_name, label);
        await trx.deleteFrom('event_photos').where('owner_unit', '=', target.ownerUnit).where('event_id', '=', id).where('n', '=', n).execute();
        await audit(trx, p, req, {
          action: 'photos.delete',
          subject: label,
          detail: { target: target.code, eventId: id, n, sha256: row.sha256, size: row.size, mime: row.mime, uploader: row.uploader_name, uploadedAt: new Date(row.created_at).toISOString() },
        });
      });
      return reply.status(204).send(null);
    },
  );

  async function sendPhoto(req: FastifyRequest, reply: FastifyReply, params: { code: string; id: string; n: string }) {
    const n = slot(params.n);
    const id = eventId(params.id);
    await mayRead(req, params.code);
    const photo = await readPhoto(app.db, params.code, id, n);
    if (!photo) throw notFound(`event ${id} of target ${params.code} has no photo ${n}`);
    return sendImage(req, reply, { ...photo, name: `${params.code}-${id}-${n}`, cache: 'private, max-age=86400' });
  }

  function sendImage(req: FastifyRequest, reply: FastifyReply, img: { mime: string; sha256: string; bytes: Buffer; name: string; cache: string }) {
    const etag = `"${img.sha256}"`;
    reply
      .header('cache-control', img.cache)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      // Even opened directly, an image document may run nothing.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('content-disposition', `inline; filename="${img.name}.${img.mime.slice(6).replace('jpeg', 'jpg')}"`);
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type(img.mime).send(img.bytes);
  }
};
