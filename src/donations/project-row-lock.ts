import type { EntityManager } from 'typeorm';
import { DonationProject } from './donation-project.entity';

/**
 * Holds a project's row until the caller's transaction ends: on PostgreSQL a SELECT … FOR
 * UPDATE, on SQLite nothing more is needed (one write transaction runs at a time, see
 * sqlite-transaction-gate.ts). Whatever changes a project's balance (recording a disbursement,
 * voiding a receipt) takes it before reading the totals it checks, so two such changes at the
 * same moment run one after the other and the second sees the first.
 */
export async function lockProjectRow(m: EntityManager, projectId: number): Promise<void> {
  await m.getRepository(DonationProject).findOne({
    where: { id: projectId },
    ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}
