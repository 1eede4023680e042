import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { DONATION_TEXT_LIMITS as L } from './donation-limits';

/** 捐赠账户: where a pledge tells the donor to pay, configured by the organiser per office. */
@Entity('donation_account')
export class DonationAccount extends BaseEntity {
  /** 'city' or the county's division code (see donation-office.ts). */
  @Index('UQ_donation_account_office', { unique: true })
  @Column({ type: 'varchar', length: 10 })
  office: string;

  /** 户名 */
  @Column({ type: 'varchar', length: L.accountName })
  accountName: string;

  /** 开户行 */
  @Column({ type: 'varchar', length: L.bankName })
  bankName: string;

  /** 账号 */
  @Column({ type: 'varchar', length: L.accountNo })
  accountNo: string;

  /** e.g. 汇款时请注明认捐编号 */
  @Column({ type: 'varchar', length: L.accountNote, nullable: true })
  note: string | null;
}
