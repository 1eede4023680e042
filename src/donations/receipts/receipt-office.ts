import type { SessionUser } from '../../auth/current-user';
import { CITY_OFFICE } from '../donation-office';

/**
 * The office a receipts page acts for (出票单位). Who is signed in decides it: a county
 * operator acts for the county's office, the organiser for the city office (which receives
 * the undirected money to the city's fund). The same service serves both; only this differs.
 */
export interface ReceiptOffice {
  /** 'city' or the county's division code (donation-office.ts): the receipts' `office` column. */
  key: string;
  /** The county whose office it is; null for the city office. */
  countyId: number | null;
  /** 砀山县扶贫开发局 / 市扶贫开发局, or the 户名 of the office's donation account when configured. */
  name: string;
  /** What money without a project goes to: 砀山县捐赠资金（不定向） / 市级捐赠资金（不定向）. */
  fundLabel: string;
  /** Where the office's donations page is: /county/donations or /admin/donations/receipts. */
  indexPath: string;
  /** Where its receipts live: /county/donations/receipts or /admin/donations/receipts. */
  receiptsPath: string;
}

export const COUNTY_DONATIONS_PATH = '/county/donations';
export const CITY_RECEIPTS_PATH = '/admin/donations/receipts';

/** The office's key and paths for a signed-in county operator or organiser (the name is looked up). */
export function officePlaces(user: SessionUser, countyCode: string | null): Omit<ReceiptOffice, 'name' | 'fundLabel'> {
  if (user.role === 'county' && countyCode) {
    return {
      key: countyCode,
      countyId: user.countyId!,
      indexPath: COUNTY_DONATIONS_PATH,
      receiptsPath: `${COUNTY_DONATIONS_PATH}/receipts`,
    };
  }
  return { key: CITY_OFFICE, countyId: null, indexPath: CITY_RECEIPTS_PATH, receiptsPath: CITY_RECEIPTS_PATH };
}
