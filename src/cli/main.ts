#!/usr/bin/env node
/**
 * `btc-engine` command line. Each subcommand lives in its own module; this file
 * only declares options. Bad usage exits 2 with a one-line message; bad input
 * data is counted and reported by the commands themselves.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { BACKEND_CHOICES } from '../book/backends.js';
import { VENUES } from '../feed/instrument.js';
import { runBook } from './book-command.js';
import { runDemo } from './demo-command.js';
import { runFeatures } from './features-command.js';
import { runCalibrate } from './calibrate-command.js';

function positiveInt(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be an integer from 1 to ${max}, was "${v}"`);
    return n;
  };
}

const program = new Command('btc-engine')
  .description('Paper-trading engine for BTC perpetuals: L2 book, features, models, passive execution.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride((err) => {
    // Help and version exit 0; every usage error exits 2, like UsageError below.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

program.command('book')
  .description('Rebuild the L2 order book of a recording and print best bid/ask, top levels or a summary.')
  .argument('<files...>', 'recordings, read in order as one stream (JSONL, "<recv time> <frame>" lines, .gz, .zip)')
  .option('--config <file>', 'YAML config (instrument table, kernels); flags override it')
  .addOption(new Option('--exchange <venue>', 'exchange and market of the frames (default: auto)').choices(['auto', ...VENUES]))
  .addOption(new Option('--backend <name>', 'kernel: auto = native if built, else wasm (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .addOption(new Option('--emit <what>', 'bbo: a line per applied book message; top: with --depth levels; summary: one object at the end').choices(['bbo', 'top', 'summary']).default('bbo'))
  .option('--depth <n>', 'levels per side for --emit top', positiveInt(1000), 10)
  .option('--symbol <symbol>', 'instrument symbol (default: from the frames)')
  .option('--tick <size>', 'price tick (default: instrument table, e.g. 0.1 for Bybit BTCUSDT)')
  .option('--lot <size>', 'size lot (default: instrument table, e.g. 0.001 for Bybit BTCUSDT)')
  .option('--strict', 'exit 1 if any input was rejected, a gap or a crossed book was seen', false)
  .action(async (files: string[], opts) => {
    process.exitCode = await runBook(files, opts);
  });

program.command('features')
  .description('Compute the L2 feature row of every applied book message of a recording (CSV or JSONL).')
  .argument('<files...>', 'recordings, read in order as one stream (as for book)')
  .option('--config <file>', 'YAML config; flags override it')
  .addOption(new Option('--exchange <venue>', 'exchange and market of the frames (default: auto)').choices(['auto', ...VENUES]))
  .addOption(new Option('--backend <name>', 'feature kernel: ts reference, wasm, native; auto = native if built, else wasm (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .addOption(new Option('--format <fmt>', 'output format').choices(['csv', 'jsonl']).default('csv'))
  .option('--every <k>', 'print every K-th row only', positiveInt(1_000_000_000), 1)
  .option('--extended', 'append the extended set: raw 10-level ladder, extra bps bands (default: config features.extended)')
  .option('--out <file>', 'write to FILE instead of stdout')
  .option('--symbol <symbol>', 'instrument symbol (default: from the frames)')
  .option('--tick <size>', 'price tick (default: instrument table)')
  .option('--lot <size>', 'size lot (default: instrument table)')
  .action(async (files: string[], opts) => {
    process.exitCode = await runFeatures(files, opts);
  });

program.command('calibrate')
  .description('Fit the VPIN bucket size, the iOFI weights and the micro-price g* table from recordings into one JSON file (config features.calibration).')
  .argument('<files...>', 'recordings, read in order as one stream (as for book)')
  .option('--out <file>', 'write the calibration JSON to FILE instead of stdout')
  .option('--config <file>', 'YAML config; flags override it')
  .addOption(new Option('--exchange <venue>', 'exchange and market of the frames (default: auto)').choices(['auto', ...VENUES]))
  .option('--symbol <symbol>', 'instrument symbol (default: from the frames)')
  .option('--tick <size>', 'price tick (default: instrument table)')
  .option('--lot <size>', 'size lot (default: instrument table)')
  .action(async (files: string[], opts) => {
    process.exitCode = await runCalibrate(files, opts);
  });

program.command('demo')
  .description('Replay a small Bybit-format stream the engine generates itself through the book (what `npm start` runs until paper trading lands).')
  .addOption(new Option('--backend <name>', 'kernel').choices([...BACKEND_CHOICES]).default('auto'))
  .option('--messages <n>', 'frames to generate', positiveInt(10_000_000), 5000)
  .option('--seed <n>', 'generator seed', positiveInt(2 ** 31), 42)
  .action((opts) => {
    process.exitCode = runDemo(opts);
  });

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`btc-engine: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
