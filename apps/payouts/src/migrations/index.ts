import { CreatePrograms1763928000000 } from './1763928000000-create-programs';
import { CreateLedgerAndPayouts1765000000000 } from './1765000000000-create-ledger-and-payouts';
import { CreateReconciliationLines1765000000001 } from './1765000000001-create-reconciliation-lines';
import { LedgerBalanceCheckByIndex1765000000002 } from './1765000000002-ledger-balance-check-by-index';
import { LedgerCommitCheckEntriesExist1765000000003 } from './1765000000003-ledger-commit-check-entries-exist';
import { ReconcileTransferReversals1765000000004 } from './1765000000004-reconcile-transfer-reversals';

/** In order; a committed migration is never edited, only followed by a new one. */
export const migrations = [
  CreatePrograms1763928000000,
  CreateLedgerAndPayouts1765000000000,
  CreateReconciliationLines1765000000001,
  LedgerBalanceCheckByIndex1765000000002,
  LedgerCommitCheckEntriesExist1765000000003,
  ReconcileTransferReversals1765000000004,
];
