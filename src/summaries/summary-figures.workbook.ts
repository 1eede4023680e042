import ExcelJS from 'exceljs';
import { fenToYuan, MONEY_FORMAT, QUANTITY_FORMAT, TEXT_FORMAT } from '../exports/cells';
import type { SummaryFigures } from './summary-figures.service';

/** The figures' rows as label → value, in the order of the printable page. */
export function figureRows(f: SummaryFigures): { label: string; value: number; money: boolean }[] {
  const c = f.county;
  return [
    { label: '参展产品数（个）', value: c.publishedProducts, money: false },
    { label: '参与采购单位数（家）', value: c.buyerUnits, money: false },
    { label: '采购意向数（份）', value: c.intents, money: false },
    { label: '意向金额（元）', value: c.intendedFen, money: true },
    { label: '签约金额（元）', value: c.signedFen, money: true },
    { label: '成交金额（元）', value: c.deliveredFen, money: true },
  ];
}

const BEST_HEADINGS = [
  '名次',
  '产品编号',
  '产品名称',
  '规格',
  '单位',
  '意向数量',
  '意向金额（元）',
  '签约金额（元）',
  '成交金额（元）',
  '采购单位数',
];

/**
 * The county's summary figures as a workbook (figures in, workbook out): one sheet with the
 * totals and the best sellers, A4 portrait. Money cells are yuan numbers from fen (fenToYuan),
 * text cells plain strings in text format, so a product named "=1+1" stays text.
 */
export function summaryFiguresWorkbook(f: SummaryFigures, title: string, exportedAt: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '消费扶贫展销会平台';
  const ws = wb.addWorksheet('总结数据', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.mergeCells(1, 1, 1, BEST_HEADINGS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(2, 1, 2, BEST_HEADINGS.length);
  ws.getCell(2, 1).value = `数据来源：消费扶贫展销会平台，导出时间：${exportedAt}`;
  ws.addRow([]);
  for (const r of figureRows(f)) {
    const row = ws.addRow([r.label, r.money ? fenToYuan(r.value) : r.value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).numFmt = r.money ? MONEY_FORMAT : QUANTITY_FORMAT;
  }
  ws.addRow([]);
  ws.addRow([`畅销产品（按意向金额前 ${f.bestSellers.length} 名）`]).font = { bold: true };
  ws.addRow(BEST_HEADINGS).font = { bold: true };
  f.bestSellers.forEach((p, i) => {
    const row = ws.addRow([
      i + 1,
      p.code,
      p.name,
      p.spec,
      p.unit,
      p.quantity,
      fenToYuan(p.intendedFen),
      fenToYuan(p.signedFen),
      fenToYuan(p.deliveredFen),
      p.buyerUnits,
    ]);
    [2, 3, 4, 5].forEach((c) => (row.getCell(c).numFmt = TEXT_FORMAT));
    row.getCell(6).numFmt = QUANTITY_FORMAT;
    [7, 8, 9].forEach((c) => (row.getCell(c).numFmt = MONEY_FORMAT));
  });
  [20, 14, 28, 14, 8, 12, 16, 16, 16, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return wb;
}
