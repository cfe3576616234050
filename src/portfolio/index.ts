/** Portfolio accounting and transaction-cost analysis. */
export { Portfolio, type PortfolioOptions, type PortfolioSnapshot } from './portfolio.js';
export { type LedgerRecord, type EquityPoint, slippageBps, sideSign } from './ledger.js';
export { Tca, ADVERSE_HORIZONS_MS, adverseSelectionBps, type AdverseHorizon, type TcaReport, type TcaStats } from './tca.js';
