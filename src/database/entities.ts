import { AuditLog } from '../audit/audit-log.entity';
import { SessionRecord } from '../auth/session.entity';
import { User } from '../auth/user.entity';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { County } from '../counties/county.entity';
import { DonationAccount } from '../donations/donation-account.entity';
import { DonationProject } from '../donations/donation-project.entity';
import { DonationReceipt } from '../donations/donation-receipt.entity';
import { Disbursement } from '../donations/disbursement.entity';
import { Pledge } from '../donations/pledge.entity';
import { FairListing } from '../fairs/fair-listing.entity';
import { Fair } from '../fairs/fair.entity';
import { FairCountyTypeTotal } from '../intents/fair-county-type-total.entity';
import { FairProductTypeTotal } from '../intents/fair-product-type-total.entity';
import { FairTypeTotal } from '../intents/fair-type-total.entity';
import { FairUnitTotal } from '../intents/fair-unit-total.entity';
import { IntentListItem } from '../intents/intent-list-item.entity';
import { IntentLine } from '../intents/intent-line.entity';
import { Intent } from '../intents/intent.entity';
import { ReferenceCounter } from '../intents/reference-counter.entity';
import { Objection } from '../objections/objection.entity';
import { Product } from '../products/product.entity';
import { PurchaseTarget } from '../targets/purchase-target.entity';
import { SummaryDueDate } from '../summaries/summary-due-date.entity';
import { SummaryFile } from '../summaries/summary-file.entity';
import { StoredBlob } from '../storage/stored-blob.entity';

/** Every entity, in one list shared by the app, the migration generator and the tests. */
export const ENTITIES = [
  County,
  User,
  BuyerUnit,
  Product,
  Intent,
  IntentLine,
  IntentListItem,
  ReferenceCounter,
  Objection,
  AuditLog,
  Fair,
  FairListing,
  PurchaseTarget,
  SummaryFile,
  SummaryDueDate,
  SessionRecord,
  StoredBlob,
  DonationProject,
  Pledge,
  DonationReceipt,
  Disbursement,
  DonationAccount,
  FairUnitTotal,
  FairTypeTotal,
  FairCountyTypeTotal,
  FairProductTypeTotal,
];
