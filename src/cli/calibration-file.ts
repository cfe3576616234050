/** The calibration file named by config `features.calibration` (relative to the config file that names it). */
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { loadCalibration, type Calibration } from '../features/calibrate.js';

export interface ConfiguredCalibration {
  calibration?: Calibration;
  /** Resolved path of the file, when config names one. */
  path?: string;
}

/** Loads the configured calibration; a bad file is a UsageError. */
export function loadConfiguredCalibration(cfg: Config, configFile: string | undefined): ConfiguredCalibration {
  if (!cfg.features.calibration) return {};
  const path = resolve(configFile ? dirname(configFile) : '.', cfg.features.calibration);
  try {
    return { calibration: loadCalibration(path), path };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
