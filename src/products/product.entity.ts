import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { County } from '../counties/county.entity';
import type { ProductStatus } from './product-options';
import { PRODUCT_TEXT_LIMITS } from './product-limits';

/** 扶贫产品: one county's listing for the fair. */
@Entity('product')
@Index('UQ_product_county_code', ['countyId', 'code'], { unique: true })
@Index('IDX_product_status_county', ['status', 'countyId'])
@Index('IDX_product_status_category', ['status', 'category'])
@Index('IDX_product_status_price', ['status', 'priceFen'])
@Index('IDX_product_status_published', ['status', 'publishedAt'])
export class Product extends BaseEntity {
  @Column({ type: 'integer' })
  countyId: number;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: County;

  /** The county's own product code (产品编号), unique within the county; import matches on it. */
  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.code })
  code: string;

  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.name })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  category: string;

  /** 规格, e.g. 5kg/箱 */
  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.spec })
  spec: string;

  /** 计量单位, e.g. 箱 */
  @Column({ type: 'varchar', length: 10 })
  unit: string;

  /** Reference unit price in fen (分). */
  @Column({ type: 'integer' })
  priceFen: number;

  /** Supply capacity (可供量) in the product's unit. */
  @Column({ type: 'integer' })
  capacity: number;

  /** Minimum order quantity (起订量) in the product's unit. */
  @Column({ type: 'integer', default: 1 })
  minOrder: number;

  /** 供货主体: enterprise, cooperative or family farm. */
  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.supplierName })
  supplierName: string;

  @Column({ type: 'varchar', length: 18 })
  supplierCreditCode: string;

  /** 扶贫产品认定编号 (optional). */
  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.certificateNo, nullable: true })
  certificateNo: string | null;

  /** 产地: township / village. */
  @Column({ type: 'varchar', length: PRODUCT_TEXT_LIMITS.origin })
  origin: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** 带贫户数: poor households the product helps (optional). */
  @Column({ type: 'integer', nullable: true })
  povertyHouseholds: number | null;

  /** Generated storage key of the product image (see the uploads storage), if any. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  imageKey: string | null;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: ProductStatus;

  /** The reviewer's reason when returned (已退回). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewReason: string | null;

  /**
   * Edits to a published product's reviewed fields (name, category, supplier, credit code,
   * price, capacity, certificate; see pending-changes.ts) that wait for review; the approved
   * values stay in the columns (and on public pages) until then.
   */
  @Column({ type: 'simple-json', nullable: true })
  pendingChanges: Record<string, unknown> | null;

  @Column({ type: TIMESTAMP, nullable: true })
  publishedAt: Date | null;
}
