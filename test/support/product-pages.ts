import type { Response } from 'supertest';
import type { County } from '../../src/counties/county.entity';
import type { Product } from '../../src/products/product.entity';
import { makeCounty, makeUser } from './factories';
import { templateWith, type SheetRow } from './testing-sheets';
import { csrfFrom, signedIn, type Agent } from './http';
import type { TestApp } from './test-app';
import { XLSX_TYPE } from './uploads';

/**
 * What a county clerk does with the product pages in a browser: open the edit form, change
 * some fields and save everything else exactly as the form shows it; upload a sheet and
 * confirm its preview.
 */

/** Handlebars' escaping undone, to read a value back as the browser would submit it. */
function unescape(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The values a browser would submit from the product form on this page (text inputs, selects, the textarea). */
export function productFormFields(html: string): Record<string, string> {
  const form = /<form[^>]*enctype="multipart\/form-data"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('no product form on the page');
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input[^>]*\bname="([^"]+)"[^>]*\btype="text"[^>]*\bvalue="([^"]*)"/g)) {
    fields[name] = unescape(value);
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[name] = unescape(/<option value="([^"]*)" selected>/.exec(options)?.[1] ?? '');
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[name] = unescape(text);
  }
  return fields;
}

/** Opens the product's edit form, changes `changes` and saves the rest as shown. */
export async function editProduct(agent: Agent, id: number, changes: Record<string, string>): Promise<Response> {
  const page = await agent.get(`/county/products/${id}/edit`).expect(200);
  const token = /action="[^"?]*\?_csrf=([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('no CSRF token in the form action');
  let req = agent.post(`/county/products/${id}?_csrf=${encodeURIComponent(unescape(token))}`);
  for (const [k, v] of Object.entries({ ...productFormFields(page.text), ...changes })) req = req.field(k, v);
  return req;
}

/** A sheet row saying what the product says (its approved values), with some changed. */
export function rowOf(p: Product, overrides: SheetRow = {}): SheetRow {
  return {
    code: p.code,
    name: p.name,
    category: p.category,
    spec: p.spec,
    unit: p.unit,
    price: p.priceFen / 100,
    capacity: p.capacity,
    minOrder: p.minOrder,
    supplierName: p.supplierName,
    supplierCreditCode: p.supplierCreditCode,
    certificateNo: p.certificateNo,
    origin: p.origin,
    povertyHouseholds: p.povertyHouseholds,
    description: p.description || null,
    ...overrides,
  };
}

/** Uploads the rows as a filled-in template (multipart, token in the query string) and returns the preview. */
export async function previewImport(agent: Agent, rows: SheetRow[]): Promise<{ preview: Response; confirm(): Promise<Response> }> {
  const token = csrfFrom((await agent.get('/county/import')).text);
  const preview = await agent
    .post(`/county/import?_csrf=${encodeURIComponent(token)}`)
    .attach('file', await templateWith(rows), { filename: '产品导入.xlsx', contentType: XLSX_TYPE });
  const importId = /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)?.[1];
  if (!importId) throw new Error(`the preview offers no confirmation: ${preview.status} ${preview.text.slice(0, 300)}`);
  return {
    preview,
    confirm: async () =>
      agent
        .post('/county/import/confirm')
        .type('form')
        .send({ _csrf: csrfFrom(preview.text), importId }),
  };
}

/** 砀山县 with its county clerk and the organiser signed in: the cast of the product review suites. */
export async function clerkAndOrganiser(t: TestApp): Promise<{ county: County; asCounty: Agent; asOrganiser: Agent }> {
  const county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
  const asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
  const asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  return { county, asCounty, asOrganiser };
}
