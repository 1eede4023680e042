import type { ValueTransformer } from 'typeorm';

/** bigint columns come back from PostgreSQL as strings; every amount is a safe integer of fen. */
export const BIGINT_FEN: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};
