import ExcelJS from 'exceljs';
import type { ProductDemand } from '../intents/county-demand.service';

const HEADINGS = ['产品编号', '产品名称', '规格', '单位', '意向数量', '意向金额（元）', '采购单位数', '可供量', '是否超出可供量'];

/**
 * The county's demand view as a workbook (rows in, workbook out). Text goes in as plain
 * strings: exceljs never turns a string into a formula, so a name like "=1+1" stays text.
 */
export function countyDemandWorkbook(countyName: string, rows: ProductDemand[], exportedAt: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '消费扶贫展销会平台';
  const ws = wb.addWorksheet('需求汇总', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.mergeCells(1, 1, 1, HEADINGS.length);
  ws.getCell(1, 1).value = `${countyName}扶贫产品需求汇总（导出时间：${exportedAt}）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.addRow(HEADINGS).font = { bold: true };
  for (const r of rows) {
    ws.addRow([
      r.code,
      r.name,
      r.spec,
      r.unit,
      r.quantity,
      r.amountFen / 100,
      r.buyerUnits,
      r.capacity,
      r.overCapacity ? '超出可供量' : '',
    ]);
  }
  const total = rows.reduce((s, r) => s + r.amountFen, 0);
  const totalRow = ws.addRow(['合计', '', '', '', rows.reduce((s, r) => s + r.quantity, 0), total / 100, '', '', '']);
  totalRow.font = { bold: true };
  ws.getColumn(6).numFmt = '¥#,##0.00';
  [12, 28, 14, 6, 12, 16, 12, 12, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: HEADINGS.length } };
  ws.pageSetup.printTitlesRow = '1:2';
  return wb;
}
