import { validCreditCode } from './factories';

/** A 1×1 PNG: the smallest photo the product form accepts. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The content type a browser sends with an .xlsx file. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A complete product form of 砀山县 (341321) as the browser posts it (multipart, with or without a photo). */
export function validProductForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    code: 'DS-101',
    name: '砀山酥梨',
    category: '蔬菜水果',
    spec: '5kg/箱',
    unit: '箱',
    price: '58.00',
    capacity: '20000',
    minOrder: '10',
    supplierName: '砀山县演示果业专业合作社',
    supplierCreditCode: validCreditCode('93', '341321'),
    certificateNo: '',
    origin: '砀山县良梨镇',
    povertyHouseholds: '35',
    description: '金盖酥梨，皮薄多汁。',
    ...overrides,
  };
}
