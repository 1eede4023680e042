/**
 * 目标完成情况: the 签约汇总表's sheet of buyer-unit targets, one row per target (furthest
 * behind first), then a 合计 row and one row per type. Kept in a file of its own, beside the
 * workbook's other sheets, so that it stays apart from their layout. Amounts come from
 * TargetCompletionService, whose figures are FairTotalsService's: the 按单位 sheet's to the fen.
 */
import type { Completion } from '../targets/target-completion.service';
import { fenToYuan, text } from './cells';
import { sheetTitle } from './fair-workbook.columns';
import type { FairWorkbookInput } from './fair-workbook.writer';
import { TableSheet, type ColumnSpec, type StreamWorkbook } from './table-sheet';

export const TARGET_SHEET = '目标完成情况';

const col = (header: string, kind: ColumnSpec['kind'], width: number): ColumnSpec => ({ header, kind, width });

export const TARGET_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('单位名称', 'text', 18),
  col('单位类型', 'text', 8),
  col('统一社会信用代码', 'text', 20),
  col('是否注册', 'text', 8),
  col('目标金额（元）', 'money', 14),
  col('意向金额（元）', 'money', 14),
  col('意向完成率', 'percent', 9),
  col('签约金额（元）', 'money', 14),
  col('签约完成率', 'percent', 9),
  col('成交金额（元）', 'money', 14),
  col('成交完成率', 'percent', 9),
];

/** Completion as a number (42.5 → 0.425) in a 0.0% cell: Excel and WPS sort and filter it as a number. */
const pct = (value: number) => Math.round(value * 10) / 1000;

export function writeTargetSheet(
  wb: StreamWorkbook,
  input: Pick<FairWorkbookInput, 'fairName' | 'exportedAt' | 'scope'>,
  completion: Completion,
): void {
  const sheet = new TableSheet(wb, TARGET_SHEET, {
    title: sheetTitle(input, '认购目标完成情况（完成最少的在前）'),
    columns: TARGET_COLUMNS,
  });
  completion.units.forEach((u, i) => {
    sheet.addRow(
      [
        i + 1,
        text(u.unitName),
        text(u.unitType),
        text(u.creditCode),
        u.buyerUnitId === null ? '未注册' : '已注册',
        fenToYuan(u.targetFen),
        fenToYuan(u.intendedFen),
        pct(u.intendedPct),
        fenToYuan(u.signedFen),
        pct(u.signedPct),
        fenToYuan(u.deliveredFen),
        pct(u.deliveredPct),
      ],
      u.intendedFen < u.targetFen ? [8] : [],
    );
  });
  const t = completion.totals;
  const amounts = (a: typeof t) => [
    fenToYuan(a.targetFen),
    fenToYuan(a.intendedFen),
    pct(a.intendedPct),
    fenToYuan(a.signedFen),
    pct(a.signedPct),
    fenToYuan(a.deliveredFen),
    pct(a.deliveredPct),
  ];
  sheet.addTotalRow(['合计', `${completion.units.length} 个单位`, null, null, `已注册 ${completion.registered}`, ...amounts(t)]);
  for (const type of completion.types)
    sheet.addTotalRow([null, `其中：${type.type}`, text(type.type), null, `${type.units} 个单位`, ...amounts(type)]);
  sheet.addNote(
    '注：金额为该单位在本表筛选范围内的意向、签约、成交金额，与“按单位”工作表一致；未注册的单位尚无意向，注册时填写相同的统一社会信用代码后自动计入。完成率 = 金额 ÷ 目标金额。',
  );
  sheet.commit();
}
