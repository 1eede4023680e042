import type { ProductValues } from './dto/product-input.dto';
import { describePendingChanges, isUnchanged, planProductChange, productFormValues, publicValuesOfPending } from './pending-changes';
import type { Product } from './product.entity';

const approved: ProductValues = {
  code: 'DS-001',
  name: '砀山酥梨',
  category: '蔬菜水果',
  spec: '5kg/箱',
  unit: '箱',
  priceFen: 5800,
  capacity: 20000,
  minOrder: 10,
  supplierName: '砀山县演示果业专业合作社',
  supplierCreditCode: '93341321MA0000001X',
  certificateNo: null,
  origin: '砀山县良梨镇',
  povertyHouseholds: 35,
  description: '皮薄多汁',
};

function product(overrides: Partial<Product> = {}): Product {
  return {
    id: 1,
    countyId: 1,
    status: 'published',
    reviewReason: null,
    pendingChanges: null,
    imageKey: null,
    ...approved,
    ...overrides,
  } as Product;
}

describe('planProductChange', () => {
  it('applies every value at once on a product the public does not see', () => {
    for (const status of ['draft', 'returned', 'withdrawn', 'submitted'] as const) {
      const values = { ...approved, name: '新名称', priceFen: 5200, description: '新介绍' };
      expect(planProductChange(product({ status, reviewReason: '请补充' }), values)).toEqual(values);
    }
  });

  it('holds back a published product’s name, category, supplier, credit code, price, capacity and certificate', () => {
    const values: ProductValues = {
      ...approved,
      name: '砀山酥梨（新季）',
      category: '粮油米面',
      supplierName: '另一合作社',
      supplierCreditCode: '93341321MA0000002X',
      priceFen: 5200,
      capacity: 500,
      certificateNo: '皖扶产认〔2020〕0001',
      spec: '10kg/箱',
      minOrder: 5,
      origin: '砀山县葛集镇',
      povertyHouseholds: 40,
      description: '新介绍',
    };
    const change = planProductChange(product(), values);
    expect(change.pendingChanges).toEqual({
      name: '砀山酥梨（新季）',
      category: '粮油米面',
      supplierName: '另一合作社',
      supplierCreditCode: '93341321MA0000002X',
      priceFen: 5200,
      capacity: 500,
      certificateNo: '皖扶产认〔2020〕0001',
    });
    expect(change).toMatchObject({ spec: '10kg/箱', minOrder: 5, origin: '砀山县葛集镇', povertyHouseholds: 40, description: '新介绍' });
    for (const field of ['name', 'category', 'supplierName', 'supplierCreditCode', 'priceFen', 'capacity', 'certificateNo']) {
      expect(change).not.toHaveProperty(field);
    }
  });

  it('keeps a pending change that the edit repeats, and cancels one set back to the approved value', () => {
    const p = product({ pendingChanges: { capacity: 500, priceFen: 5200 } });
    expect(planProductChange(p, { ...approved, capacity: 500, priceFen: 5200, description: 'x' }).pendingChanges).toEqual({
      priceFen: 5200,
      capacity: 500,
    });
    expect(planProductChange(p, { ...approved, capacity: 500 }).pendingChanges).toEqual({ capacity: 500 });
    expect(planProductChange(p, approved).pendingChanges).toBeNull();
  });

  it('clears the last return reason when changes go to review, and keeps it otherwise', () => {
    const returned = product({ reviewReason: '价格偏高' });
    expect(planProductChange(returned, { ...approved, priceFen: 5000 }).reviewReason).toBeNull();
    expect(planProductChange(returned, { ...approved, description: '只改介绍' })).not.toHaveProperty('reviewReason');
  });
});

describe('isUnchanged', () => {
  it('sees a row that repeats the pending values as unchanged, and the approved values as a change', () => {
    const p = product({ pendingChanges: { priceFen: 5200 } });
    expect(isUnchanged(p, { ...approved, priceFen: 5200 })).toBe(true);
    expect(isUnchanged(p, approved)).toBe(false);
    expect(isUnchanged(product(), approved)).toBe(true);
    expect(isUnchanged(product({ status: 'draft' }), { ...approved, name: '新' })).toBe(false);
  });
});

describe('the pending values on the form and the review page', () => {
  const p = product({ pendingChanges: { capacity: 500, name: '新名称', priceFen: 5250, certificateNo: '皖0001' } });

  it('shows every pending value in the form, the price in yuan', () => {
    expect(productFormValues(p)).toMatchObject({ name: '新名称', capacity: 500, price: '52.50', certificateNo: '皖0001', spec: '5kg/箱' });
    expect(publicValuesOfPending(p)).toEqual({ name: '砀山酥梨', price: '¥58.00', capacity: '20,000', certificateNo: '（空）' });
  });

  it('lists before → after in the fields’ display order', () => {
    expect(describePendingChanges(p)).toEqual([
      { field: 'name', label: '产品名称', before: '砀山酥梨', after: '新名称' },
      { field: 'price', label: '参考单价', before: '¥58.00', after: '¥52.50' },
      { field: 'capacity', label: '可供量', before: '20,000', after: '500' },
      { field: 'certificateNo', label: '扶贫产品认定编号', before: '（空）', after: '皖0001' },
    ]);
  });
});
