import exifReader from 'exif-reader';
import sharp from 'sharp';
import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import { ImageStorage } from '../src/products/image-storage';
import { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeCounty, makeProduct, makeUser } from './support/factories';
import { validProductForm } from './support/uploads';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { storedKeys } from './support/stored-blobs';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** A phone photo: landscape pixels stored sideways (EXIF orientation 6), with the farm's GPS position. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7cb342' } })
    .composite([{ input: { create: { width: 300, height: 900, channels: 3, background: '#f6c343' } }, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'DemoPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 38/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 58/1 30/1' },
    })
    .toBuffer();
}

describe(`product images: re-encoded, bounded, with thumbnails (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  let n = 0;

  const fields = (name: string) => validProductForm({ code: `IMG-${++n}`, name });

  /** The product form as the browser posts it (multipart, token in the URL). */
  async function upload(values: Record<string, string>, bytes: Buffer, filename: string) {
    const page = await asCounty.get('/county/products/new');
    let req = asCounty.post(`/county/products?_csrf=${encodeURIComponent(csrfFrom(page.text))}`);
    for (const [k, v] of Object.entries(values)) req = req.field(k, v);
    return req.attach('image', bytes, filename);
  }

  async function uploaded(bytes: Buffer, filename: string): Promise<Product> {
    const values = fields('砀山酥梨（金盖酥）');
    const res = await upload(values, bytes, filename);
    expect(res.status).toBe(303);
    return t.db.getRepository(Product).findOneByOrFail({ code: values.code });
  }

  const served = async (url: string) => {
    const res = await request(t.http).get(url).buffer(true).expect(200);
    return { bytes: res.body as Buffer, type: res.headers['content-type'], meta: await sharp(res.body as Buffer).metadata() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
  });
  afterAll(() => t.close());

  it('serves an uploaded phone photo upright and without its EXIF (no GPS), with a smaller thumbnail', async () => {
    const photo = await phonePhoto();
    const original = await sharp(photo).metadata();
    expect(original).toMatchObject({ width: 1200, height: 900, orientation: 6 });
    expect(exifReader(original.exif!).GPSInfo).toMatchObject({ GPSLatitudeRef: 'N', GPSLatitude: [33, 38, 12] });

    const product = await uploaded(photo, 'IMG_0001.jpg');
    const full = await served(`/images/${product.imageKey}`);
    expect(full.type).toBe('image/jpeg');
    expect(full.meta).toMatchObject({ format: 'jpeg', width: 900, height: 1200 });
    expect(full.meta.exif).toBeUndefined();
    expect(full.meta.xmp).toBeUndefined();
    expect(full.meta.orientation).toBeUndefined();
    expect(full.bytes.includes('DemoPhone')).toBe(false);
    // Turned upright: the yellow band that was on the left of the stored pixels is now on top.
    const { data } = await sharp(full.bytes)
      .extract({ left: 450, top: 20, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200); // the yellow's red (0xf6); the green's is 0x7c

    const thumb = await served(`/images/thumbs/${product.imageKey}`);
    expect(thumb.type).toBe('image/jpeg');
    expect(thumb.meta).toMatchObject({ format: 'jpeg', width: 400 });
    expect(thumb.meta.exif).toBeUndefined();
    expect(thumb.bytes.length).toBeLessThan(full.bytes.length);
  });

  it('bounds an oversized image to 1600 px on its longer side', async () => {
    // Smooth like a photo: noise enlarged tenfold.
    const noise = await sharp({ create: { width: 400, height: 300, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
      .png()
      .toBuffer();
    const photo = await sharp(noise).resize(4000, 3000).jpeg({ quality: 85 }).toBuffer();
    expect(photo.length).toBeLessThan(5 * 1024 * 1024);

    const product = await uploaded(photo, 'big.jpg');
    const full = await served(`/images/${product.imageKey}`);
    expect(full.meta).toMatchObject({ width: 1600, height: 1200 });
    expect(full.bytes.length).toBeLessThan(photo.length);
    const thumb = await served(`/images/thumbs/${product.imageKey}`);
    expect(thumb.meta).toMatchObject({ width: 400, height: 300 });
    expect(thumb.bytes.length).toBeLessThan(full.bytes.length / 4);
  });

  it('keeps PNG and WebP uploads, as JPEG, transparency on white', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const product = await uploaded(png, 'logo.png');
    const full = await served(`/images/${product.imageKey}`);
    expect(full.meta).toMatchObject({ format: 'jpeg', width: 200, height: 100, hasAlpha: false });
    const { data } = await sharp(full.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(245);

    const webp = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#1f6f8b' } })
      .webp()
      .toBuffer();
    expect((await served(`/images/${(await uploaded(webp, 'photo.webp')).imageKey}`)).meta.format).toBe('jpeg');
  });

  it.each([
    [
      'a PNG signature followed by HTML',
      () =>
        Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
          Buffer.from('<html><body><script>alert(1)</script></body></html>'),
        ]),
      '无法识别这张图片',
    ],
    [
      'a JPEG start followed by text',
      () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a photo')]),
      '无法识别这张图片',
    ],
    [
      'an image above 40 megapixels',
      () =>
        sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#ffffff' } })
          .png()
          .toBuffer(),
      '图片像素过大（超过 4000 万像素）',
    ],
  ])('refuses %s beside the image field, keeping the form, and changes nothing', async (_what, make, message) => {
    const bytes = await make();
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const values = fields('梨膏');
    const res = await upload(values, bytes, 'pear.png');
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    // Beside the field, tied to it.
    expect(res.text).toMatch(/id="image"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="梨膏"');
    expect(res.text).toContain(`value="${values.code}"`);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('shows thumbnails in the catalogue with srcset and sizes, and falls back to the image for older uploads', async () => {
    // An image stored before thumbnails existed: a PNG key, no thumbnail blob.
    const key = 'abcdefabcdefabcdefabcdefabcdef01.png';
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c98a1b' } })
      .png()
      .toBuffer();
    await t.app.get(ImageStorage).put(key, png);
    await makeProduct(t.db, county, { name: '旧图片产品', imageKey: key });

    const list = await request(t.http).get('/products').expect(200);
    expect(list.text).toContain(`src="/images/thumbs/${key}" srcset="/images/thumbs/${key} 400w, /images/${key} 1600w"`);
    expect(list.text).toMatch(/class="product-card-image"[^>]* sizes="[^"]+"/);
    const fallback = await request(t.http).get(`/images/thumbs/${key}`).buffer(true).expect(200);
    expect(fallback.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(fallback.body as Buffer, png)).toBe(0);

    await request(t.http).get('/images/thumbs/0123456789abcdef0123456789abcdef.jpg').expect(404);
    await request(t.http)
      .get(`/images/thumbs/${key.replace('.png', '.thumb.jpg')}`)
      .expect(404);
  });

  it('deletes the image and its thumbnail with the product', async () => {
    const product = await uploaded(await phonePhoto(), 'IMG_0002.jpg');
    const mine = async () => (await storedKeys(t, 'images')).filter((f) => f.startsWith(product.imageKey!.slice(0, 32)));
    expect(await mine()).toEqual([product.imageKey, product.imageKey!.replace('.jpg', '.thumb.jpg')].sort());
    const page = await asCounty.get(`/county/products/${product.id}`);
    const res = await asCounty
      .post(`/county/products/${product.id}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), confirmed: '1' });
    expect(res.status).toBe(303);
    expect(await mine()).toEqual([]);
  });
});

describe('icons and share cards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /favicon.ico and /apple-touch-icon.png without starting a session, and links the icons', async () => {
    const ico = await request(t.http).get('/favicon.ico').buffer(true).expect(200);
    expect(ico.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(ico.headers['set-cookie']).toBeUndefined();
    const touch = await request(t.http).get('/apple-touch-icon.png').buffer(true).expect(200);
    expect(await sharp(touch.body as Buffer).metadata()).toMatchObject({ format: 'png', width: 180, height: 180 });
    await request(t.http).get('/static/icons/icon.svg').expect(200);

    const home = await request(t.http).get('/').expect(200);
    expect(home.text).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32">');
    expect(home.text).toContain('<link rel="icon" href="/static/icons/icon.svg" type="image/svg+xml">');
    expect(home.text).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png">');
  });

  it('gives a product page a share card with its name, county and image, and the catalogue a description', async () => {
    const county = await makeCounty(t.db, { code: '341322', name: '萧县' });
    const key = '0123456789abcdef0123456789abcdef.jpg';
    const product = await makeProduct(t.db, county, {
      name: '萧县葡萄（玫瑰香）',
      origin: '萧县圣泉乡',
      spec: '5斤/箱',
      priceFen: 6800,
      imageKey: key,
    });
    const page = await request(t.http).get(`/products/${product.id}`).set('Host', 'fair.example.org').expect(200);
    const meta = (property: string) => page.text.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`))?.[1];
    expect(meta('og:title')).toBe('萧县葡萄（玫瑰香）｜萧县扶贫产品');
    expect(meta('og:description')).toContain('萧县圣泉乡，5斤/箱，参考价 ¥68.00/箱');
    expect(meta('description')).toBe(meta('og:description'));
    expect(meta('og:image')).toBe(`http://fair.example.org/images/${key}`);
    expect(meta('og:type')).toBe('website');

    const noImage = await makeProduct(t.db, county, { name: '萧县石榴' });
    const plain = await request(t.http).get(`/products/${noImage.id}`).set('Host', 'fair.example.org').expect(200);
    expect(plain.text).toContain('<meta property="og:image" content="http://fair.example.org/static/icons/icon-512.png">');

    const list = await request(t.http).get('/products?county=341322').expect(200);
    expect(list.text).toMatch(/<meta name="description" content="萧县产品：共 2 个扶贫产品/);
    const home = await request(t.http).get('/').expect(200);
    expect(home.text).toMatch(/<meta property="og:title" content="首页 - [^"]+">/);
    expect(home.text).toMatch(/<meta name="description" content="[^"]*以购代帮、以买代捐。">/);
  });
});
