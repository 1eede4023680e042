import ExcelJS from 'exceljs';
import { HEADINGS, productRow, sheetWith, templateWith } from '../../../test/support/testing-sheets';
import { AppError } from '../../common/app-error';
import { FORMULA_WITHOUT_RESULT_MESSAGE, LONG_NUMBER_MESSAGE, MERGED_CELL_MESSAGE } from './import-cells';
import { MAX_PROBLEMS_LISTED, parseProductImport, type ImportRow } from './import-parser';
import { MAX_ROWS } from './import-limits';

/** The message a file-level refusal carries (or a failure when the file was accepted). */
async function refusal(file: Buffer | Promise<Buffer>): Promise<string> {
  try {
    await parseProductImport(await file);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    return (err as AppError).message;
  }
  throw new Error('the file was accepted');
}

const problemsOf = (row: ImportRow) => row.problems.map((p) => `${p.where}：${p.message}`);

describe('parseProductImport', () => {
  it('reads valid rows into product values, numbers as typed', async () => {
    const parsed = await parseProductImport(
      await templateWith([
        productRow(1),
        productRow(2, { price: 12.5, capacity: 100, minOrder: 1, certificateNo: 'FP-1', povertyHouseholds: null, description: null }),
        productRow(3, { price: '12.50', capacity: '1,000', minOrder: '２' }),
      ]),
    );
    expect(parsed.sheetName).toBe('产品导入');
    expect(parsed.invalidCount).toBe(0);
    expect(parsed.validCount).toBe(3);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(parsed.rows[0].values).toMatchObject({ code: 'DS-001', priceFen: 5800, capacity: 5000, minOrder: 10, povertyHouseholds: 35 });
    expect(parsed.rows[1].values).toMatchObject({ priceFen: 1250, certificateNo: 'FP-1', povertyHouseholds: null, description: '' });
    expect(parsed.rows[2].values).toMatchObject({ priceFen: 1250, capacity: 1000, minOrder: 2 });
  });

  it('takes a price with float noise as the two-decimal amount, and refuses a real third decimal', async () => {
    const parsed = await parseProductImport(
      await templateWith([productRow(1, { price: 12.499999999999998 }), productRow(2, { price: 12.345 })]),
    );
    expect(parsed.rows[0].values?.priceFen).toBe(1250);
    expect(problemsOf(parsed.rows[1])).toEqual([
      '第 3 行 F 列（参考单价（元））：参考单价应为大于 0 的金额（元），最多两位小数，如 58 或 12.50',
    ]);
    expect(parsed.rows[1].problems[0].value).toBe('12.345');
  });

  it('names every bad cell by Excel row and column with the form’s message, and keeps good rows apart', async () => {
    const parsed = await parseProductImport(
      await templateWith([
        productRow(1),
        productRow(2, { price: 'abc', category: '水果', minOrder: 9000, supplierCreditCode: '91341302MA0000000X', origin: null }),
      ]),
    );
    expect(parsed.validCount).toBe(1);
    expect(parsed.invalidCount).toBe(1);
    expect(parsed.rows[1].values).toBeNull();
    expect(problemsOf(parsed.rows[1])).toEqual([
      '第 3 行 C 列（产品类别）：产品类别应为以下之一：粮油米面、肉禽蛋奶、蔬菜水果、水产品、茶叶饮品、休闲食品、调味品、酒类、手工艺品、其他',
      '第 3 行 F 列（参考单价（元））：参考单价应为大于 0 的金额（元），最多两位小数，如 58 或 12.50',
      '第 3 行 H 列（起订量）：起订量不能大于可供量',
      '第 3 行 J 列（供货主体统一社会信用代码）：统一社会信用代码校验位不正确，请核对后重新输入',
      '第 3 行 L 列（产地（乡镇/村））：请填写产地（乡镇/村）',
    ]);
    expect(parsed.rows[1].problems.find((p) => p.column === 'F')?.value).toBe('abc');
  });

  it('flags a product code that appears twice, on both rows', async () => {
    const parsed = await parseProductImport(await templateWith([productRow(1), productRow(2), productRow(3, { code: 'DS-001' })]));
    expect(parsed.rows[1].problems).toEqual([]);
    for (const i of [0, 2]) {
      expect(problemsOf(parsed.rows[i])).toEqual([
        `第 ${parsed.rows[i].row} 行 A 列（产品编号）：产品编号“DS-001”在表中出现了 2 次（第 2、4 行），同一编号只能填写一行`,
      ]);
    }
  });

  it('keeps what the preview shows short: long codes and names cut, at most 10 row numbers per repeated code', async () => {
    const code = `X${'9'.repeat(99)}`;
    const parsed = await parseProductImport(
      await templateWith(Array.from({ length: 12 }, (_, i) => productRow(i + 1, { code, name: '梨'.repeat(500) }))),
    );
    const shortCode = `${code.slice(0, 60)}…`;
    expect(parsed.rows[0]).toMatchObject({ code: shortCode, name: `${'梨'.repeat(60)}…` });
    expect(parsed.rows[11].problems[0].message).toBe(
      `产品编号“${shortCode}”在表中出现了 12 次（第 2、3、4、5、6、7、8、9、10、11 行 等），同一编号只能填写一行`,
    );
  });

  it(`lists the first ${MAX_PROBLEMS_LISTED} problems and counts the rest, still marking every bad row`, async () => {
    const rows = Array.from({ length: 2000 }, (_, r) => HEADINGS.map((_h, c) => (c === 0 ? `P-${r}` : '错')));
    const parsed = await parseProductImport(await sheetWith(HEADINGS, rows));
    const listed = parsed.rows.reduce((n, r) => n + r.problems.length, 0);
    expect(listed).toBe(MAX_PROBLEMS_LISTED);
    expect(parsed.unlistedProblems).toBeGreaterThan(5000);
    expect(parsed.invalidCount).toBe(2000);
    expect(parsed.rows[1999]).toMatchObject({ problems: [], values: null });
  });

  it('refuses the instructions’ example row copied into the sheet', async () => {
    const parsed = await parseProductImport(await templateWith([productRow(1, { code: 'EX-001' })]));
    expect(parsed.rows[0].problems[0].message).toContain('示例');
  });

  it('skips empty rows and keeps Excel’s row numbers', async () => {
    const parsed = await parseProductImport(
      await templateWith([productRow(1)], (wb) => {
        const sheet = wb.getWorksheet('产品导入')!;
        sheet.getCell('A5').value = '   '; // only spaces
        sheet.getCell('B6').numFmt = '0.00'; // formatted, empty
        const row = productRow(2);
        Object.values(row).forEach((v, i) => (sheet.getCell(8, i + 1).value = v ?? null));
      }),
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 8]);
    expect(parsed.invalidCount).toBe(0);
  });

  it('reads rich text as plain text and a formula by its cached result', async () => {
    const parsed = await parseProductImport(
      await templateWith([
        productRow(1, {
          name: { richText: [{ text: '砀山' }, { text: '酥梨', font: { bold: true } }] },
          price: { formula: '29*2', result: 58 },
        }),
      ]),
    );
    expect(parsed.rows[0].values).toMatchObject({ name: '砀山酥梨', priceFen: 5800 });
  });

  it('refuses a formula without a result, an error value, a date and a merged cell, each with its reason', async () => {
    const parsed = await parseProductImport(
      await templateWith(
        [
          productRow(1, { price: { formula: 'B2*2' } as ExcelJS.CellFormulaValue }),
          productRow(2, { capacity: { error: '#N/A' } }),
          productRow(3, { spec: new Date(Date.UTC(2020, 4, 10)) }),
          productRow(4, { supplierName: '合作社甲' }),
          productRow(5, { supplierName: null }),
        ],
        (wb) => {
          const sheet = wb.getWorksheet('产品导入')!;
          sheet.getCell('D4').numFmt = 'yyyy/m/d'; // as pasted from a sheet that had a date there
          sheet.mergeCells('I5:I6');
        },
      ),
    );
    expect(problemsOf(parsed.rows[0])).toEqual([`第 2 行 F 列（参考单价（元））：${FORMULA_WITHOUT_RESULT_MESSAGE}`]);
    expect(parsed.rows[0].problems[0].value).toBe('=B2*2');
    expect(problemsOf(parsed.rows[1])).toEqual(['第 3 行 G 列（可供量）：单元格是错误值 #N/A，请改为正确的内容']);
    expect(problemsOf(parsed.rows[2])[0]).toMatch(/^第 4 行 D 列（规格）：Excel 把该单元格识别成了日期/);
    expect(parsed.rows[3].problems).toEqual([]);
    expect(problemsOf(parsed.rows[4])).toEqual([`第 6 行 I 列（供货主体）：${MERGED_CELL_MESSAGE}`]);
  });

  it('refuses a credit code that Excel turned into a number', async () => {
    // An 18-digit code typed into a number cell: Excel keeps 15 digits.
    const parsed = await parseProductImport(await templateWith([productRow(1, { supplierCreditCode: Number('913413021234567890') })]));
    expect(problemsOf(parsed.rows[0])).toEqual([`第 2 行 J 列（供货主体统一社会信用代码）：${LONG_NUMBER_MESSAGE}`]);
  });

  it('refuses content in a column without a heading instead of dropping it', async () => {
    const parsed = await parseProductImport(
      await templateWith([productRow(1)], (wb) => (wb.getWorksheet('产品导入')!.getCell('P2').value = '备注')),
    );
    expect(problemsOf(parsed.rows[0])).toEqual(['第 2 行 P 列（无列标题）：该列没有列标题，内容无法导入：请删除，或移到对应的列中']);
  });

  it('accepts headings in another order, with "*" marks, spaces and half-width brackets', async () => {
    const headings = [...HEADINGS].reverse().map((h, i) => (i % 2 ? `*${h}` : ` ${h.replace('（', '(').replace('）', ')')} `));
    const row = productRow(1);
    const values = [...Object.keys(row)].reverse().map((k) => row[k as keyof typeof row] ?? null);
    const parsed = await parseProductImport(await sheetWith(headings, [values]));
    expect(parsed.invalidCount).toBe(0);
    expect(parsed.rows[0].values?.code).toBe('DS-001');
  });

  it('prefers the sheet named 产品导入 over the first sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['随便写的说明']);
    wb.addWorksheet('产品导入').addRows([HEADINGS, Object.values(productRow(1)).map((v) => v ?? null)]);
    const parsed = await parseProductImport(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.sheetName).toBe('产品导入');
    expect(parsed.validCount).toBe(1);
  });

  it('names missing, extra and repeated columns', async () => {
    const headings = HEADINGS.filter((h) => h !== '产品类别' && h !== '计量单位');
    headings.push('备注', '产品名称');
    const message = await refusal(sheetWith(headings, [['x']]));
    expect(message).toContain('列标题与模板不一致');
    expect(message).toContain('缺少 “产品类别”、“计量单位” 列');
    expect(message).toContain('多出 “备注”（M 列）');
    expect(message).toContain('重复的列 “产品名称”（B 列和 N 列）');
  });

  it('explains a sheet whose first row is not the headings', async () => {
    expect(await refusal(sheetWith(['砀山县扶贫产品申报表'], [HEADINGS]))).toContain('第 1 行应为列标题');
  });

  it('refuses a sheet without products', async () => {
    expect(await refusal(templateWith([]))).toContain('工作表中没有产品');
  });

  it(`refuses more than ${MAX_ROWS} rows and says how many there are`, async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => [`P-${i}`]);
    expect(await refusal(sheetWith(HEADINGS, rows))).toBe('表格中有 2,001 行数据，每次最多导入 2,000 行。请分成几个文件分别导入');
  });

  it(`accepts exactly ${MAX_ROWS} rows`, async () => {
    const rows = Array.from({ length: MAX_ROWS }, (_, i) => Object.values(productRow(i + 1)).map((v) => v ?? null));
    const parsed = await parseProductImport(await sheetWith(HEADINGS, rows));
    expect(parsed.validCount).toBe(MAX_ROWS);
  });
});
