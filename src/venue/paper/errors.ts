/**
 * Error text of the paper venue. It lives here rather than in src/errors.ts only
 * because other modules were being edited concurrently; move it there when convenient.
 * Bad samples files are configuration input, so they are UsageErrors (printed
 * without a stack trace by the CLI).
 */
import { UsageError } from '../../errors.js';

export const paperErrors = {
  samplesUnreadable: (path: string, cause: string) =>
    new UsageError(`latency samples file ${path} cannot be read: ${cause}`),
  samplesEmpty: (path: string) =>
    new UsageError(`latency samples file ${path} holds no samples: write one latency in ms per line, or a JSON array of ms`),
  samplesBadJson: (path: string, cause: string) =>
    new UsageError(`latency samples file ${path} is not a valid JSON array: ${cause}`),
  sampleInvalid: (path: string, where: string, text: string) =>
    new UsageError(`latency samples file ${path}, ${where}: sample must be a finite number of ms >= 0, was ${JSON.stringify(text)}`),
  /** A programmatic argument out of range (constructor options, sample arrays). */
  badOption: (name: string, rule: string, was: unknown) =>
    new RangeError(`${name} must be ${rule}, was ${String(was)}`),
};
