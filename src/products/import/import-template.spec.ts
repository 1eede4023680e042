import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import ExcelJS from 'exceljs';
import { toFieldErrors } from '../../common/validation';
import { PRODUCT_FIELD_LABELS, ProductInputDto } from '../dto/product-input.dto';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '../product-options';
import { IMPORT_COLUMNS } from './import-columns';
import { buildImportTemplate } from './import-template';

const fieldErrors = (plain: Record<string, string>) => toFieldErrors(validateSync(plainToInstance(ProductInputDto, plain)));

/** The template as a county clerk receives it: written to bytes and opened again. */
async function downloaded(): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buildImportTemplate().xlsx.writeBuffer()) as ExcelJS.Buffer);
  return workbook;
}

describe('buildImportTemplate', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => (workbook = await downloaded()));

  it('has the data sheet first, then the instructions', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['产品导入', '填写说明']);
  });

  it('heads the data sheet with the form labels in order, required ones marked with a red "*"', () => {
    const header = workbook.getWorksheet('产品导入')!.getRow(1);
    const texts = IMPORT_COLUMNS.map((_, i) =>
      (header.getCell(i + 1).value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join(''),
    );
    expect(texts.map((t) => t.replace(/^\*/, ''))).toEqual(Object.values(PRODUCT_FIELD_LABELS));
    expect(texts.filter((t) => !t.startsWith('*'))).toEqual(['扶贫产品认定编号', '带贫户数', '产品介绍']);
    const star = (header.getCell(1).value as ExcelJS.CellRichTextValue).richText[0];
    expect(star.font?.color?.argb).toBe('FFC00000');
  });

  it('leaves the data sheet empty below the frozen heading row', () => {
    const sheet = workbook.getWorksheet('产品导入')!;
    expect(sheet.actualRowCount).toBe(1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('offers drop-downs for category and unit on rows 2 to 2001, and number checks on amounts', () => {
    const sheet = workbook.getWorksheet('产品导入')!;
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(validations.C2).toMatchObject({ type: 'list', formulae: [`"${PRODUCT_CATEGORIES.join(',')}"`] });
    expect(validations.C2001).toEqual(validations.C2);
    expect(validations.C2002).toBeUndefined();
    expect(validations.E2).toMatchObject({ type: 'list', formulae: [`"${PRODUCT_UNITS.join(',')}"`] });
    expect(validations.E2001).toEqual(validations.E2);
    expect(validations.F2).toMatchObject({ type: 'decimal', operator: 'greaterThan' });
    expect(validations.G2).toMatchObject({ type: 'whole' });
    expect(validations.A2).toBeUndefined();
  });

  it('formats price with two decimals, counts as integers and codes as text', () => {
    const sheet = workbook.getWorksheet('产品导入')!;
    expect(sheet.getColumn(6).numFmt).toBe('0.00');
    expect(sheet.getColumn(7).numFmt).toBe('0');
    expect(sheet.getColumn(1).numFmt).toBe('@');
    expect(sheet.getColumn(10).numFmt).toBe('@');
    for (let c = 1; c <= IMPORT_COLUMNS.length; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(10);
  });

  it('explains every column on the instructions sheet, with an example that is not in the data sheet', () => {
    const sheet = workbook.getWorksheet('填写说明')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => String(v ?? ''))));
    for (const column of IMPORT_COLUMNS) {
      const row = rows.find((r) => r[1] === column.heading);
      expect(row).toEqual([expect.any(String), column.heading, column.required ? '必填' : '选填', column.rule, column.example]);
    }
    expect(rows.flat().join('\n')).toContain('2000');
    expect(rows.flat().join('\n')).toContain('5 MB');
  });
});

describe('the template’s rules agree with ProductInputDto', () => {
  it('marks exactly the fields the DTO requires', () => {
    const required = Object.keys(fieldErrors({}));
    expect(IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual(required);
  });

  it.each(IMPORT_COLUMNS.filter((c) => /最多 [\d,]+ 个字符/.test(c.rule)).map((c) => [c.heading, c]))(
    'states the DTO’s length limit for %s',
    (_heading, column) => {
      const limit = Number(/最多 ([\d,]+) 个字符/.exec(column.rule)![1].replace(/,/g, ''));
      const fill = (n: number) => (column.key === 'code' ? 'A'.repeat(n) : '字'.repeat(n));
      expect(fieldErrors({ [column.key]: fill(limit) })[column.key]).toBeUndefined();
      expect(fieldErrors({ [column.key]: fill(limit + 1) })[column.key]).toBeDefined();
    },
  );

  it('lists the DTO’s categories and units as the choices', () => {
    expect(IMPORT_COLUMNS.find((c) => c.key === 'category')!.choices).toEqual(PRODUCT_CATEGORIES);
    expect(IMPORT_COLUMNS.find((c) => c.key === 'unit')!.choices).toEqual(PRODUCT_UNITS);
  });

  it('states the DTO’s number limits', () => {
    expect(fieldErrors({ price: '1000000' }).price).toBeUndefined();
    expect(fieldErrors({ price: '1000000.01' }).price).toBeDefined();
    expect(IMPORT_COLUMNS.find((c) => c.key === 'price')!.rule).toContain('不超过 1,000,000 元');
    expect(fieldErrors({ capacity: '100000000' }).capacity).toBeUndefined();
    expect(fieldErrors({ capacity: '100000001' }).capacity).toBeDefined();
    expect(IMPORT_COLUMNS.find((c) => c.key === 'capacity')!.rule).toContain('1 至 100,000,000');
    expect(fieldErrors({ povertyHouseholds: '1000000' }).povertyHouseholds).toBeUndefined();
    expect(fieldErrors({ povertyHouseholds: '1000001' }).povertyHouseholds).toBeDefined();
    expect(fieldErrors({ povertyHouseholds: '-1' }).povertyHouseholds).toBeDefined();
  });

  it('gives examples that the DTO accepts', () => {
    const example = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example]));
    expect(fieldErrors(example)).toEqual({});
  });
});
