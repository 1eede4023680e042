import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DemoDonations } from './demo-donations';

/** Shapes of the JSON files under seed/data (the data is kept apart from this code). */
export interface SeedCounty {
  code: string;
  name: string;
  minimumProducts: number;
}
export interface SeedProduct {
  county: string;
  code: string;
  name: string;
  category: string;
  spec: string;
  unit: string;
  priceFen: number;
  capacity: number;
  minOrder: number;
  supplierName: string;
  supplierCreditCode: string;
  certificateNo: string | null;
  origin: string;
  description: string;
  povertyHouseholds: number | null;
}
export interface SeedBuyerUnit {
  key: string;
  name: string;
  type: string;
  creditCode: string;
  contactName: string;
  mobile: string;
  address: string;
  anonymous: boolean;
}
export interface SeedUsers {
  organiser: { username: string; displayName: string };
  counties: { username: string; county: string; displayName: string }[];
  buyers: { username: string; buyerUnit: string }[];
}
export interface SeedIntent {
  buyerUnit: string;
  status: 'submitted' | 'confirmed';
  desiredDeliveryDate: string | null;
  note: string;
  lines: { county: string; product: string; quantity: number }[];
}

export interface DemoData {
  counties: SeedCounty[];
  products: SeedProduct[];
  buyerUnits: SeedBuyerUnit[];
  users: SeedUsers;
  intents: SeedIntent[];
  /** 认领认捐: accounts, projects, pledges, receipts and disbursements (demo-donations.ts). */
  donations: DemoDonations;
}

export const SEED_DATA_DIR = path.resolve(__dirname, '../../seed/data');

function read<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(SEED_DATA_DIR, file), 'utf8')) as T;
}

export function loadDemoData(): DemoData {
  return {
    counties: read('counties.json'),
    products: read('products.json'),
    buyerUnits: read('buyer-units.json'),
    users: read('users.json'),
    intents: read('intents.json'),
    donations: read('donations.json'),
  };
}
