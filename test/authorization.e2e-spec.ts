import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import type { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('role and ownership guards', () => {
  let t: TestApp;
  let countyX: County;
  let productX: Product;
  let productY: Product;
  let intentA: Intent;
  let intentB: Intent;
  let asCountyX: Agent;
  let asBuyerA: Agent;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    countyX = await makeCounty(t.db, { name: '砀山县' });
    const countyY = await makeCounty(t.db, { name: '萧县' });
    productX = await makeProduct(t.db, countyX, { name: '砀山酥梨', status: 'draft', publishedAt: null });
    productY = await makeProduct(t.db, countyY, { name: '萧县葡萄' });
    const unitA = await makeBuyerUnit(t.db, { name: '甲中学' });
    const unitB = await makeBuyerUnit(t.db, { name: '乙医院', type: '医院' });
    intentA = await makeIntent(t.db, unitA, [{ product: productY, quantity: 10 }]);
    intentB = await makeIntent(t.db, unitB, [{ product: productY, quantity: 20 }]);
    const countyUserX = await makeUser(t.db, 'county', { countyId: countyX.id });
    const buyerA = await makeUser(t.db, 'buyer', { buyerUnitId: unitA.id });
    const organiser = await makeUser(t.db, 'organiser');
    asCountyX = await signedIn(t.http, countyUserX.username);
    asBuyerA = await signedIn(t.http, buyerA.username);
    asOrganiser = await signedIn(t.http, organiser.username);
  });
  afterAll(() => t.close());

  describe('a county operator', () => {
    it('sees its own county’s products, drafts included', async () => {
      const res = await asCountyX.get(`/county/products/${productX.id}`).expect(200);
      expect(res.text).toContain('砀山酥梨');
      expect(res.text).toContain('草稿');
    });

    it('gets 403 for another county’s product, without its details', async () => {
      const res = await asCountyX.get(`/county/products/${productY.id}`);
      expect(res.status).toBe(403);
      expect(res.text).toContain('该产品不属于本县');
      expect(res.text).not.toContain('萧县葡萄');
    });

    it('gets 403 on the organiser’s pages and on buyers’ intents', async () => {
      for (const path of [
        '/admin',
        '/admin/intents',
        '/admin/counties',
        '/admin/settings',
        '/admin/audit',
        '/my/intents',
        `/my/intents/${intentA.id}`,
      ]) {
        expect([path, (await asCountyX.get(path)).status]).toEqual([path, 403]);
      }
    });
  });

  describe('a buyer', () => {
    it('sees its own unit’s intent', async () => {
      const res = await asBuyerA.get(`/my/intents/${intentA.id}`).expect(200);
      expect(res.text).toContain(intentA.referenceNo);
    });

    it('gets 403 for another unit’s intent, without its details', async () => {
      const res = await asBuyerA.get(`/my/intents/${intentB.id}`);
      expect(res.status).toBe(403);
      expect(res.text).toContain('这不是本单位的采购意向');
      expect(res.text).not.toContain(intentB.referenceNo);
    });

    it('lists only its own unit’s intents', async () => {
      const res = await asBuyerA.get('/my/intents').expect(200);
      expect(res.text).toContain(intentA.referenceNo);
      expect(res.text).not.toContain(intentB.referenceNo);
    });

    it('gets 403 on county and organiser pages', async () => {
      for (const path of ['/county', `/county/products/${productX.id}`, '/admin', '/admin/settings']) {
        expect([path, (await asBuyerA.get(path)).status]).toEqual([path, 403]);
      }
    });
  });

  describe('the organiser', () => {
    it('sees every unit’s intents, while the county pages stay each county’s own', async () => {
      await asOrganiser.get(`/county/products/${productX.id}`).expect(403);
      const list = await asOrganiser.get('/admin/intents').expect(200);
      expect(list.text).toContain(intentA.referenceNo);
      expect(list.text).toContain(intentB.referenceNo);
    });
  });

  describe('an anonymous visitor', () => {
    it('is sent to log in from every protected page, and back afterwards', async () => {
      for (const path of ['/admin', '/county', '/my/intents', `/my/intents/${intentA.id}`]) {
        const res = await request(t.http).get(path);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
    });

    it('cannot see unpublished products', async () => {
      await request(t.http).get(`/products/${productX.id}`).expect(404);
      await request(t.http).get(`/products/${productY.id}`).expect(200);
    });
  });

  it('answers 404 in Chinese for unknown and malformed ids, never a stack trace', async () => {
    for (const path of ['/my/intents/999999', '/my/intents/abc', '/my/intents/99999999999999', '/my/intents/-1']) {
      const res = await asBuyerA.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('页面不存在');
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});
