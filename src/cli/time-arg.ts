/** Parses a time bound given on the command line: exchange-time ms since the epoch, or an ISO 8601 date/time. */
import { UsageError } from '../errors.js';

export function parseTimeArg(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms)) throw new UsageError(`${flag} must be exchange-time ms since the epoch or an ISO time such as 2023-04-05T00:00:00Z, was "${text}"`);
  return ms;
}
