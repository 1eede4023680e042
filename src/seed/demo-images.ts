import sharp from 'sharp';
import { THUMBNAIL_WIDTH, type EncodedImage } from '../products/image-processing';

/** A colour pair per category, so a list of demo products reads at a glance. */
const CATEGORY_COLOURS: Record<string, [string, string]> = {
  粮油米面: ['#c98a1b', '#f3d27a'],
  肉禽蛋奶: ['#a4452c', '#e79a73'],
  蔬菜水果: ['#4d8b31', '#a9d46f'],
  水产品: ['#1f6f8b', '#7cc3d9'],
  茶叶饮品: ['#3d6b3a', '#9cc08b'],
  休闲食品: ['#b3541e', '#f0b27a'],
  调味品: ['#8c2f39', '#e08e8e'],
  酒类: ['#5b2a6e', '#b995c9'],
  手工艺品: ['#5f5a52', '#c2b9a7'],
};
const OTHER: [string, string] = ['#6b6b6b', '#c8c8c8'];

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A demo product's picture, drawn at seed time (no network, no stored files): the category's
 * colours, the product name's first character large, and 演示图片 so nobody takes it for a
 * photo of the real goods. Encoded here at both sizes with plain libjpeg: drawn pictures carry
 * no metadata, and the upload path's mozjpeg would add about 10 s to a first start's 115
 * products. The characters need a CJK font on the machine (fonts-wqy-microhei); without one
 * they show as boxes, and the colours still tell the categories apart.
 */
export async function drawDemoProductImage(name: string, category: string): Promise<EncodedImage> {
  const [dark, light] = CATEGORY_COLOURS[category] ?? OTHER;
  const initial = escapeXml(Array.from(name.trim())[0] ?? '?');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>
  <rect width="800" height="600" fill="url(#g)"/>
  <circle cx="400" cy="280" r="190" fill="#ffffff" fill-opacity="0.9"/>
  <text x="400" y="280" dy="0.35em" text-anchor="middle" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="220" fill="${dark}">${initial}</text>
  <text x="400" y="555" text-anchor="middle" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="34" fill="#ffffff">${escapeXml(category)} · 演示图片</text>
</svg>`;
  const drawn = await sharp(Buffer.from(svg)).png({ compressionLevel: 0 }).toBuffer();
  const [full, thumbnail] = await Promise.all([
    sharp(drawn).jpeg({ quality: 82 }).toBuffer(),
    sharp(drawn).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: 78 }).toBuffer(),
  ]);
  return { full, thumbnail, width: 800, height: 600 };
}
