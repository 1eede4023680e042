/**
 * The rows the exported workbooks are written from: plain objects, amounts in integer fen.
 * The writers take them as async iterables of batches, so the same writer serves the HTTP
 * download, the command line and the benchmark, whatever the rows are read from.
 */
import type { IntentStatus } from '../intents/intent-status';

/** One intent line with what a sheet shows of its intent, buyer unit, product and county. */
export interface LineRow {
  lineId: number;
  referenceNo: string;
  status: IntentStatus;
  buyerUnitName: string;
  buyerUnitType: string;
  contactName: string;
  contactPhone: string;
  countyName: string;
  productCode: string;
  productName: string;
  spec: string;
  unit: string;
  supplierName: string;
  quantity: number;
  unitPriceFen: number;
  /** Recorded at the stand (签约) and on delivery (成交); null until then. */
  signedQuantity: number | null;
  deliveredQuantity: number | null;
}

/** 甲方 of a 购销意向书: the buyer unit as registered. */
export interface LetterUnit {
  id: number;
  name: string;
  type: string;
  creditCode: string;
  contactName: string;
  mobile: string;
  address: string;
}

/** One of the unit's intents that the letter covers. */
export interface LetterIntent {
  referenceNo: string;
  desiredDeliveryDate: string | null;
}

/** Everything one 购销意向书 is written from; `lines` is read only while its sheet is written. */
export interface LetterInput {
  unit: LetterUnit;
  intents: LetterIntent[];
  lines: AsyncIterable<LineRow[]>;
}

/** What a writer reports back, for the command line's summary and the benchmark. */
export interface WriteSummary {
  sheets: number;
  lines: number;
  intendedFen: number;
}
