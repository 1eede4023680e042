/**
 * 认领认捐汇总表.xlsx, rows in, workbook out: 汇总 (per county, the city fund, the total), one
 * sheet per county with its projects, 捐赠明细 (every receipt with its number) and 资金使用
 * (every disbursement). Written on the fair workbook's streaming writer with its TableSheet
 * (same formatting, text cells that never become formulas, A4 landscape print set-up);
 * projects, receipts and disbursements arrive in batches and each row is committed as written.
 *
 * Every total is a sum in integer fen converted to yuan once, and the totals written are
 * DonationTotalsService's (so they equal the board and the public pages to the fen); the
 * rows above each total add up to it.
 */
import { formatDateCn } from '../../common/dates';
import { fenToYuan, text } from '../../exports/cells';
import { SheetNames } from '../../exports/sheet-names';
import { TableSheet, type StreamWorkbook } from '../../exports/table-sheet';
import { commitWorkbook } from '../../exports/workbook-stream';
import type { BoardLine } from '../board/donation-board.service';
import { balanceFen, type DonationTotals, ZERO_TOTALS } from '../donation-totals';
import {
  CITY_FUND_LABEL,
  COUNTY_FUND_LABEL,
  DISBURSEMENT_COLUMNS,
  DISBURSEMENTS_SHEET,
  DONATION_SUMMARY_COLUMNS,
  DONATION_SUMMARY_SHEET,
  donationSheetTitle,
  PROJECT_COLUMNS,
  RECEIPT_COLUMNS,
  RECEIPTS_SHEET,
} from './donation-workbook.columns';
import type { DisbursementRow, ProjectRow, ReceiptRow } from './donation-export-rows';

type County = NonNullable<BoardLine['county']>;

export interface DonationWorkbookInput {
  fairName: string;
  /** 2020年10月17日 09:30 (CST) */
  exportedAt: string;
  /** DonationBoardService.lines(): every county, then the city office's line (county null). */
  lines: BoardLine[];
  countyProjects(county: County): AsyncIterable<ProjectRow[]>;
  receipts: AsyncIterable<ReceiptRow[]>;
  disbursements: AsyncIterable<DisbursementRow[]>;
}

export interface DonationWorkbookSummary {
  sheets: number;
  projects: number;
  receipts: number;
  disbursements: number;
}

const money = (t: DonationTotals): number[] => [
  fenToYuan(t.pledgedFen),
  fenToYuan(t.receivedFen),
  fenToYuan(t.disbursedFen),
  fenToYuan(balanceFen(t)),
];

const add = (a: DonationTotals, b: DonationTotals): DonationTotals => ({
  pledgedFen: a.pledgedFen + b.pledgedFen,
  receivedFen: a.receivedFen + b.receivedFen,
  disbursedFen: a.disbursedFen + b.disbursedFen,
});

export async function writeDonationWorkbook(
  wb: StreamWorkbook,
  input: DonationWorkbookInput,
  signal?: AbortSignal,
): Promise<DonationWorkbookSummary> {
  const names = new SheetNames([DONATION_SUMMARY_SHEET, RECEIPTS_SHEET, DISBURSEMENTS_SHEET]);
  const summary: DonationWorkbookSummary = { sheets: 3, projects: 0, receipts: 0, disbursements: 0 };
  writeSummary(wb, input);
  for (const line of input.lines) {
    if (!line.county) continue;
    summary.projects += await writeCountySheet(wb, names.take(line.county.name, line.county.code), input, line, signal);
    summary.sheets++;
  }
  summary.receipts = await writeReceipts(wb, input, signal);
  summary.disbursements = await writeDisbursements(wb, input, signal);
  await commitWorkbook(wb, signal);
  return summary;
}

function writeSummary(wb: StreamWorkbook, input: DonationWorkbookInput): void {
  const sheet = new TableSheet(wb, DONATION_SUMMARY_SHEET, {
    title: donationSheetTitle(input, '按县区汇总'),
    columns: DONATION_SUMMARY_COLUMNS,
  });
  let total = { ...ZERO_TOTALS };
  let projects = 0;
  let soughtFen = 0;
  input.lines.forEach((l, i) => {
    total = add(total, l);
    projects += l.projects;
    soughtFen += l.soughtFen;
    sheet.addRow(
      l.county
        ? [i + 1, text(l.county.code), text(l.county.name), l.projects, fenToYuan(l.soughtFen), ...money(l)]
        : [i + 1, null, CITY_FUND_LABEL, null, null, ...money(l)],
    );
  });
  sheet.addTotalRow(['合计', null, `${input.lines.length - 1} 个县区及市级`, projects, fenToYuan(soughtFen), ...money(total)]);
  sheet.addNote(
    '注：认捐金额是尚未取消的认捐承诺，不计入捐赠；只有到账金额计为已捐（全额到账才算数）。县区一行包括捐给本县项目和县级不定向的款项；项目数和所需金额只计已发布、已筹满、已结束、已关闭的项目（物资类项目没有所需金额）。余额＝到账－已使用。',
  );
  sheet.commit();
}

/** A county's projects, then its undirected money (the county's total less its projects'), then the 小计. */
async function writeCountySheet(
  wb: StreamWorkbook,
  name: string,
  input: DonationWorkbookInput,
  line: BoardLine,
  signal?: AbortSignal,
): Promise<number> {
  const county = line.county!;
  const sheet = new TableSheet(wb, name, {
    title: donationSheetTitle(input, `${county.name}（${county.code}）项目`),
    columns: PROJECT_COLUMNS,
  });
  let n = 0;
  let listed = { ...ZERO_TOTALS };
  let soughtFen = 0;
  for await (const batch of input.countyProjects(county)) {
    for (const p of batch) {
      n++;
      listed = add(listed, p.totals);
      soughtFen += p.soughtFen ?? 0;
      sheet.addRow([
        n,
        // A goods project asks for items, not money: they follow its title.
        text(p.goodsSought ? `${p.title}\n所需物资：${p.goodsSought.replace(/\n+/g, '；')}` : p.title),
        text(p.kindLabel),
        text([p.township, p.village].filter(Boolean).join('')),
        text(p.modeLabel),
        text(p.statusLabel),
        formatDateCn(p.deadline),
        p.beneficiaryHouseholds,
        p.soughtFen === null ? '物资' : fenToYuan(p.soughtFen),
        ...money(p.totals),
      ]);
    }
    await sheet.flush(signal);
  }
  const undirected: DonationTotals = {
    pledgedFen: line.pledgedFen - listed.pledgedFen,
    receivedFen: line.receivedFen - listed.receivedFen,
    disbursedFen: line.disbursedFen - listed.disbursedFen,
  };
  sheet.addRow([null, COUNTY_FUND_LABEL, null, null, null, null, null, null, null, ...money(undirected)]);
  sheet.addTotalRow(['小计', `共 ${n} 个项目`, null, null, null, null, null, null, fenToYuan(soughtFen), ...money(line)]);
  sheet.commit();
  return n;
}

async function writeReceipts(wb: StreamWorkbook, input: DonationWorkbookInput, signal?: AbortSignal): Promise<number> {
  const sheet = new TableSheet(wb, RECEIPTS_SHEET, {
    title: donationSheetTitle(input, '捐赠明细（到账及捐赠票据）'),
    columns: RECEIPT_COLUMNS,
  });
  let n = 0;
  let validFen = 0;
  let voided = 0;
  for await (const batch of input.receipts) {
    for (const r of batch) {
      n++;
      if (r.voided) voided++;
      else validFen += r.amountFen;
      sheet.addRow(
        [
          n,
          text(r.receiptNo),
          text(r.officeName),
          text(r.destination),
          text(r.donorName),
          text(r.publicName),
          text(r.donorKindLabel),
          text(r.pledgeNo),
          formatDateCn(r.receivedOn),
          fenToYuan(r.amountFen),
          text(r.bankReference),
          r.voided ? text(`已作废：${r.voidReason ?? ''}`) : '有效',
        ],
        r.voided ? [10, 12] : [],
      );
    }
    await sheet.flush(signal);
  }
  const label = voided ? `共 ${n} 张，其中作废 ${voided} 张` : `共 ${n} 张`;
  sheet.addTotalRow(['合计', label, null, null, null, null, null, null, null, fenToYuan(validFen), null, '不含作废']);
  sheet.addNote(
    '注：作废的票据保留编号，金额以红色标出，不计入合计。公示方式为“匿名”的捐赠，公开页面只显示“匿名”，不显示捐赠人姓名。本表不含电话号码。',
  );
  sheet.commit();
  return n;
}

async function writeDisbursements(wb: StreamWorkbook, input: DonationWorkbookInput, signal?: AbortSignal): Promise<number> {
  const sheet = new TableSheet(wb, DISBURSEMENTS_SHEET, {
    title: donationSheetTitle(input, '资金使用（拨付）明细'),
    columns: DISBURSEMENT_COLUMNS,
  });
  let n = 0;
  let totalFen = 0;
  for await (const batch of input.disbursements) {
    for (const d of batch) {
      n++;
      totalFen += d.amountFen;
      sheet.addRow([
        n,
        text(d.countyName),
        text(d.projectTitle),
        formatDateCn(d.paidOn),
        text(d.payee),
        text(d.purpose),
        fenToYuan(d.amountFen),
        d.hasVoucher ? '有' : '无',
      ]);
    }
    await sheet.flush(signal);
  }
  sheet.addTotalRow(['合计', null, `共 ${n} 笔`, null, null, null, fenToYuan(totalFen), null]);
  sheet.commit();
  return n;
}
