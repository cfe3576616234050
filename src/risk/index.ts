/** Risk limits, market breakers and kill switches. */
export { RiskManager, type RiskOptions, type RiskSnapshot } from './risk-manager.js';
export {
  BREAKERS, MARKET_BREAKERS, KILL_SWITCHES, REFUSALS,
  type BreakerName, type MarketBreaker, type KillSwitch, type RefusalName,
  type PreTradeOrder, type PreTradeState, type RiskRefusal, type MarketHealth, type RiskEvent, type RiskLog,
} from './types.js';
