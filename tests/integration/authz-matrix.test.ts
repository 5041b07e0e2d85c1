import { createHash } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@luoshi/seeds';
import { PROGRESS_STREAM, type ProgressEvent } from '@luoshi/shared';
import { luoshiApp } from '../../server/src/app';
import { fakeJpeg } from '../../server/src/photos/fixtures';
import { judgeImage } from '../../server/src/photos/image';
import { issueToken, loginCookie, TEST_PASSWORD, type Session } from '../support/auth';
import { insertScreen } from '../../server/src/screens/repository';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * The authorization matrix: every principal × every route Fastify knows × the principal's
 * own and another unit's resource, each with the exact status expected. A route added
 * without a row here fails "covers every route", so nothing new goes unprotected unseen.
 *
 * Units: T-JD (街道) ⊃ T-JD-A, T-JD-B (科室) own TP-JOBS, TP-AREA of plan TP-2026;
 *        T-JD2 (another 街道) ⊃ T-JD2-C owns TP2-ROAD of plan TP2-2026.
 * The screen token is screen wall-1's, which shows TP-2026: "other" is TP2-2026's.
 */
const seed2: SeedData = {
  units: [
    { code: 'T-JD2', name: '另一街道', kind: 'subdistrict', parentCode: 'T' },
    { code: 'T-JD2-C', name: '另一街道科室', kind: 'department', parentCode: 'T-JD2' },
  ],
  plans: [
    {
      plan: { id: 'TP2-2026', title: '另一街道2026年工作计划', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'published' },
      sections: [],
      targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'TP2-ROAD', planId: 'TP2-2026', sectionId: null, ownerUnit: 'T-JD2-C', title: '道路整治 10 条', uom: '条', targetValue: 10 }],
    },
    {
      plan: { id: 'MX-DRAFT', title: '另一街道导入中的草稿', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'draft' },
      sections: [],
      targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'MX-DRAFT-001', planId: 'MX-DRAFT', sectionId: null, ownerUnit: 'T-JD2-C', title: '草稿指标', uom: '条', targetValue: 10 }],
    },
  ],
};

type Who = 'admin' | 'leader' | 'staff' | 'screen' | 'none';
const WHO: Who[] = ['admin', 'leader', 'staff', 'screen', 'none'];
type Side = 'own' | 'other';

/** What "own" and "other" mean for each principal. */
const SCOPE: Record<Who, Record<Side, { plan: string; target: string; unit: string }>> = {
  admin: { own: { plan: 'TP-2026', target: 'TP-JOBS', unit: 'T-JD-A' }, other: { plan: 'TP2-2026', target: 'TP2-ROAD', unit: 'T-JD2-C' } },
  leader: { own: { plan: 'TP-2026', target: 'TP-JOBS', unit: 'T-JD-A' }, other: { plan: 'TP2-2026', target: 'TP2-ROAD', unit: 'T-JD2-C' } },
  staff: { own: { plan: 'TP-2026', target: 'TP-JOBS', unit: 'T-JD-A' }, other: { plan: 'TP2-2026', target: 'TP-AREA', unit: 'T-JD-B' } },
  screen: { own: { plan: 'TP-2026', target: 'TP-JOBS', unit: 'T-JD-A' }, other: { plan: 'TP2-2026', target: 'TP2-ROAD', unit: 'T-JD2-C' } },
  none: { own: { plan: 'TP-2026', target: 'TP-JOBS', unit: 'T-JD-A' }, other: { plan: 'TP2-2026', target: 'TP2-ROAD', unit: 'T-JD2-C' } },
};

interface Ctx {
  who: Who;
  side: Side;
  plan: string;
  target: string;
  unit: string;
}
/** Expected status per principal: one number (both sides) or [own, other]. */
type Expect = Record<Who, number | [number, number]>;
interface Row {
  route: string;
  /** Does the resource depend on own/other? (Otherwise one cell per principal.) */
  scoped?: boolean;
  request(c: Ctx): Promise<InjectOptions> | InjectOptions;
  expect: Expect;
}

const all = (n: number, none = 401): Expect => ({ admin: n, leader: n, staff: n, screen: n, none });
const adminOnly = (n: number): Expect => ({ admin: n, leader: 403, staff: 403, screen: 403, none: 401 });

let seq = 0;
const eventFor = (target: string): ProgressEvent =>
  target === 'TP-AREA'
    ? { id: `mx-${++seq}-${Date.now()}`, target, kind: 'reading', value: 1_960_000 + seq, occurredAt: '2026-03-01T02:00:00Z' }
    : { id: `mx-${++seq}-${Date.now()}`, target, kind: 'increment', value: 1, occurredAt: '2026-03-01T02:00:00Z', reporter: '冒充的人' };

const draft = () => ({
  plan: { id: `MX-${++seq}`, title: '矩阵测试计划', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
  targets: [{ title: '帮助就业', uom: '人', targetValue: 10, ownerUnit: 'T-JD2-C', dueDate: '2026-12-31' }],
});

const ROWS: Row[] = [
  { route: 'GET /api/health', request: () => ({ url: '/api/health' }), expect: all(200, 200) },
  // Orchestrator probes: public, and they reveal only up/down per dependency.
  { route: 'GET /api/health/live', request: () => ({ url: '/api/health/live' }), expect: all(200, 200) },
  { route: 'GET /api/health/ready', request: () => ({ url: '/api/health/ready' }), expect: all(200, 200) },
  // Issue 17 item 7: the deployment's status bands and colours; public (sign-in page, wall screens), no plan data.
  { route: 'GET /api/status-style', request: () => ({ url: '/api/status-style' }), expect: all(200, 200) },
  { route: 'GET /api/docs', request: () => ({ url: '/api/docs' }), expect: all(200, 200) },
  { route: 'GET /api/docs (trailing slash)', request: () => ({ url: '/api/docs/' }), expect: all(200, 200) },
  { route: 'GET /api/docs/json', request: () => ({ url: '/api/docs/json' }), expect: all(200, 200) },
  { route: 'GET /api/docs/yaml', request: () => ({ url: '/api/docs/yaml' }), expect: all(200, 200) },
  { route: 'GET /api/docs/static/index.html', request: () => ({ url: '/api/docs/static/index.html' }), expect: all(302, 302) },
  { route: 'GET /api/docs/static/swagger-initializer.js', request: () => ({ url: '/api/docs/static/swagger-initializer.js' }), expect: all(200, 200) },
  { route: 'GET /api/docs/static/*', request: () => ({ url: '/api/docs/static/swagger-ui.css' }), expect: all(200, 200) },
  // Metrics: scrapes from this host are public; from elsewhere admin only.
  { route: 'GET /metrics', request: () => ({ url: '/metrics' }), expect: all(200, 200) },
  { route: 'GET /metrics (remote)', request: () => ({ url: '/metrics', remoteAddress: '192.0.2.10' }), expect: adminOnly(200) },
  { route: 'GET /metrics (proxied)', request: () => ({ url: '/metrics', headers: { 'x-forwarded-for': '192.0.2.10' } }), expect: adminOnly(200) },

  { route: 'POST /api/auth/login', request: (c) => ({ method: 'POST', url: '/api/auth/login', payload: { username: USERNAME[c.who] ?? 'nobody', password: TEST_PASSWORD }, remoteAddress: `10.9.${WHO.indexOf(c.who)}.${++seq % 250}` }), expect: { admin: 200, leader: 200, staff: 200, screen: 401, none: 401 } },
  { route: 'POST /api/auth/logout', request: () => ({ method: 'POST', url: '/api/auth/logout' }), expect: all(204, 204) },
  { route: 'GET /api/auth/me', request: () => ({ url: '/api/auth/me' }), expect: all(200) },

  { route: 'GET /api/plans', request: () => ({ url: '/api/plans' }), expect: all(200) },
  { route: 'GET /api/plans/:id', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },
  { route: 'GET /api/plans/:id/overview', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/overview` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'GET /api/plans/:id/activity', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/activity` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'GET /api/targets', request: () => ({ url: '/api/targets' }), expect: all(200) },
  { route: 'GET /api/targets/:code', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },
  { route: 'GET /api/targets/:code/series', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}/series` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },
  { route: 'GET /api/targets/:code/events', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}/events` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },
  { route: 'GET /api/units', request: () => ({ url: '/api/units' }), expect: all(200) },
  { route: 'GET /api/units/:code', scoped: true, request: (c) => ({ url: `/api/units/${c.unit}` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },

  // Issue 7: receipts answer reporters and their leaders (another unit's ids read as pending,
  // see reports.test.ts); the history is a unit read; "my targets" is for those who report.
  { route: 'GET /api/events/receipts', request: () => ({ url: '/api/events/receipts?ids=mx-none-1,mx-none-2' }), expect: { admin: 200, leader: 200, staff: 200, screen: 403, none: 401 } },
  { route: 'GET /api/units/:code/reports', scoped: true, request: (c) => ({ url: `/api/units/${c.unit}/reports` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  { route: 'GET /api/me/targets', request: () => ({ url: '/api/me/targets' }), expect: { admin: 200, leader: 403, staff: 200, screen: 403, none: 401 } },

  // Issue 17: owed lists, comparisons and the monthly 通报 (whole-plan reads), 催办 and 批示 (leaders of
  // a unit above, admins), replies (the unit's staff, admins), the inbox (people only), timelines, webhooks (admins).
  { route: 'GET /api/me/owed', request: () => ({ url: '/api/me/owed' }), expect: { admin: 200, leader: 403, staff: 200, screen: 403, none: 401 } },
  { route: 'GET /api/units/:code/owed', scoped: true, request: (c) => ({ url: `/api/units/${c.unit}/owed` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  { route: 'GET /api/plans/:id/owed', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/owed` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'GET /api/plans/:id/compare', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/compare` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'GET /api/plans/:id/bulletin', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/bulletin` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'POST /api/reminders', scoped: true, request: (c) => ({ method: 'POST', url: '/api/reminders', payload: { target: c.target, message: '矩阵催办' } }), expect: { admin: 201, leader: [201, 403], staff: 403, screen: 403, none: 401 } },
  { route: 'POST /api/instructions', scoped: true, request: (c) => ({ method: 'POST', url: '/api/instructions', payload: { target: c.target, body: '矩阵批示' } }), expect: { admin: 201, leader: [201, 403], staff: 403, screen: 403, none: 401 } },
  { route: 'GET /api/instructions', request: () => ({ url: '/api/instructions' }), expect: { admin: 200, leader: 200, staff: 200, screen: 403, none: 401 } },
  { route: 'POST /api/instructions/:id/replies', scoped: true, request: (c) => ({ method: 'POST', url: `/api/instructions/${c.side === 'own' ? 'in_mxA' : 'in_mxB'}/replies`, payload: { body: '矩阵回复' } }), expect: { admin: 201, leader: 403, staff: [201, 403], screen: 403, none: 401 } },
  { route: 'GET /api/me/notifications', request: () => ({ url: '/api/me/notifications' }), expect: { admin: 200, leader: 200, staff: 200, screen: 403, none: 401 } },
  { route: 'POST /api/me/notifications/read', request: () => ({ method: 'POST', url: '/api/me/notifications/read', payload: {} }), expect: { admin: 200, leader: 200, staff: 200, screen: 403, none: 401 } },
  { route: 'GET /api/targets/:code/timeline', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}/timeline` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  { route: 'PUT /api/units/:code/webhook', request: () => ({ method: 'PUT', url: '/api/units/T-JD2-C/webhook', payload: { url: 'http://127.0.0.1:9/hook', secret: 'matrix-secret-0123456789' } }), expect: adminOnly(200) },
  { route: 'PUT /api/plans/:id/supervision', request: () => ({ method: 'PUT', url: '/api/plans/TP2-2026/supervision', payload: { defaultCadence: 'monthly', dueWorkingDays: 5, remindBeforeDays: 2, escalateAfterDays: 5 } }), expect: adminOnly(200) },
  { route: 'PUT /api/targets/:code/cadence', request: () => ({ method: 'PUT', url: '/api/targets/TP2-ROAD/cadence', payload: { cadence: null } }), expect: adminOnly(200) },
  { route: 'GET /api/units/:code/webhook/deliveries', request: () => ({ url: '/api/units/T-JD2-C/webhook/deliveries' }), expect: adminOnly(200) },

  { route: 'POST /api/events', scoped: true, request: (c) => ({ method: 'POST', url: '/api/events', payload: eventFor(c.target) }), expect: { admin: 202, leader: 403, staff: [202, 403], screen: 403, none: 401 } },
  // Issue 18.7: photo evidence. Attached by who may report for the target (its unit's staff, admins), read by who may
  // read the target — never by wall screens. The bytes row reads a photo stored beforehand on each side's target.
  { route: 'PUT /api/targets/:code/events/:id/photos/:n', scoped: true, request: (c) => ({ method: 'PUT', url: `/api/targets/${c.target}/events/mx-photo-${++seq}/photos/1`, payload: fakeJpeg(), headers: { 'content-type': 'image/jpeg' } }), expect: { admin: 201, leader: 403, staff: [201, 403], screen: 403, none: 401 } },
  { route: 'GET /api/targets/:code/events/:id/photos', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}/events/mx-photo-read/photos` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  { route: 'GET /api/targets/:code/events/:id/photos/:n', scoped: true, request: async (c) => ({ url: `/api/targets/${await storedPhoto(c.target)}/events/mx-photo-read/photos/1` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  // Thumbnails (after the photo, by who may attach it; read like the photo) and deleting a photo: its uploader
  // (the staff session here uploaded each fresh photo) or an admin; never leaders, other units or screens.
  { route: 'PUT /api/targets/:code/events/:id/photos/:n/thumb', scoped: true, request: async (c) => ({ method: 'PUT', url: `/api/targets/${c.target}/events/${await freshPhoto(c.target)}/photos/1/thumb`, payload: fakeJpeg({ width: 320, height: 240 }), headers: { 'content-type': 'image/jpeg' } }), expect: { admin: 201, leader: 403, staff: [201, 403], screen: 403, none: 401 } },
  { route: 'GET /api/targets/:code/events/:id/photos/:n/thumb', scoped: true, request: async (c) => ({ url: `/api/targets/${await storedPhoto(c.target)}/events/mx-photo-read/photos/1/thumb` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: 403, none: 401 } },
  { route: 'DELETE /api/targets/:code/events/:id/photos/:n', scoped: true, request: async (c) => ({ method: 'DELETE', url: `/api/targets/${c.target}/events/${await freshPhoto(c.target)}/photos/1` }), expect: { admin: 204, leader: 403, staff: [204, 403], screen: 403, none: 401 } },
  { route: 'POST /api/plans', request: () => ({ method: 'POST', url: '/api/plans', payload: draft() }), expect: adminOnly(201) },
  // Issue 20: candidates added to a draft; MX-DRAFT is T-JD2's draft (seed2), so leaders and staff of T-JD are refused too.
  { route: 'POST /api/plans/:id/import', request: () => ({ method: 'POST', url: '/api/plans/MX-DRAFT/import', payload: { targets: draft().targets } }), expect: adminOnly(201) },
  { route: 'POST /api/plan-import/extract', request: () => ({ method: 'POST', url: '/api/plan-import/extract', payload: { text: '全年帮助失业青年就业127人。' } }), expect: adminOnly(200) },
  { route: 'POST /api/tokens', request: () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'matrix', role: 'staff', unitCode: 'T-JD-A' } }), expect: adminOnly(201) },
  { route: 'GET /api/tokens', request: () => ({ url: '/api/tokens' }), expect: adminOnly(200) },
  { route: 'DELETE /api/tokens/:id', request: async () => ({ method: 'DELETE', url: `/api/tokens/${await freshTokenId()}` }), expect: adminOnly(204) },
  { route: 'GET /api/audit', request: () => ({ url: '/api/audit' }), expect: adminOnly(200) },

  // Wall screens (issue 15 item 7): readable by admins, by the screen's own device token and by
  // leaders of the unit owning the screen's plan (wall-1 shows TP-2026 of T-JD, wall-2 TP2-2026
  // of T-JD2); staff never. The list holds only what may be read (see screens.test.ts); changed by admins.
  { route: 'GET /api/screens', request: () => ({ url: '/api/screens' }), expect: all(200) },
  { route: 'GET /api/screens/:id', scoped: true, request: (c) => ({ url: `/api/screens/${c.side === 'own' ? 'wall-1' : 'wall-2'}` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: [200, 403], none: 401 } },
  { route: 'POST /api/screens', request: () => ({ method: 'POST', url: '/api/screens', payload: screenInput(`mx-wall-${++seq}`) }), expect: adminOnly(201) },
  { route: 'PUT /api/screens/:id', request: () => ({ method: 'PUT', url: '/api/screens/wall-2', payload: screenInput('wall-2', 'TP2-2026') }), expect: adminOnly(200) },

  // Accounts: admins only. MX_USER is an account no principal of the matrix signs in as.
  { route: 'GET /api/users', request: () => ({ url: '/api/users' }), expect: adminOnly(200) },
  { route: 'POST /api/users', request: () => ({ method: 'POST', url: '/api/users', payload: { username: `mx-user-${++seq}`, role: 'staff', unitCode: 'T-JD-A' } }), expect: adminOnly(201) },
  { route: 'PATCH /api/users/:id', request: () => ({ method: 'PATCH', url: `/api/users/${MX_USER}`, payload: { name: `矩阵 ${++seq}` } }), expect: adminOnly(200) },
  { route: 'POST /api/users/:id/disable', request: () => ({ method: 'POST', url: `/api/users/${MX_USER}/disable` }), expect: adminOnly(200) },
  { route: 'POST /api/users/:id/enable', request: () => ({ method: 'POST', url: `/api/users/${MX_USER}/enable` }), expect: adminOnly(200) },
  { route: 'POST /api/users/:id/password', request: () => ({ method: 'POST', url: `/api/users/${MX_USER}/password` }), expect: adminOnly(200) },

  // Issue 16: the plan editor. Writes are for admins; the editor's read is for admins and the
  // owner unit's leaders (staff and screens never read it: it shows drafts); a target's
  // adjustment history is read like the target.
  { route: 'GET /api/plans/:id/edit', scoped: true, request: (c) => ({ url: `/api/plans/${c.plan}/edit` }), expect: { admin: 200, leader: [200, 403], staff: 403, screen: 403, none: 401 } },
  { route: 'GET /api/targets/:code/changes', scoped: true, request: (c) => ({ url: `/api/targets/${c.target}/changes` }), expect: { admin: 200, leader: [200, 403], staff: [200, 403], screen: [200, 403], none: 401 } },
  { route: 'POST /api/plans/drafts', request: () => ({ method: 'POST', url: '/api/plans/drafts', payload: { id: `MXD-${++seq}`, title: '手工计划', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31' } }), expect: adminOnly(201) },
  { route: 'PATCH /api/plans/:id', request: async () => { const id = await freshPlan('draft'); return { method: 'PATCH', url: `/api/plans/${id}`, payload: { version: 0, title: '改名' } }; }, expect: adminOnly(200) },
  { route: 'DELETE /api/plans/:id', request: async () => ({ method: 'DELETE', url: `/api/plans/${await freshPlan('draft')}?version=0` }), expect: adminOnly(204) },
  { route: 'POST /api/plans/:id/publish', request: async () => ({ method: 'POST', url: `/api/plans/${await freshPlan('draft')}/publish`, payload: { version: 0 } }), expect: adminOnly(200) },
  { route: 'POST /api/plans/:id/close', request: async () => ({ method: 'POST', url: `/api/plans/${await freshPlan('published')}/close`, payload: { version: 0 } }), expect: adminOnly(200) },
  { route: 'POST /api/plans/:id/rollover', request: async () => ({ method: 'POST', url: `/api/plans/${await freshPlan('published')}/rollover`, payload: { id: `MXR-${++seq}` } }), expect: adminOnly(201) },
  { route: 'POST /api/plans/:id/sections', request: async () => ({ method: 'POST', url: `/api/plans/${await freshPlan('draft')}/sections`, payload: { label: '一、', title: '民生' } }), expect: adminOnly(201) },
  { route: 'PATCH /api/plans/:id/sections/:sectionId', request: async () => { const id = await freshPlan('draft'); return { method: 'PATCH', url: `/api/plans/${id}/sections/${id}-S`, payload: { title: '改名' } }; }, expect: adminOnly(200) },
  { route: 'DELETE /api/plans/:id/sections/:sectionId', request: async () => { const id = await freshPlan('draft'); return { method: 'DELETE', url: `/api/plans/${id}/sections/${id}-S` }; }, expect: adminOnly(204) },
  { route: 'POST /api/plans/:id/targets', request: async () => ({ method: 'POST', url: `/api/plans/${await freshPlan('draft')}/targets`, payload: { title: '新增', ownerUnit: 'T-JD2-C', uom: '个', targetValue: 2, dueDate: '2026-12-31' } }), expect: adminOnly(201) },
  { route: 'PATCH /api/targets/:code', request: async () => ({ method: 'PATCH', url: `/api/targets/${await freshPlan('draft')}-T`, payload: { version: 0, targetValue: 3 } }), expect: adminOnly(200) },
  { route: 'POST /api/targets/:code/cancel', request: async () => ({ method: 'POST', url: `/api/targets/${await freshPlan('published')}-T/cancel`, payload: { version: 0, reason: '矩阵' } }), expect: adminOnly(200) },
  { route: 'DELETE /api/targets/:code', request: async () => ({ method: 'DELETE', url: `/api/targets/${await freshPlan('draft')}-T?version=0` }), expect: adminOnly(204) },
  // Issue 16: the organisation. Admins only; the unit changed is a fresh one under T-JD2.
  { route: 'POST /api/units', request: () => ({ method: 'POST', url: '/api/units', payload: { code: `MXU-${++seq}`, name: '矩阵科室', kind: 'department', parentCode: 'T-JD2' } }), expect: adminOnly(201) },
  { route: 'PATCH /api/units/:code', request: async () => ({ method: 'PATCH', url: `/api/units/${await freshUnit()}`, payload: { name: '改名' } }), expect: adminOnly(200) },
  { route: 'DELETE /api/units/:code', request: async () => ({ method: 'DELETE', url: `/api/units/${await freshUnit()}` }), expect: adminOnly(204) },
  { route: 'POST /api/units/import', request: () => ({ method: 'POST', url: '/api/units/import', payload: { rows: [{ code: 'T-JD2-C', name: '另一街道科室', kind: '科室', parentCode: 'T-JD2' }] } }), expect: adminOnly(200) },
];
const MX_USER = 'mx-user-target';

/** A photo in slot 1 of event mx-photo-read on the target (stored once, straight into the table). */
async function storedPhoto(target: string): Promise<string> {
  const t = await tdb.db.selectFrom('targets').select('owner_unit').where('code', '=', target).executeTakeFirstOrThrow();
  const judged = judgeImage(fakeJpeg());
  if (!judged.ok) throw new Error('fixture JPEG not accepted');
  await tdb.db
    .insertInto('event_photos')
    .values({ owner_unit: t.owner_unit, event_id: 'mx-photo-read', n: 1, target_code: target, mime: judged.mime, size: judged.bytes.length, width: judged.width, height: judged.height, sha256: createHash('sha256').update(judged.bytes).digest('hex'), bytes: judged.bytes, uploader_id: null, uploader_name: 'matrix' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return target;
}

/** A fresh event with a photo in slot 1 on the target, uploaded by the matrix's staff member (so theirs to delete). */
async function freshPhoto(target: string): Promise<string> {
  const t = await tdb.db.selectFrom('targets').select('owner_unit').where('code', '=', target).executeTakeFirstOrThrow();
  const uploader = await tdb.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'staff-t-jd-a').executeTakeFirstOrThrow();
  const judged = judgeImage(fakeJpeg());
  if (!judged.ok) throw new Error('fixture JPEG not accepted');
  const id = `mx-photo-${++seq}`;
  await tdb.db
    .insertInto('event_photos')
    .values({ owner_unit: t.owner_unit, event_id: id, n: 1, target_code: target, mime: judged.mime, size: judged.bytes.length, width: judged.width, height: judged.height, sha256: createHash('sha256').update(judged.bytes).digest('hex'), bytes: judged.bytes, uploader_id: uploader.id, uploader_name: uploader.username })
    .execute();
  return id;
}

async function freshUnit(): Promise<string> {
  const code = `MXU-${++seq}`;
  await tdb.db.insertInto('units').values({ code, name: '矩阵科室', kind: 'department', parent_code: 'T-JD2' }).execute();
  return code;
}

/** A plan of T-JD2 with one empty section `<id>-S` and one target `<id>-T`, straight into the database. */
async function freshPlan(status: 'draft' | 'published'): Promise<string> {
  const id = `MXP-${++seq}`;
  await tdb.db.insertInto('plans').values({ id, title: '矩阵计划2026', owner_unit: 'T-JD2', period_start: '2026-01-01', period_end: '2026-12-31', status }).execute();
  await tdb.db.insertInto('plan_sections').values({ id: `${id}-S`, plan_id: id, parent_id: null, label: '一、', title: '节', ordinal: 0 }).execute();
  await tdb.db
    .insertInto('targets')
    .values({ code: `${id}-T`, plan_id: id, section_id: null, owner_unit: 'T-JD2-C', title: '矩阵目标', uom: '个', measure_kind: 'cumulative', direction: 'up', baseline: 0, target_value: 5, start_date: '2026-01-01', due_date: '2026-12-31', weight: 1, milestones: '[]', reporting_interval_days: 30, ratio_numerator: null, ratio_denominator: null })
    .execute();
  await tdb.db.insertInto('target_rollups').values({ target_code: `${id}-T`, value: 0, event_count: 0, version: 0 }).execute();
  return id;
}

const screenInput = (id: string, planId = 'TP-2026') => ({ id, title: '矩阵测试大屏', planId, rotationSeconds: 20, views: [{ kind: 'overview' as const }] });

const USERNAME: Partial<Record<Who, string>> = { admin: 'admin', leader: 'leader-t-jd', staff: 'staff-t-jd-a' };

let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance;
const known: string[] = [];
const auth: Partial<Record<Who, { headers: Record<string, string> }>> = {};

async function freshTokenId(): Promise<string> {
  await issueToken(tdb.db, { role: 'screen', screenId: 'x', name: 'to revoke' });
  const row = await tdb.db.selectFrom('api_tokens').select('id').where('name', '=', 'to revoke').where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-authz', seed: [testSeed, seed2], accounts: true, app: false });
  ({ tdb, nc } = stack);
  await tdb.db.insertInto('users').values({ id: MX_USER, username: 'mx-target', display_name: '矩阵账号', role: 'staff', unit_code: 'T-JD-B', password_hash: 'scrypt$16384$8$1$AAAA$AAAA' }).execute();
  await insertScreen(tdb.db, screenInput('wall-1', 'TP-2026'));
  await insertScreen(tdb.db, screenInput('wall-2', 'TP2-2026'));
  for (const [id, unit] of [['in_mxA', 'T-JD-A'], ['in_mxB', 'T-JD-B']] as const) {
    await tdb.db.insertInto('instructions').values({ id, unit_code: unit, target_code: null, body: '矩阵测试批示', author_id: 'nobody', author_name: '矩阵' }).execute();
  }
  // The app is built here, not by the stack: the onRoute hook must be in place before the routes
  // register, so that "covers every route" sees every route Fastify knows.
  app = Fastify({ bodyLimit: 1_048_576, logger: false });
  stack.onStop(() => app.close());
  app.addHook('onRoute', (r) => {
    for (const m of ([] as string[]).concat(r.method)) if (m !== 'HEAD') known.push(`${m} ${r.url}`);
  });
  await app.register(luoshiApp, { db: tdb.db, nc, webDist: null, now: () => new Date('2026-06-01T04:00:00Z') });
  await app.ready();
  const session = async (u: string): Promise<Session> => loginCookie(app, u);
  for (const w of ['admin', 'leader', 'staff'] as const) {
    const s = await session(USERNAME[w]!);
    auth[w] = { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } };
  }
  auth.screen = { headers: { authorization: `Bearer ${await issueToken(tdb.db, { role: 'screen', screenId: 'wall-1' })}` } };
});

afterAll(() => stack?.stop());

describe('authorization matrix', () => {
  it('covers every route Fastify knows', () => {
    const table = new Set(ROWS.map((r) => r.route));
    const missing = known.filter((r) => !table.has(r));
    expect(missing, 'routes without a row in the authorization matrix').toEqual([]);
    const stale = [...table].filter((r) => !known.includes(r.replace(/ \(.*\)$/, '')));
    expect(stale, 'rows naming no route').toEqual([]);
  });

  const cells: [string, Who, Side, number][] = [];
  for (const row of ROWS) {
    for (const who of WHO) {
      const e = row.expect[who];
      const sides: Side[] = row.scoped ? ['own', 'other'] : ['own'];
      for (const side of sides) cells.push([row.route, who, side, Array.isArray(e) ? e[side === 'own' ? 0 : 1] : e]);
    }
  }

  it(`answers every cell (${cells.length}) with the exact status`, async () => {
    const wrong: string[] = [];
    for (const [route, who, side, status] of cells) {
      const row = ROWS.find((r) => r.route === route)!;
      const req = await row.request({ who, side, ...SCOPE[who][side] });
      // Sign-in and sign-out are tried without the principal's credentials (signing out
      // would end the session the matrix uses; sign-in uses the principal's password).
      const own = route.startsWith('POST /api/auth/') ? {} : (auth[who]?.headers ?? {});
      const headers = { ...own, ...(req.headers as Record<string, string> | undefined) };
      const res = await app.inject({ ...req, headers });
      if (res.statusCode !== status) wrong.push(`${route} as ${who} (${side}): expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (status >= 400) {
        const body = res.json<{ code?: unknown; message?: unknown }>();
        if (typeof body.code !== 'string' || typeof body.message !== 'string') wrong.push(`${route} as ${who} (${side}): ${status} without {code, message}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('read scope: lists show only what the principal may see', () => {
  const get = async <T>(who: Who, url: string): Promise<T> => (await app.inject({ url, headers: auth[who]!.headers })).json<T>();
  const codes = (xs: { code: string }[]) => xs.map((x) => x.code).sort();

  it('targets', async () => {
    expect(codes(await get<{ code: string }[]>('staff', '/api/targets'))).toEqual(['TP-JOBS']);
    expect(codes(await get<{ code: string }[]>('leader', '/api/targets'))).toEqual(['TP-AREA', 'TP-JOBS']);
    expect(codes(await get<{ code: string }[]>('admin', '/api/targets'))).toEqual(expect.arrayContaining(['TP-AREA', 'TP-JOBS', 'TP2-ROAD']));
    expect(codes(await get<{ code: string }[]>('screen', '/api/targets'))).toEqual(['TP-AREA', 'TP-JOBS']);
    expect(codes(await get<{ code: string }[]>('screen', '/api/targets?plan=TP2-2026'))).toEqual([]);
  });

  it('units and plans', async () => {
    expect(codes(await get<{ code: string }[]>('staff', '/api/units'))).toEqual(['T-JD-A']);
    expect(codes(await get<{ code: string }[]>('leader', '/api/units'))).toEqual(['T-JD', 'T-JD-A', 'T-JD-B']);
    expect((await get<{ id: string }[]>('staff', '/api/plans')).map((p) => p.id)).toEqual(['TP-2026']);
    expect((await get<{ id: string }[]>('leader', '/api/plans')).map((p) => p.id)).toEqual(['TP-2026']);
    expect((await get<{ id: string }[]>('admin', '/api/plans')).map((p) => p.id)).toEqual(expect.arrayContaining(['TP-2026', 'TP2-2026']));
    // A screen: its plan, and the units that plan names (its owner and the targets' owners).
    expect((await get<{ id: string }[]>('screen', '/api/plans')).map((p) => p.id)).toEqual(['TP-2026']);
    expect(codes(await get<{ code: string }[]>('screen', '/api/units'))).toEqual(['T-JD', 'T-JD-A', 'T-JD-B']);
  });

  it("shows a screen a unit as its plan shows it: that plan's targets only", async () => {
    // TP2-ROAD moves under T-JD-A for this test: T-JD-A then owns targets in both plans.
    await tdb.db.updateTable('targets').set({ owner_unit: 'T-JD-A' }).where('code', '=', 'TP2-ROAD').execute();
    try {
      const unit = await get<{ targets: { code: string }[] }>('screen', '/api/units/T-JD-A');
      expect(codes(unit.targets)).toEqual(['TP-JOBS']);
      expect(codes((await get<{ targets: { code: string }[] }>('admin', '/api/units/T-JD-A')).targets)).toEqual(['TP-JOBS', 'TP2-ROAD']);
    } finally {
      await tdb.db.updateTable('targets').set({ owner_unit: 'T-JD2-C' }).where('code', '=', 'TP2-ROAD').execute();
    }
  });
});

describe("a screen's scope follows its configuration", () => {
  it('applies a new plan at the next request, without a stale cache', async () => {
    const status = async (url: string) => (await app.inject({ url, headers: auth.screen!.headers })).statusCode;
    const overview = (plan: string) => status(`/api/plans/${plan}/overview`);
    // Read first, so a cache (if there were one) would hold the old scope.
    expect([await overview('TP-2026'), await overview('TP2-2026'), await status('/api/targets/TP-JOBS')]).toEqual([200, 403, 200]);
    const put = (planId: string) => app.inject({ method: 'PUT', url: '/api/screens/wall-1', payload: { ...screenInput('wall-1'), planId }, headers: auth.admin!.headers });
    expect((await put('TP2-2026')).statusCode).toBe(200);
    try {
      expect([await overview('TP-2026'), await overview('TP2-2026')]).toEqual([403, 200]);
      expect([await status('/api/targets/TP-JOBS'), await status('/api/targets/TP2-ROAD/series')]).toEqual([403, 200]);
      expect([await status('/api/units/T-JD-A'), await status('/api/units/T-JD2-C')]).toEqual([403, 200]);
    } finally {
      expect((await put('TP-2026')).statusCode).toBe(200);
    }
    expect([await overview('TP-2026'), await overview('TP2-2026')]).toEqual([200, 403]);
  });

  it('refuses everything to a token whose screen does not exist', async () => {
    const headers = { authorization: `Bearer ${await issueToken(tdb.db, { role: 'screen', screenId: 'no-such-wall', name: 'orphan screen' })}` };
    for (const url of ['/api/plans/TP-2026', '/api/plans/TP-2026/overview', '/api/targets/TP-JOBS', '/api/units/T-JD-A']) {
      expect((await app.inject({ url, headers })).statusCode, url).toBe(403);
    }
    expect((await app.inject({ url: '/api/plans', headers })).json()).toEqual([]);
  });
});

describe('writes carry the authenticated reporter and are audited', () => {
  it('stamps reporter and source from the principal, whatever the body claims', async () => {
    const event = eventFor('TP-JOBS');
    const res = await app.inject({ method: 'POST', url: '/api/events', payload: event, headers: auth.staff!.headers });
    expect(res.statusCode).toBe(202);
    const [{ seq: streamSeq }] = res.json<{ accepted: { seq: number }[] }>().accepted as [{ seq: number }];
    const msg = await (await jetstreamManager(nc)).streams.getMessage(PROGRESS_STREAM, { seq: streamSeq });
    expect(msg!.json<ProgressEvent>()).toMatchObject({ id: event.id, reporter: 'staff-t-jd-a', source: 'web' });

    const token = await issueToken(tdb.db, { role: 'staff', unitCode: 'T-JD-A', name: '就业系统' });
    const viaToken = await app.inject({ method: 'POST', url: '/api/events', payload: eventFor('TP-JOBS'), headers: { authorization: `Bearer ${token}` } });
    const s2 = viaToken.json<{ accepted: { seq: number }[] }>().accepted[0]!.seq;
    expect((await (await jetstreamManager(nc)).streams.getMessage(PROGRESS_STREAM, { seq: s2 }))!.json<ProgressEvent>()).toMatchObject({ reporter: '就业系统', source: 'api-token:就业系统' });

    const audited = await tdb.db.selectFrom('audit_log').selectAll().where('action', '=', 'events.publish').where('subject', '=', event.id).executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ actor_kind: 'user', actor_name: 'staff-t-jd-a' });
    expect(audited.detail).toMatchObject({ ids: [event.id], targets: ['TP-JOBS'] });
    expect(audited.ip).toBeTruthy();

    const correction: ProgressEvent = { id: `mx-fix-${++seq}`, target: 'TP-JOBS', kind: 'correction', value: -1, corrects: event.id, reason: '重复上报', occurredAt: '2026-03-02T02:00:00Z' };
    expect((await app.inject({ method: 'POST', url: '/api/events', payload: correction, headers: auth.admin!.headers })).statusCode).toBe(202);
    const fix = await tdb.db.selectFrom('audit_log').selectAll().where('subject', '=', correction.id).executeTakeFirstOrThrow();
    expect(fix).toMatchObject({ action: 'events.publish', actor_name: 'admin' });
    expect(fix.detail).toMatchObject({ corrections: [{ id: correction.id, corrects: event.id }] });
  });

  it('names the refused event by index when a batch mixes units', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/events', payload: [eventFor('TP-JOBS'), eventFor('TP-AREA')], headers: auth.staff!.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^events\[1\]/) });
  });

  it('audits sign-in, plan creation, token issue and revoke', async () => {
    const actions = (await tdb.db.selectFrom('audit_log').select('action').distinct().execute()).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'auth.login_failed', 'plan.create', 'token.issue', 'token.revoke', 'events.publish', 'account.create', 'account.update', 'account.disable', 'account.enable', 'account.password_reset']),
    );
  });
});
