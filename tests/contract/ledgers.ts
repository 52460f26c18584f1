// The per-target ledgers' parts of the Store contract, gathered for store.contract.test.ts: the update ledger
// (updates.ts) and personal follows (follows.ts).
export { updateLedgerContract } from './updates.js';
export { followsContract } from './follows.js';
