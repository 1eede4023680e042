import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DonationProject } from '../../src/donations/donation-project.entity';
import { DonationReceipt } from '../../src/donations/donation-receipt.entity';
import { PUBLIC_PROJECT_STATUSES } from '../../src/donations/project-status';
import { DEMO_PASSWORD, DemoSeeder } from '../../src/seed/demo-seeder';
import { In } from 'typeorm';
import { signedIn, binary } from '../support/http';
import { describeWithLibreOffice, pageTexts, PRINT_OUTPUT_DIR, printedWords, printToPdf, renderPngs, squeeze } from '../support/print';
import { createTestApp, usingPostgres, type TestApp } from '../support/test-app';

/**
 * The 认领认捐汇总表 as the office prints it: the demo campaign's workbook printed to A4 PDF
 * by LibreOffice Calc and read back with poppler. Every receipt number with its amount and
 * every project must reach the paper, at a readable size, with the headings on every page.
 */

const money = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describeWithLibreOffice(`printed by LibreOffice on A4: 认领认捐汇总表 (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let outDir: string;
  let pdf: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(DemoSeeder).seed();
    const organiser = await signedIn(t.http, 'organiser', DEMO_PASSWORD);
    const res = await organiser.get('/admin/donations/export').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-donations-'));
    const file = path.join(outDir, 'donation-workbook.xlsx');
    fs.writeFileSync(file, res.body as Buffer);
    pdf = printToPdf(file, outDir);
    renderPngs(pdf, 'donation-workbook');
    fs.copyFileSync(pdf, path.join(PRINT_OUTPUT_DIR, path.basename(pdf)));
  });

  afterAll(async () => {
    await t?.close();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('prints on A4 landscape pages', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
  });

  it('prints every receipt number with its amount, and every public project', async () => {
    const printed = squeeze(pageTexts(pdf, 'raw').join('\n'));
    const missing: string[] = [];
    for (const r of await t.db.getRepository(DonationReceipt).find()) {
      for (const text of [r.receiptNo, money(r.amountFen)]) if (!printed.includes(squeeze(text))) missing.push(`${r.receiptNo}: ${text}`);
    }
    const projects = await t.db.getRepository(DonationProject).findBy({ status: In([...PUBLIC_PROJECT_STATUSES]) });
    expect(projects.length).toBeGreaterThan(10);
    for (const p of projects) if (!printed.includes(squeeze(p.title))) missing.push(p.title);
    expect(missing).toEqual([]);
  });

  it('repeats the headings on every page and numbers the pages', () => {
    for (const [i, page] of pageTexts(pdf).entries()) {
      expect({ page: i + 1, heading: /序\s*号/.test(page), number: /第\s*\d+\s*页，共\s*\d+\s*页/.test(page) }).toEqual({
        page: i + 1,
        heading: true,
        number: true,
      });
    }
  });

  it('prints the tables at a readable size (9 pt or more)', () => {
    const sizes = printedWords(pdf)
      .map((w) => w.cjkSize)
      .filter((size): size is number => size !== null)
      .sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThanOrEqual(9);
  });
});
