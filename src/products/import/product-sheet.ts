import { PRODUCT_FIELD_LABELS, ProductInputDto, productValuesFrom, type ProductValues } from '../dto/product-input.dto';
import { EXAMPLE_CODE, IMPORT_COLUMNS, IMPORT_SHEET_NAME } from './import-columns';
import type { SheetSpec } from './sheet-spec';

/** A county's product sheet (产品导入), keyed by the county's product code. */
export const SHEET_SPEC: SheetSpec<ProductValues> = {
  sheetName: IMPORT_SHEET_NAME,
  rowNoun: '产品',
  columns: IMPORT_COLUMNS,
  dto: ProductInputDto,
  keyColumn: 'code',
  nameColumn: 'name',
  keyOf: (_dto, text) => text,
  duplicateMessage: (code, count, rows) => `${PRODUCT_FIELD_LABELS.code}“${code}”在表中出现了 ${count} 次（${rows}），同一编号只能填写一行`,
  rowProblem: (dto) =>
    (dto as ProductInputDto).code === EXAMPLE_CODE
      ? { column: 'code', message: '这是“填写说明”中的示例，请删除这一行，或改成本县真实产品的编号和内容' }
      : null,
  values: (dto) => productValuesFrom(dto as ProductInputDto),
};

/** The module the parse worker loads for product sheets. */
export const PRODUCT_SHEET_MODULE = __filename;
