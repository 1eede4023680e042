import { fenToYuanString } from '../../common/money';
import type { DonationProject } from '../donation-project.entity';
import { DONATION_TEXT_LIMITS } from '../donation-limits';
import { PROJECT_KIND_LABELS, PROJECT_KINDS } from '../project-kinds';
import { PROJECT_STATUS_LABELS } from '../project-status';
import { CLAIM_MODE_LABELS } from './dto/project-input.dto';
import { editModeOf } from './project-rules';

/** The options and limits the project form shows. */
export const PROJECT_FORM_OPTIONS = {
  kinds: PROJECT_KINDS.map((value) => ({ value, label: PROJECT_KIND_LABELS[value] })),
  claimModes: Object.entries(CLAIM_MODE_LABELS).map(([value, label]) => ({ value, label })),
  limits: DONATION_TEXT_LIMITS,
};

/** A project with the labels every page prints beside its codes. */
export function labelled<P extends DonationProject>(p: P) {
  return {
    ...p,
    kindLabel: PROJECT_KIND_LABELS[p.kind],
    statusLabel: PROJECT_STATUS_LABELS[p.status],
    claimModeLabel: CLAIM_MODE_LABELS[p.claimMode],
    place: [p.township, p.village].filter(Boolean).join(' '),
    claimed: p.claimedByPledgeId !== null,
  };
}

/** The form's values for an existing project (as the inputs show them). */
export function projectFormValues(p: DonationProject): Record<string, string> {
  return {
    title: p.title,
    kind: p.kind,
    township: p.township,
    village: p.village ?? '',
    description: p.description,
    amount: p.soughtFen === null ? '' : fenToYuanString(p.soughtFen),
    goodsSought: p.goodsSought ?? '',
    beneficiaryHouseholds: p.beneficiaryHouseholds === null ? '' : String(p.beneficiaryHouseholds),
    beneficiaryPeople: p.beneficiaryPeople === null ? '' : String(p.beneficiaryPeople),
    contactOffice: p.contactOffice,
    contactPhone: p.contactPhone ?? '',
    deadline: p.deadline,
    claimMode: p.claimMode,
    acceptsUndirected: p.acceptsUndirected ? 'on' : '',
  };
}

/** What the county may do with the project now, for its page. */
export function countyActionsFor(p: DonationProject) {
  const mode = editModeOf(p);
  return {
    canEdit: mode !== 'none',
    correctionsOnly: mode === 'published',
    canSubmit: p.status === 'draft' || p.status === 'returned',
    canWithdraw: p.status === 'pending',
  };
}
