import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { County } from '../src/counties/county.entity';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { Intent } from '../src/intents/intent.entity';
import type { DonationProject } from '../src/donations/donation-project.entity';
import type { Pledge } from '../src/donations/pledge.entity';
import type { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { Fair } from '../src/fairs/fair.entity';
import { Objection } from '../src/objections/objection.entity';
import { ProductImages } from '../src/products/product-images';
import { SummaryFileStorage } from '../src/summaries/summary-file-storage';
import { SummaryFile } from '../src/summaries/summary-file.entity';
import { SummaryDueDate } from '../src/summaries/summary-due-date.entity';
import { productRow, templateWith } from './support/testing-sheets';
import { Product } from '../src/products/product.entity';
import type { Disbursement } from '../src/donations/disbursement.entity';
import { BlobStore } from '../src/storage/blob-store';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { PurchaseTarget } from '../src/targets/purchase-target.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, currentFairId } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { registeredRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The authorisation matrix: every route the app registers × every kind of visitor → the
 * status each must get. Paths are filled from fixtures so that "own" and "another's" records
 * are both tried (county X's product, buyer unit A's intent). POSTs carry a valid CSRF token
 * and a minimal body: an authorised actor may get the validation answer (422), a refused one
 * must get 403 (or 401 / 303 to log-in when anonymous) and leave the database as it was.
 *
 * The table must list exactly the routes the app serves: a new route fails the last test
 * until a row says who may use it.
 */

const ACTORS = ['anonymous', 'buyerA', 'buyerB', 'countyX', 'countyY', 'organiser'] as const;
type Actor = (typeof ACTORS)[number];

/** 'login': a GET is redirected (303) to /login?next=<the path>. */
type Expected = number | 'login';
const L = 'login';

interface Fixtures {
  countyX: County;
  unitA: BuyerUnit;
  unitC: BuyerUnit;
  pX: Product;
  pXDraft: Product;
  pXSubmit: Product;
  pXWithdraw: Product;
  pXDelete: Product;
  pXApprove: Product;
  pXReturn: Product;
  pY: Product;
  intentA: Intent;
  intentAX: Intent;
  intentAWithdraw: Intent;
  objection: Objection;
  target: PurchaseTarget;
  importId: string;
  summaryX: SummaryFile;
  summaryXDelete: SummaryFile;
  fair: Fair;
  nextFair: Fair;
  pledgeX: Pledge;
  receiptX: DonationReceipt;
  receiptXVoid: DonationReceipt;
  receiptCity: DonationReceipt;
  projectX: DonationProject;
  pledgePublic: Pledge;
  pledgeA: Pledge;
  disbursementX: Disbursement;
  donationProject: DonationProject;
  donationDraft: DonationProject;
  donationReceipt: DonationReceipt;
  jX: DonationProject;
  jXDraft: DonationProject;
  jXSubmit: DonationProject;
  jXWithdraw: DonationProject;
  jXApprove: DonationProject;
  jXReturn: DonationProject;
}

interface Row {
  /** As the router registers it: METHOD and path pattern. */
  route: string;
  /** The path requested, `{fixture.field}` filled from the fixtures (default: the pattern itself). */
  path?: string;
  /** A POST's form fields (urlencoded), or 'multipart' for the upload forms (an empty one). */
  body?: Record<string, string> | ((f: Fixtures) => Record<string, string>) | 'multipart';
  /** anonymous, buyer A, buyer B, county X, county Y, organiser */
  expect: [Expected, Expected, Expected, Expected, Expected, Expected];
}

const ALL_200: Row['expect'] = [200, 200, 200, 200, 200, 200];
const BUYERS_ONLY: Row['expect'] = [L, 200, 200, 403, 403, 403];
const COUNTIES_ONLY: Row['expect'] = [L, 403, 403, 200, 200, 403];
const ORGANISER_ONLY: Row['expect'] = [L, 403, 403, 403, 403, 200];
/** A POST only the organiser may make, with `status` as the organiser's answer. */
const organiserPost = (status: number): Row['expect'] => [401, 403, 403, 403, 403, status];
/** A POST on county X's record: county Y is refused like everyone else. */
const countyXPost = (status: number): Row['expect'] => [401, 403, 403, status, 403, 403];

// prettier-ignore
const TABLE: Row[] = [
  // Public pages and the read-only API.
  { route: 'GET /', expect: ALL_200 },
  { route: 'GET /products', expect: ALL_200 },
  { route: 'GET /products/:id', path: '/products/{pX.id}', expect: ALL_200 },
  { route: 'GET /products/:id', path: '/products/{pXDraft.id}', expect: [404, 404, 404, 200, 404, 200] },
  { route: 'GET /gongshi', expect: ALL_200 },
  { route: 'GET /gongshi/archive', expect: ALL_200 },
  // 认领认捐, public side: public projects and received donations for everyone; a draft project is 404 for all.
  { route: 'GET /projects', expect: ALL_200 },
  { route: 'GET /projects/county/:code', path: '/projects/county/{countyX.code}', expect: ALL_200 },
  { route: 'GET /projects/county/:code', path: '/projects/county/999999', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /projects/:id', path: '/projects/{donationProject.id}', expect: ALL_200 },
  { route: 'GET /projects/:id', path: '/projects/{donationDraft.id}', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /gongshi/donations', expect: ALL_200 },
  { route: 'GET /api/projects', expect: ALL_200 },
  { route: 'GET /api/donations', expect: ALL_200 },
  { route: 'GET /api/donations', path: '/api/donations?project={donationDraft.id}', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /images/:key', path: '/images/{pX.imageKey}', expect: ALL_200 },
  { route: 'GET /images/thumbs/:key', path: '/images/thumbs/{pX.imageKey}', expect: ALL_200 },
  { route: 'GET /favicon.ico', expect: ALL_200 },
  { route: 'GET /apple-touch-icon.png', expect: ALL_200 },
  { route: 'GET /api/counties', expect: ALL_200 },
  { route: 'GET /api/fairs', expect: ALL_200 },
  { route: 'GET /api/products', expect: ALL_200 },
  { route: 'GET /api/products/:id', path: '/api/products/{pX.id}', expect: ALL_200 },
  { route: 'GET /api/products/:id', path: '/api/products/{pXDraft.id}', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /api/docs', expect: ALL_200 },
  { route: 'GET /api/docs/', expect: ALL_200 },
  { route: 'GET /api/docs/index.html', expect: ALL_200 },
  // Registered by @nestjs/swagger, which finds no LICENSE file in swagger-ui-dist: 404 for everyone.
  { route: 'GET /api/docs/LICENSE', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /api/docs/swagger-ui-init.js', expect: ALL_200 },
  { route: 'GET /api/docs/docs/swagger-ui-init.js', expect: ALL_200 },
  { route: 'GET /api/docs-json', expect: ALL_200 },
  { route: 'GET /api/docs-yaml', expect: ALL_200 },
  // Health checks for the load balancer: open, JSON, no session.
  { route: 'GET /health', expect: ALL_200 },
  { route: 'GET /health/ready', expect: ALL_200 },
  { route: 'GET /health/live', expect: ALL_200 },

  // Log-in and registration: open to everyone; an empty form is refused with its messages.
  { route: 'GET /login', expect: ALL_200 },
  { route: 'POST /login', body: {}, expect: [422, 422, 422, 422, 422, 422] },
  { route: 'GET /register', expect: ALL_200 },
  { route: 'POST /register', body: {}, expect: [422, 422, 422, 422, 422, 422] },

  // 异议: anyone may raise one; only the organiser handles them.
  { route: 'GET /objections/new', path: '/objections/new?product={pX.id}', expect: ALL_200 },
  { route: 'GET /objections/new', path: '/objections/new?product={pXDraft.id}', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /objections/new', path: '/objections/new?project={donationProject.id}', expect: ALL_200 },
  { route: 'GET /objections/new', path: '/objections/new?project={donationDraft.id}', expect: [404, 404, 404, 404, 404, 404] },
  { route: 'GET /objections/new', path: '/objections/new?donation={donationReceipt.id}', expect: ALL_200 },
  { route: 'POST /objections/new', body: {}, expect: [422, 422, 422, 422, 422, 422] },
  { route: 'GET /objections/:id/thanks', path: '/objections/{objection.id}/thanks', expect: ALL_200 },
  { route: 'GET /admin/objections', expect: ORGANISER_ONLY },
  { route: 'GET /admin/objections/:id', path: '/admin/objections/{objection.id}', expect: ORGANISER_ONLY },
  { route: 'POST /admin/objections/:id/answer', path: '/admin/objections/{objection.id}/answer', body: {}, expect: organiserPost(422) },
  { route: 'POST /admin/objections/:id/close', path: '/admin/objections/{objection.id}/close', body: {}, expect: organiserPost(422) },

  // 认捐: anyone may pledge (a unit as itself), staff accounts do not; the pledge link is its own key; a unit's pledges are its own.
  { route: 'GET /projects/:id/pledge', path: '/projects/{projectX.id}/pledge', expect: [200, 200, 200, 403, 403, 403] },
  { route: 'POST /projects/:id/pledge', path: '/projects/{projectX.id}/pledge', body: {}, expect: [422, 422, 422, 403, 403, 403] },
  { route: 'GET /donate', expect: [200, 200, 200, 403, 403, 403] },
  { route: 'POST /donate', body: {}, expect: [422, 422, 422, 403, 403, 403] },
  { route: 'GET /pledges/:token', path: '/pledges/{pledgePublic.accessToken}', expect: ALL_200 },
  // Not confirmed: everyone holding the link sees the confirmation page, nothing is written.
  { route: 'POST /pledges/:token/cancel', path: '/pledges/{pledgePublic.accessToken}/cancel', body: {}, expect: ALL_200 },
  { route: 'GET /my/pledges', expect: BUYERS_ONLY },
  { route: 'GET /my/pledges/:id', path: '/my/pledges/{pledgeA.id}', expect: [L, 200, 404, 403, 403, 403] },
  { route: 'POST /my/pledges/:id/cancel', path: '/my/pledges/{pledgeA.id}/cancel', body: { confirmed: '1' }, expect: [401, 303, 404, 403, 403, 403] },
  { route: 'GET /admin/donations/accounts', expect: ORGANISER_ONLY },
  { route: 'GET /admin/donations/accounts/:office/edit', path: '/admin/donations/accounts/{countyX.code}/edit', expect: ORGANISER_ONLY },
  { route: 'POST /admin/donations/accounts/:office', path: '/admin/donations/accounts/city', body: {}, expect: organiserPost(422) },

  // 意向清单: visitors and buyer units; county operators and the organiser do not buy.
  { route: 'GET /intent-list', expect: [200, 200, 200, 403, 403, 403] },
  { route: 'POST /intent-list/items', body: (f) => ({ productId: String(f.pY.id) }), expect: [303, 303, 303, 403, 403, 403] },
  { route: 'POST /intent-list/update', body: {}, expect: [303, 303, 303, 403, 403, 403] },
  { route: 'POST /intent-list/items/:id/remove', path: '/intent-list/items/{pY.id}/remove', body: {}, expect: [303, 303, 303, 403, 403, 403] },
  { route: 'GET /intent-list/submit', expect: [L, 200, 200, 403, 403, 403] },
  // A complete form, so that the refusal is about who sends it; the buyers' lists are empty by now (409).
  {
    route: 'POST /intent-list/submit',
    body: () => ({ idempotencyKey: randomUUID(), contactName: '王老师', contactPhone: '13800000101' }),
    expect: [401, 409, 409, 403, 403, 403],
  },

  // A buyer unit's own intents: unit B is refused unit A's.
  { route: 'GET /my/intents', expect: BUYERS_ONLY },
  { route: 'GET /my/intents/:id', path: '/my/intents/{intentA.id}', expect: [L, 200, 403, 403, 403, 403] },
  { route: 'GET /my/intents/:id/receipt', path: '/my/intents/{intentA.id}/receipt', expect: [L, 200, 403, 403, 403, 403] },
  { route: 'GET /my/intents/:id/letter', path: '/my/intents/{intentA.id}/letter', expect: [L, 200, 403, 403, 403, 403] },
  { route: 'POST /my/intents/:id', path: '/my/intents/{intentA.id}', body: {}, expect: [401, 303, 403, 403, 403, 403] },
  { route: 'POST /my/intents/:id/add-from-list', path: '/my/intents/{intentA.id}/add-from-list', body: {}, expect: [401, 409, 403, 403, 403, 403] },
  { route: 'POST /my/intents/:id/withdraw', path: '/my/intents/{intentAWithdraw.id}/withdraw', body: { confirmed: '1' }, expect: [401, 303, 403, 403, 403, 403] },
  { route: 'GET /my/letter.xlsx', expect: BUYERS_ONLY },

  // A county operator's own products: county Y is refused county X's.
  { route: 'GET /county', expect: COUNTIES_ONLY },
  { route: 'GET /county/products/new', expect: COUNTIES_ONLY },
  { route: 'POST /county/products', body: 'multipart', expect: [401, 403, 403, 422, 422, 403] },
  { route: 'GET /county/products/:id', path: '/county/products/{pX.id}', expect: [L, 403, 403, 200, 403, 403] },
  { route: 'GET /county/products/:id/edit', path: '/county/products/{pX.id}/edit', expect: [L, 403, 403, 200, 403, 403] },
  { route: 'POST /county/products/:id', path: '/county/products/{pX.id}', body: 'multipart', expect: countyXPost(422) },
  { route: 'POST /county/products/:id/submit', path: '/county/products/{pXSubmit.id}/submit', body: {}, expect: countyXPost(303) },
  { route: 'POST /county/products/:id/withdraw', path: '/county/products/{pXWithdraw.id}/withdraw', body: { confirmed: '1' }, expect: countyXPost(303) },
  { route: 'POST /county/products/:id/delete', path: '/county/products/{pXDelete.id}/delete', body: { confirmed: '1' }, expect: countyXPost(303) },
  { route: 'GET /county/import', expect: COUNTIES_ONLY },
  { route: 'GET /county/import/template.xlsx', expect: COUNTIES_ONLY },
  { route: 'POST /county/import', body: 'multipart', expect: [401, 403, 403, 422, 422, 403] },
  // County X has an upload waiting; county Y's session has none to confirm (422, nothing written).
  { route: 'POST /county/import/confirm', body: (f) => ({ importId: f.importId }), expect: [401, 403, 403, 303, 422, 403] },
  // 参展产品: county Y may not list county X's product (403); with no earlier fair there is nothing to carry over.
  { route: 'GET /county/listing', expect: COUNTIES_ONLY },
  { route: 'POST /county/listing', body: (f) => ({ productIds: String(f.pX.id) }), expect: countyXPost(303) },
  { route: 'POST /county/listing/carry-over', body: {}, expect: [401, 403, 403, 303, 303, 403] },
  { route: 'GET /county/demand', expect: COUNTIES_ONLY },
  { route: 'GET /county/demand/export.xlsx', expect: COUNTIES_ONLY },
  { route: 'GET /county/signing', expect: COUNTIES_ONLY },
  // intentAX has lines on county X's products only.
  { route: 'POST /county/signing/:id', path: '/county/signing/{intentAX.id}', body: {}, expect: countyXPost(303) },

  // 认领认捐 projects: a county office's own; county Y is refused county X's.
  { route: 'GET /county/projects', expect: COUNTIES_ONLY },
  { route: 'GET /county/projects/new', expect: COUNTIES_ONLY },
  { route: 'POST /county/projects', body: 'multipart', expect: [401, 403, 403, 422, 422, 403] },
  { route: 'GET /county/projects/:id', path: '/county/projects/{jXDraft.id}', expect: [L, 403, 403, 200, 403, 403] },
  { route: 'GET /county/projects/:id/edit', path: '/county/projects/{jXDraft.id}/edit', expect: [L, 403, 403, 200, 403, 403] },
  { route: 'POST /county/projects/:id', path: '/county/projects/{jXDraft.id}', body: 'multipart', expect: countyXPost(422) },
  { route: 'POST /county/projects/:id/submit', path: '/county/projects/{jXSubmit.id}/submit', body: {}, expect: countyXPost(303) },
  { route: 'POST /county/projects/:id/withdraw', path: '/county/projects/{jXWithdraw.id}/withdraw', body: {}, expect: countyXPost(303) },
  { route: 'GET /admin/projects', expect: ORGANISER_ONLY },
  { route: 'GET /admin/projects/:id', path: '/admin/projects/{jXDraft.id}', expect: ORGANISER_ONLY },
  { route: 'POST /admin/projects/:id/approve', path: '/admin/projects/{jXApprove.id}/approve', body: {}, expect: organiserPost(303) },
  { route: 'POST /admin/projects/:id/return', path: '/admin/projects/{jXReturn.id}/return', body: {}, expect: organiserPost(422) },
  { route: 'POST /admin/projects/:id/status', path: '/admin/projects/{jX.id}/status', body: {}, expect: organiserPost(422) },

  // The organiser.
  { route: 'GET /admin', expect: ORGANISER_ONLY },
  // The old settings page: the current fair's edit page now.
  { route: 'GET /admin/settings', expect: [L, 403, 403, 403, 403, 303] },
  { route: 'GET /admin/fairs', expect: ORGANISER_ONLY },
  { route: 'GET /admin/fairs/new', expect: ORGANISER_ONLY },
  { route: 'POST /admin/fairs', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/fairs/:id/edit', path: '/admin/fairs/{fair.id}/edit', expect: ORGANISER_ONLY },
  { route: 'POST /admin/fairs/:id', path: '/admin/fairs/{fair.id}', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/fairs/:id/status', path: '/admin/fairs/{fair.id}/status', expect: ORGANISER_ONLY },
  { route: 'POST /admin/fairs/:id/status', path: '/admin/fairs/{fair.id}/status', body: {}, expect: organiserPost(422) },
  // The current fair is current already (409); another fair becomes current (303) and the first back again.
  { route: 'POST /admin/fairs/:id/make-current', path: '/admin/fairs/{fair.id}/make-current', body: {}, expect: organiserPost(409) },
  { route: 'POST /admin/fairs/:id/make-current', path: '/admin/fairs/{nextFair.id}/make-current', body: {}, expect: organiserPost(303) },
  { route: 'POST /admin/fairs/:id/make-current', path: '/admin/fairs/{fair.id}/make-current', body: {}, expect: organiserPost(303) },
  { route: 'GET /admin/audit', expect: ORGANISER_ONLY },
  { route: 'GET /admin/counties', expect: ORGANISER_ONLY },
  { route: 'POST /admin/counties/:id', path: '/admin/counties/{countyX.id}', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/buyers', expect: ORGANISER_ONLY },
  { route: 'POST /admin/buyers/:id/disable', path: '/admin/buyers/{unitC.id}/disable', body: {}, expect: organiserPost(303) },
  { route: 'POST /admin/buyers/:id/enable', path: '/admin/buyers/{unitC.id}/enable', body: {}, expect: organiserPost(303) },
  { route: 'GET /admin/products', expect: ORGANISER_ONLY },
  { route: 'GET /admin/products/:id', path: '/admin/products/{pXDraft.id}', expect: ORGANISER_ONLY },
  { route: 'POST /admin/products/:id/approve', path: '/admin/products/{pXApprove.id}/approve', body: {}, expect: organiserPost(303) },
  { route: 'POST /admin/products/bulk', body: {}, expect: organiserPost(422) },
  { route: 'POST /admin/products/:id/return', path: '/admin/products/{pXReturn.id}/return', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/intents', expect: ORGANISER_ONLY },
  { route: 'GET /admin/intents/:id', path: '/admin/intents/{intentA.id}', expect: ORGANISER_ONLY },
  { route: 'GET /admin/intents/:id/letter', path: '/admin/intents/{intentA.id}/letter', expect: ORGANISER_ONLY },
  { route: 'POST /admin/intents/:id/quantities', path: '/admin/intents/{intentA.id}/quantities', body: {}, expect: organiserPost(303) },
  { route: 'POST /admin/intents/:id/status', path: '/admin/intents/{intentA.id}/status', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/exports', expect: ORGANISER_ONLY },
  { route: 'GET /admin/exports/fair-workbook.xlsx', expect: ORGANISER_ONLY },
  { route: 'GET /admin/exports/letters.xlsx', expect: ORGANISER_ONLY },
  { route: 'GET /admin/exports/letters/:buyerUnitId.xlsx', path: '/admin/exports/letters/{unitA.id}.xlsx', expect: ORGANISER_ONLY },
  { route: 'GET /admin/donations', expect: ORGANISER_ONLY },
  { route: 'GET /admin/donations/export', expect: ORGANISER_ONLY },
  { route: 'GET /admin/targets', expect: ORGANISER_ONLY },
  { route: 'GET /admin/targets/new', expect: ORGANISER_ONLY },
  { route: 'POST /admin/targets', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/targets/:id/edit', path: '/admin/targets/{target.id}/edit', expect: ORGANISER_ONLY },
  { route: 'POST /admin/targets/:id', path: '/admin/targets/{target.id}', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/targets/import', expect: ORGANISER_ONLY },
  { route: 'GET /admin/targets/import/template.xlsx', expect: ORGANISER_ONLY },
  { route: 'POST /admin/targets/import', body: 'multipart', expect: organiserPost(422) },
  { route: 'POST /admin/targets/import/confirm', body: {}, expect: organiserPost(422) },
  { route: 'POST /admin/targets/:id/delete', path: '/admin/targets/{target.id}/delete', body: {}, expect: organiserPost(303) },

  // 总结材料: a county's own files; county Y gets "not found" for county X's. Uploads need files (422 without).
  { route: 'GET /county/summary', expect: COUNTIES_ONLY },
  { route: 'POST /county/summary/files', body: 'multipart', expect: [401, 403, 403, 422, 422, 403] },
  { route: 'POST /county/summary/files/:id/replace', path: '/county/summary/files/{summaryX.id}/replace', body: 'multipart', expect: [401, 403, 403, 422, 404, 403] },
  { route: 'POST /county/summary/files/:id/delete', path: '/county/summary/files/{summaryXDelete.id}/delete', body: { confirmed: '1' }, expect: [401, 403, 403, 303, 404, 403] },
  { route: 'GET /county/summary/files/:id', path: '/county/summary/files/{summaryX.id}', expect: [L, 403, 403, 200, 404, 403] },
  { route: 'GET /county/summary/figures', expect: COUNTIES_ONLY },
  { route: 'GET /county/summary/figures/export.xlsx', expect: COUNTIES_ONLY },
  { route: 'GET /admin/summaries', expect: ORGANISER_ONLY },
  { route: 'POST /admin/summaries/due-date', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/summaries/files/:id', path: '/admin/summaries/files/{summaryX.id}', expect: ORGANISER_ONLY },
  { route: 'GET /admin/summaries/summaries.zip', expect: ORGANISER_ONLY },

  // 捐赠到账与票据: a county's office (county Y gets "not found" for county X's pledge and receipts) and the city office.
  { route: 'GET /county/donations', expect: COUNTIES_ONLY },
  { route: 'GET /county/donations/receipts/new', expect: COUNTIES_ONLY },
  { route: 'GET /county/donations/receipts/new', path: '/county/donations/receipts/new?pledge={pledgeX.id}', expect: [L, 403, 403, 200, 404, 403] },
  { route: 'POST /county/donations/receipts', body: {}, expect: [401, 403, 403, 422, 422, 403] },
  { route: 'POST /county/donations/receipts', body: (f) => ({ pledgeId: String(f.pledgeX.id), amount: '10', receivedOn: '2999-01-01' }), expect: [401, 403, 403, 422, 404, 403] },
  { route: 'GET /county/donations/receipts/:id', path: '/county/donations/receipts/{receiptX.id}', expect: [L, 403, 403, 200, 404, 403] },
  { route: 'GET /county/donations/receipts/:id/print', path: '/county/donations/receipts/{receiptX.id}/print', expect: [L, 403, 403, 200, 404, 403] },
  { route: 'POST /county/donations/receipts/:id/void', path: '/county/donations/receipts/{receiptX.id}/void', body: {}, expect: [401, 403, 403, 422, 404, 403] },
  { route: 'POST /county/donations/receipts/:id/void', path: '/county/donations/receipts/{receiptXVoid.id}/void', body: { reason: '登记错误', confirmed: '1' }, expect: [401, 403, 403, 303, 404, 403] },
  { route: 'GET /admin/donations/receipts', expect: ORGANISER_ONLY },
  { route: 'GET /admin/donations/receipts/new', expect: ORGANISER_ONLY },
  { route: 'POST /admin/donations/receipts', body: {}, expect: organiserPost(422) },
  { route: 'GET /admin/donations/receipts/:id', path: '/admin/donations/receipts/{receiptCity.id}', expect: ORGANISER_ONLY },
  // A county's receipt is not the city office's.
  { route: 'GET /admin/donations/receipts/:id', path: '/admin/donations/receipts/{receiptX.id}', expect: [L, 403, 403, 403, 403, 404] },
  { route: 'GET /admin/donations/receipts/:id/print', path: '/admin/donations/receipts/{receiptCity.id}/print', expect: ORGANISER_ONLY },
  { route: 'POST /admin/donations/receipts/:id/void', path: '/admin/donations/receipts/{receiptCity.id}/void', body: {}, expect: organiserPost(422) },
  // 资金使用: county X's project; county Y gets "not found"; the organiser reads (not records) any county's.
  { route: 'GET /county/projects/:id/disbursements', path: '/county/projects/{projectX.id}/disbursements', expect: [L, 403, 403, 200, 404, 200] },
  { route: 'POST /county/projects/:id/disbursements', path: '/county/projects/{projectX.id}/disbursements', body: 'multipart', expect: [401, 403, 403, 422, 404, 403] },
  { route: 'GET /county/projects/:id/disbursements/:disbursementId/attachment', path: '/county/projects/{projectX.id}/disbursements/{disbursementX.id}/attachment', expect: [L, 403, 403, 200, 404, 200] },

  // Last: it ends every actor's session.
  { route: 'POST /logout', body: {}, expect: [303, 303, 303, 303, 303, 303] },
];

/** Statuses that refuse the actor: these requests must change nothing. */
const isRefusal = (e: Expected) => e === L || e === 401 || e === 403 || e === 404;

describe('authorisation matrix: every route × every kind of visitor', () => {
  let t: TestApp;
  let f: Fixtures;
  const agents = {} as Record<Actor, Agent>;
  /** Text that only its owners may see: it must never appear in a refusal. */
  let secrets: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    const countyX = await makeCounty(db, { code: '341321', name: '砀山县' });
    const countyY = await makeCounty(db, { code: '341322', name: '萧县' });
    const imageKey = await t.app.get(ProductImages).store(PNG);
    const draft = { status: 'draft' as const, publishedAt: null };
    const submitted = { status: 'submitted' as const, publishedAt: null };
    const pX = await makeProduct(db, countyX, { name: '砀山酥梨', imageKey });
    const pY = await makeProduct(db, countyY, { name: '萧县葡萄' });
    const pXDraft = await makeProduct(db, countyX, { name: '未发布的砀山草稿产品', ...draft });
    await makeProduct(db, countyY, { name: '萧县草稿产品', ...draft });
    const unitA = await makeBuyerUnit(db, { name: '甲中学' });
    const unitB = await makeBuyerUnit(db, { name: '乙医院', type: '医院' });
    const unitC = await makeBuyerUnit(db, { name: '丙超市', type: '商超' });
    const intentA = await makeIntent(db, unitA, [
      { product: pX, quantity: 10 },
      { product: pY, quantity: 10 },
    ]);
    const intentB = await makeIntent(db, unitB, [
      { product: pX, quantity: 20 },
      { product: pY, quantity: 20 },
    ]);
    const objection = await db.getRepository(Objection).save(
      db.getRepository(Objection).create({
        fairId: await currentFairId(db),
        subjectType: 'figure',
        subject: '意向金额合计',
        text: '只给组织方看的异议内容',
        contact: '13900000000',
      }),
    );
    const projectX = await makeProject(db, countyX, { title: '良梨镇酥梨冷库建设' });
    // Summaries are due after the fair; this one's due date is still ahead, so county X may delete its file.
    await db.getRepository(SummaryDueDate).save({ fairId: await currentFairId(db), dueDate: '2099-12-31' });
    const donationProject = await makeProject(db, countyX, { title: '砀山县公开的认捐项目' });
    f = {
      donationProject,
      donationDraft: await makeProject(db, countyX, { title: '砀山县草稿认捐项目', status: 'draft', publishedAt: null }),
      donationReceipt: await makeReceipt(db, donationProject, countyX, { donorName: '匿名的矩阵捐赠人', anonymous: true }),
      countyX,
      unitA,
      unitC,
      pX,
      pXDraft,
      pXSubmit: await makeProduct(db, countyX, draft),
      pXWithdraw: await makeProduct(db, countyX),
      pXDelete: await makeProduct(db, countyX, draft),
      pXApprove: await makeProduct(db, countyX, submitted),
      pXReturn: await makeProduct(db, countyX, submitted),
      pY,
      intentA,
      intentAX: await makeIntent(db, unitA, [{ product: pX, quantity: 5 }]),
      intentAWithdraw: await makeIntent(db, unitA, [{ product: pY, quantity: 5 }]),
      objection,
      target: await db.getRepository(PurchaseTarget).save(
        db.getRepository(PurchaseTarget).create({
          fairId: await currentFairId(db),
          creditCode: unitA.creditCode,
          unitName: unitA.name,
          unitType: unitA.type,
          targetFen: 123_456,
          buyerUnitId: unitA.id,
        }),
      ),
      importId: '',
      summaryX: await makeSummaryFile(t, countyX.id, '砀山县总结.pdf'),
      summaryXDelete: await makeSummaryFile(t, countyX.id, '砀山县照片.pdf'),
      fair: await db.getRepository(Fair).findOneByOrFail({ current: true }),
      nextFair: await db
        .getRepository(Fair)
        .save(db.getRepository(Fair).create({ name: '宿州市2021年扶贫日消费扶贫展销会', date: '2021-10-17', current: null })),
      projectX,
      pledgePublic: await makePledge(db, projectX, { accessToken: 'P'.repeat(32) }),
      pledgeA: await makePledge(db, null, { donorKind: 'unit', buyerUnitId: unitA.id, donorName: unitA.name, accessToken: null }),
      ...(await makeDisbursementWithVoucher(t, countyX, projectX)),
      jX: await makeProject(db, countyX),
      jXDraft: await makeProject(db, countyX, { title: '砀山县未发布的认捐项目', status: 'draft', publishedAt: null }),
      jXSubmit: await makeProject(db, countyX, { status: 'draft', publishedAt: null }),
      jXWithdraw: await makeProject(db, countyX, { status: 'pending', publishedAt: null }),
      jXApprove: await makeProject(db, countyX, { status: 'pending', publishedAt: null }),
      jXReturn: await makeProject(db, countyX, { status: 'pending', publishedAt: null }),
    };
    f.pledgeX = await makePledge(db, projectX, { donorName: '砀山矩阵认捐人' });
    f.receiptX = await makeReceipt(db, projectX, countyX, { donorName: '砀山矩阵捐赠人' });
    f.receiptXVoid = await makeReceipt(db, projectX, countyX);
    f.receiptCity = await makeReceipt(db, null, null, { donorName: '市级矩阵捐赠人' });
    secrets = [
      intentA.referenceNo,
      intentB.referenceNo,
      pXDraft.name,
      objection.text,
      unitA.creditCode,
      '砀山矩阵认捐人',
      '砀山矩阵捐赠人',
      '市级矩阵捐赠人',
      '砀山县草稿认捐项目',
      '匿名的矩阵捐赠人',
      f.jXDraft.title,
    ];

    agents.anonymous = request.agent(t.http);
    agents.buyerA = await signedIn(t.http, (await makeUser(db, 'buyer', { buyerUnitId: unitA.id })).username);
    agents.buyerB = await signedIn(t.http, (await makeUser(db, 'buyer', { buyerUnitId: unitB.id })).username);
    agents.countyX = await signedIn(t.http, (await makeUser(db, 'county', { countyId: countyX.id })).username);
    agents.countyY = await signedIn(t.http, (await makeUser(db, 'county', { countyId: countyY.id })).username);
    agents.organiser = await signedIn(t.http, (await makeUser(db, 'organiser')).username);

    // County X has an Excel import waiting for its confirmation.
    const token = csrfFrom((await agents.countyX.get('/county/import')).text);
    const preview = await agents.countyX
      .post(`/county/import?_csrf=${encodeURIComponent(token)}`)
      .attach('file', await templateWith([productRow(1, { code: 'IMP-001' })]), '产品.xlsx');
    f.importId = /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)?.[1] ?? '';
    if (!f.importId) throw new Error(`the import preview failed: ${preview.status}`);
  });
  afterAll(() => t?.close());

  /** Each signed-in actor's CSRF token (bound to the session, which lasts until POST /logout). */
  const tokens = {} as Record<Actor, string>;
  beforeAll(async () => {
    for (const actor of ACTORS) tokens[actor] = csrfFrom((await agents[actor].get('/login')).text);
  });

  /** Sends the row's request as `actor`; a POST carries the actor's CSRF token. */
  async function send(row: Row, actor: Actor, path: string) {
    const agent = agents[actor];
    const [method] = row.route.split(' ');
    if (method === 'GET') return agent.get(path);
    // The token is bound to the session: a visitor's may have started since, so theirs is fetched anew.
    const token = actor === 'anonymous' ? csrfFrom((await agent.get('/login')).text) : tokens[actor];
    if (row.body === 'multipart') {
      const sep = path.includes('?') ? '&' : '?';
      return agent.post(`${path}${sep}_csrf=${encodeURIComponent(token)}`).field('note', '');
    }
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: token, ...(typeof row.body === 'function' ? row.body(f) : row.body) });
  }

  function check(row: Row, actor: Actor, path: string, expected: Expected, res: request.Response): string[] {
    const problems: string[] = [];
    const want = expected === L ? 303 : expected;
    if (res.status !== want) problems.push(`${actor}: expected ${expected}, got ${res.status}`);
    if (expected === L && res.headers.location !== `/login?next=${encodeURIComponent(path)}`) {
      problems.push(`${actor}: redirected to ${res.headers.location}, not to log-in`);
    }
    if (expected === 303 && res.headers.location?.startsWith('/login')) problems.push(`${actor}: sent to log-in`);
    if (isRefusal(expected) && typeof res.text === 'string') {
      for (const s of secrets) if (res.text.includes(s)) problems.push(`${actor}: the refusal shows “${s}”`);
      if (res.status >= 400 && !/[\u3400-\u9fff]/.test(res.text)) problems.push(`${actor}: the refusal has no Chinese message`);
    }
    return problems;
  }

  /** '/my/intents/{intentA.id}' → '/my/intents/12' */
  const fill = (pattern: string) =>
    pattern.replace(/\{(\w+)\.(\w+)\}/g, (_m, name: string, field: string) => {
      const value = (f[name as keyof Fixtures] as unknown as Record<string, unknown>)?.[field];
      if (value === undefined || value === null) throw new Error(`no fixture value for {${name}.${field}}`);
      return String(value);
    });

  it.each(TABLE.map((row) => [row.path ? `${row.route}  ${row.path}` : row.route, row] as const))('%s', async (_name, row) => {
    const path = fill(row.path ?? row.route.split(' ')[1]);
    const problems: string[] = [];
    // The refused actors first, as one batch that must leave the database as it was.
    const refused = ACTORS.filter((_, i) => isRefusal(row.expect[i]));
    const before = await dbSnapshot(t.db, t.config.dataDir);
    for (const actor of refused) {
      problems.push(...check(row, actor, path, row.expect[ACTORS.indexOf(actor)], await send(row, actor, path)));
    }
    const changed = snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir));
    if (changed.length) problems.push(`refused requests (${refused.join(', ')}) changed: ${changed.join('; ')}`);
    // Then the actors who may use the route; a refusal among them (422, 409) changes nothing either.
    for (const actor of ACTORS.filter((a) => !refused.includes(a))) {
      const expected = row.expect[ACTORS.indexOf(actor)];
      const own = typeof expected === 'number' && expected >= 400 ? await dbSnapshot(t.db, t.config.dataDir) : null;
      problems.push(...check(row, actor, path, expected, await send(row, actor, path)));
      if (own) {
        const diff = snapshotDiff(own, await dbSnapshot(t.db, t.config.dataDir));
        if (diff.length) problems.push(`${actor}'s refused request changed: ${diff.join('; ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists every route the app registers, and no other', () => {
    const registered = registeredRoutes(t.app);
    console.info(`${registered.length} routes registered:\n${registered.join('\n')}`);
    const listed = [...new Set(TABLE.map((r) => r.route))].sort();
    expect({
      missingFromTable: registered.filter((r) => !listed.includes(r)),
      notRegistered: listed.filter((r) => !registered.includes(r)),
    }).toEqual({
      missingFromTable: [],
      notRegistered: [],
    });
  });
});

/** County X's summary file, stored through the app's storage, for the current fair. */
async function makeSummaryFile(t: TestApp, countyId: number, fileName: string): Promise<SummaryFile> {
  const bytes = Buffer.from('%PDF-1.4\n%%EOF\n');
  const storageKey = `${randomUUID().replace(/-/g, '')}.pdf`;
  await t.app.get(SummaryFileStorage).put(storageKey, bytes);
  const repo = t.db.getRepository(SummaryFile);
  return repo.save(
    repo.create({
      fairId: await currentFairId(t.db),
      countyId,
      kind: 'document',
      fileName,
      fileType: 'pdf',
      size: bytes.length,
      storageKey,
    }),
  );
}

/** Money received on county X's project and one disbursement whose voucher is stored through the app's storage. */
async function makeDisbursementWithVoucher(t: TestApp, countyX: County, projectX: DonationProject) {
  await makeReceipt(t.db, projectX, countyX, { amountFen: 100_000 });
  const attachmentKey = `${randomUUID().replace(/-/g, '')}.pdf`;
  await t.app.get(BlobStore).put('vouchers', attachmentKey, Buffer.from('%PDF-1.4\n%%EOF\n'));
  const disbursementX = await makeDisbursement(t.db, projectX, { attachmentKey, attachmentName: '回单.pdf', attachmentType: 'pdf' });
  return { disbursementX };
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
