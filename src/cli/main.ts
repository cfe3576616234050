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
import { runFeatures } from './features-command.js';
import { runCalibrate } from './calibrate-command.js';
import { runHht } from './hht-command.js';
import { runIngest } from './ingest-command.js';
import { runRecord } from './record-command.js';
import { runStoreExport, runStoreInfo, runStoreVerify, STORE_TABLES } from './store-command.js';
import { runTrain } from './train-command.js';
import { runEvaluate, runPredict } from './evaluate-command.js';
import { runReplay } from './replay-command.js';
import { runPaperCommand } from './paper-command.js';
import { runConfigPrint, runConfigValidate } from './config-command.js';
import { runCalibrateMarket } from './calibrate-market-command.js';
import { runExchange } from './exchange-command.js';
import { runSynthesize } from './synthesize-command.js';
import { ModelError, StoreError } from '../errors.js';

function positiveInt(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be an integer from 1 to ${max}, was "${v}"`);
    return n;
  };
}

/** An integer in [min, max] (for options where 0 or −1 mean "off", as in PyEMD). */
function intInRange(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}, was "${v}"`);
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
  .option('--hht', 'append the HHT columns, computed on a worker thread (default: config features.hht.enabled; settings in features.hht)')
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

program.command('calibrate-market')
  .description('Fit the synthetic market (queue-reactive book, Hawkes market orders, heavy-tailed sizes) from Bybit linear recordings, each read as its own stream; prints the parameters as JSON and a summary.')
  .argument('<files...>', 'Bybit v5 recordings (JSONL or "<recv time> <frame>" lines, .gz, .zip)')
  .option('--out <file>', 'write the parameters to FILE (a .ts FILE gets the module src/feed/synthetic/default-params.ts is)')
  .option('--config <file>', 'YAML config (instrument table)')
  .option('--check <seconds>', 'also generate SECONDS of the fitted market and print its stylised facts beside the recordings\'', positiveInt(1_000_000))
  .option('--seed <n>', 'seed of the --check run', positiveInt(2 ** 31), 1)
  .action(async (files: string[], opts) => {
    process.exitCode = await runCalibrateMarket(files, opts);
  });

program.command('ingest')
  .description('Store recordings in a feature store: every frame in raw, one feature row per applied book message in l2_features. Re-running resumes an interrupted ingest; a source already stored is skipped; with no files, brings the store up to date.')
  .argument('[files...]', 'recordings, read in order as one stream (as for book)')
  .option('--store <dir>', 'the store directory, created if missing (default: config store.dir)')
  .option('--config <file>', 'YAML config; flags override it')
  .addOption(new Option('--exchange <venue>', 'exchange and market of the frames (default: auto)').choices(['auto', ...VENUES]))
  .addOption(new Option('--backend <name>', 'feature kernel (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .option('--extended', 'rows carry the extended set too (default: config features.extended; fixed per store)')
  .option('--hht', 'rows carry the HHT columns too (default: config features.hht.enabled; settings fixed per store)')
  .option('--batch-frames <n>', 'input frames per transaction (default: config store.batchFrames, 2048)', positiveInt(1_000_000))
  .option('--symbol <symbol>', 'instrument symbol (default: from the frames)')
  .option('--tick <size>', 'price tick (default: instrument table)')
  .option('--lot <size>', 'size lot (default: instrument table)')
  .action(async (files: string[], opts) => {
    process.exitCode = await runIngest(files, opts);
  });

program.command('record')
  .description('Record Bybit\'s public linear WebSocket (order book + trades) into a feature store until Ctrl-C/SIGTERM or --duration: every frame with its receive time in raw, its feature rows in l2_features, committed every --batch-frames frames or --flush-ms. One session = one source.')
  .option('--store <dir>', 'the store directory, created if missing (default: config store.dir)')
  .option('--config <file>', 'YAML config; flags override it')
  .option('--symbol <symbol>', 'Bybit linear symbol', 'BTCUSDT')
  .addOption(new Option('--depth <n>', 'orderbook topic depth').choices(['50', '200']).default('200'))
  .option('--url <url>', 'WebSocket URL (default: Bybit mainnet public linear, no keys)')
  .option('--duration <seconds>', 'stop by itself after this long (default: run until Ctrl-C)', (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a number above 0, was "${v}"`);
    return n;
  })
  .addOption(new Option('--backend <name>', 'feature kernel (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .option('--extended', 'rows carry the extended set too (default: config features.extended; fixed per store)')
  .option('--hht', 'rows carry the HHT columns too (default: config features.hht.enabled; fixed per store)')
  .option('--batch-frames <n>', 'most frames per transaction (default: config store.batchFrames, 2048)', positiveInt(1_000_000))
  .option('--flush-ms <ms>', 'longest time a received frame waits for its commit', positiveInt(3_600_000), 1000)
  .option('--tick <size>', 'price tick of a new store (default: instrument table)')
  .option('--lot <size>', 'size lot of a new store (default: instrument table)')
  .action(async (opts) => {
    process.exitCode = await runRecord(opts);
  });

const store = program.command('store').description('Read a feature store: info, verify, export.');
const storeOptions = (c: Command): Command => c
  .option('--store <dir>', 'the store directory (default: config store.dir)')
  .option('--config <file>', 'YAML config');
storeOptions(store.command('info').description('What the store holds: schema, instrument, tables, sources, history.'))
  .action(async (opts) => { process.exitCode = await runStoreInfo(opts); });
storeOptions(store.command('verify').description('Read everything and check it holds together; exits 1 on any inconsistency. --replay also recomputes l2_features from raw and compares.'))
  .option('--replay', 're-derive every source\'s feature rows from its raw frames and compare with the stored rows (bit for bit with the kernels that wrote them)')
  .addOption(new Option('--backend <name>', '--replay with this feature kernel instead of each source\'s own (compared within 1e-9 relative)').choices(['ts', 'wasm', 'native']))
  .action(async (opts) => { process.exitCode = await runStoreVerify(opts); });
storeOptions(store.command('export').description('Write a table: l2_features as `btc-engine features` writes it, l2_training_data with its labels, raw as recording lines.'))
  .addOption(new Option('--table <name>', 'table to export (default: l2_features)').choices([...STORE_TABLES]))
  .addOption(new Option('--format <fmt>', 'row tables: csv (default) or jsonl').choices(['csv', 'jsonl']))
  .option('--source <n>', 'raw: only the frames of source N (see store info)', positiveInt(2 ** 32 - 1))
  .option('--out <file>', 'write to FILE instead of stdout')
  .action(async (opts) => { process.exitCode = await runStoreExport(opts); });

function positiveNumber(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`must be a number above 0 and at most ${max}, was "${v}"`);
    return n;
  };
}

function nonNegative(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`must be a number of at least 0, was "${v}"`);
  return n;
}

function share(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`must be a number from 0 to below 1, was "${v}"`);
  return n;
}

program.command('train')
  .description('Label the store\'s feature rows (l2_training_data), train gradient-boosted trees + a ridge model per horizon on time-ordered splits, and write MODELDIR/model.onnx + manifest.json. Prints the test-part report as JSON.')
  .option('--store <dir>', 'the feature store (default: config store.dir)')
  .option('--out <dir>', 'the model directory to write (default: config model.dir)')
  .option('--config <file>', 'YAML config (model: section); flags override it')
  .addOption(new Option('--backend <name>', 'histogram kernel of the trees: auto = native if built, else wasm; the model is the same bit for bit (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .option('--horizons <list>', 'prediction horizons, e.g. 1s,10s,60s (default: config model.horizons)')
  .option('--seed <n>', 'seed of the row and feature sampling (default: config model.seed, 1)', positiveInt(2 ** 32 - 1))
  .addOption(new Option('--combine <how>', 'trees | ridge | sum (trees on ridge residuals) | blend (default: config model.combine, blend)').choices(['trees', 'ridge', 'sum', 'blend']))
  .option('--rounds <n>', 'most boosting rounds per horizon', positiveInt(100_000))
  .option('--learning-rate <x>', 'shrinkage of each tree', positiveNumber(1))
  .option('--max-depth <n>', 'tree depth limit', positiveInt(32))
  .option('--max-leaves <n>', 'leaves per tree', positiveInt(4096))
  .option('--min-leaf <n>', 'fewest training rows in a leaf', positiveInt(1_000_000_000))
  .option('--row-subsample <x>', 'share of training rows drawn per tree', positiveNumber(1))
  .option('--feature-subsample <x>', 'share of features offered per tree', positiveNumber(1))
  .option('--early-stopping <n>', 'rounds without a better validation loss before stopping', positiveInt(100_000))
  .option('--label-clip <q>', 'winsorise the training labels at quantiles q and 1 − q; 0: raw labels (default: config model.labelClipQuantile, 0.01)', share)
  .option('--ridge-clip <sd>', 'clip the ridge inputs to the training mean ± sd standard deviations; 0: no clip (default: config model.ridge.clipSd, 3)', nonNegative)
  .option('--valid <x>', 'share of rows for validation', share)
  .option('--test <x>', 'share of rows for the out-of-sample test part (0: none)', share)
  .option('--purge-ms <n>', 'gap between the parts, ms of exchange time (default and minimum: the longest horizon)', positiveInt(2 ** 40))
  .option('--exclude <names>', 'comma-separated features the model may not use (default: config model.exclude, the price levels)')
  .option('--from <time>', 'use rows at or after this exchange time (ms or ISO)')
  .option('--to <time>', 'use rows before this exchange time (ms or ISO)')
  .action(async (opts) => { process.exitCode = await runTrain(opts); });

program.command('evaluate')
  .description('Score a saved model on a store\'s rows (out of sample when the store is another recording): one JSON object with IC, Pearson, hit rate, the ridge baseline\'s IC and the best single feature\'s IC per horizon.')
  .option('--model <dir>', 'the model directory (default: config model.dir)')
  .option('--store <dir>', 'the feature store (default: config store.dir)')
  .option('--config <file>', 'YAML config')
  .option('--from <time>', 'only rows at or after this exchange time (ms or ISO)')
  .option('--to <time>', 'only rows before this exchange time (ms or ISO)')
  .action(async (opts) => { process.exitCode = await runEvaluate(opts); });

program.command('predict')
  .description('Run a saved model over every feature row of a store: ts, u and one prediction (bps) per horizon, as CSV or JSONL.')
  .option('--model <dir>', 'the model directory (default: config model.dir)')
  .option('--store <dir>', 'the feature store (default: config store.dir)')
  .option('--config <file>', 'YAML config')
  .addOption(new Option('--format <fmt>', 'output format').choices(['csv', 'jsonl']).default('csv'))
  .option('--out <file>', 'write to FILE instead of stdout')
  .option('--from <time>', 'only rows at or after this exchange time (ms or ISO)')
  .option('--to <time>', 'only rows before this exchange time (ms or ISO)')
  .action(async (opts) => { process.exitCode = await runPredict(opts); });

program.command('hht')
  .description('Decompose one series by EMD and write IMFs, residue, sift counts, the Hilbert spectrum of each IMF and the timing as JSON.')
  .requiredOption('--input <file>', 'JSON with an "input" array (as ../shared/hht-vectors), CSV with a header, or one number per line')
  .option('--column <name>', 'CSV column to read (default: the first), or the array of a JSON object to read (default: input)')
  .addOption(new Option('--mode <mode>', 'reference: PyEMD defaults exactly; fast: at most 50 sifts per IMF').choices(['reference', 'fast']).default('reference'))
  .addOption(new Option('--backend <name>', 'kernel: auto = native if built, else wasm').choices([...BACKEND_CHOICES]).default('auto'))
  .option('--fixe <n>', 'exactly N sifts per IMF; 0 = off (default: the input file\'s FIXE setting, else 0)', intInRange(0, 100_000))
  .option('--fixe-h <n>', 'stop sifting after N sifts in a row with |#extrema − #zero crossings| < 2; 0 = off (default: the file\'s FIXE_H, else 0)', intInRange(0, 100_000))
  .option('--max-imf <n>', 'stop after N IMFs; −1 or 0 = no limit (default: the file\'s max_imf, else −1)', intInRange(-1, 1000))
  .option('--repeat <k>', 'decompose K times and report the median and p99 time', positiveInt(1_000_000), 1)
  .requiredOption('--out <file>', 'output JSON file')
  .action((opts) => {
    process.exitCode = runHht(opts);
  });

const config = program.command('config').description('Show or check the configuration (defaults, the YAML file, BTC_ENGINE_* variables).');
config.command('print').description('Print the effective configuration as YAML (every field, defaults filled in).')
  .option('--config <file>', 'YAML config')
  .action((opts) => { process.exitCode = runConfigPrint(opts); });
config.command('validate').description('Check a config file: exit 0 when valid, 2 naming each bad field, its value and what is allowed.')
  .requiredOption('--config <file>', 'YAML config')
  .action((opts) => { process.exitCode = runConfigValidate(opts); });

program.command('paper')
  .description('Paper-trade live: market data over WebSocket (default: the synthetic market on the engine\'s own loopback exchange, fully offline), features, predictions, execution on the paper venue, risk; state saved and resumed; /health and /metrics; a status line. Ctrl-C stops cleanly.')
  .option('--config <file>', 'YAML config (paper, dashboard, venue, execution, decision, risk, features, model)')
  .option('--feed <feed>', 'synthetic (default), local (a running `btc-engine exchange`), bybit (mainnet public stream) or replay:FILE[,FILE…]')
  .option('--state-dir <dir>', 'where the state lives (default: config paper.stateDir, .btc-engine/paper)')
  .option('--port <n>', 'HTTP port of /health and /metrics (default: config dashboard.port, 8080; 0 = any free port)', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError(`must be an integer from 0 to 65535, was "${v}"`);
    return n;
  })
  .addOption(new Option('--strategy <name>', 'execution strategy (default: config execution.strategy)').choices(['passive', 'aggressive', 'twap']))
  .option('--duration <seconds>', 'stop by itself after this long (default: run until Ctrl-C)', positiveNumber(1e9))
  .action(async (opts) => {
    process.exitCode = await runPaperCommand(opts);
  });

program.command('replay')
  .description('Run the whole engine on recordings — book, features, HHT, predictions, decision, execution, paper venue, portfolio and risk — and write a report. Deterministic: same input and config, byte-identical report.')
  .argument('<files...>', 'recordings, read in order as one stream (as for book)')
  .option('--config <file>', 'YAML config (venue, execution, decision, risk, portfolio, features, model)')
  .option('--report <file>', 'write the JSON report here and a Markdown summary beside it (default: JSON on stdout)')
  .option('--speed <x>', 'replay at X times exchange time (1 = real time; default: as fast as possible)', positiveNumber(1e9))
  .option('--dashboard', 'serve the dashboard (and /health, /metrics) during the replay at dashboard.host:dashboard.port (127.0.0.1:8080)')
  .option('--port <n>', 'dashboard port (default: config dashboard.port, 8080; 0 = any free port)', portArg)
  .option('--dashboard-hold <seconds>', 'keep the dashboard up this long after the replay ends (Ctrl-C stops sooner)', positiveNumber(1e9))
  .addOption(new Option('--backend <name>', 'kernels (default: config kernels, auto)').choices([...BACKEND_CHOICES]))
  .addOption(new Option('--strategy <name>', 'execution strategy (default: config execution.strategy)').choices(['passive', 'aggressive', 'twap']))
  .action(async (files: string[], opts) => {
    process.exitCode = await runReplay(files, opts);
  });

function portArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`must be a port from 0 to 65535, was "${v}"`);
  return n;
}

program.command('synthesize')
  .description('Write SECONDS of the synthetic market to FILE as a Bybit v5 recording (orderbook snapshot + deltas and publicTrade frames, one JSON frame per line, as the local exchange sends them), for ingest / replay / training. Streams to the file: memory stays flat.')
  .requiredOption('--seconds <n>', 'exchange time to generate, seconds')
  .requiredOption('--out <file>', 'the file to write (written as FILE.partial, renamed when complete)')
  .option('--seed <n>', 'synthetic-market seed (default 1; `paper` uses config paper.seed, 1)')
  .addOption(new Option('--depth <n>', 'orderbook topic depth (default 50, as `paper` subscribes)').choices(['50', '200']))
  .option('--params <file>', 'synthetic-market parameters from calibrate-market (default: the fitted defaults)')
  .option('--start <time>', 'exchange time of the first frame, ms or ISO (default 2026-08-09T00:00:00Z)')
  .action((opts) => {
    process.exitCode = runSynthesize(opts);
  });

program.command('exchange')
  .description('Serve a local Bybit-v5-compatible public WebSocket (ws://HOST:PORT/v5/public/linear: orderbook.{1,50,200}, publicTrade, ping) from the synthetic market or recordings, until SIGINT/SIGTERM. Prints the URL first.')
  .option('--port <n>', 'TCP port; 0 = any free port', portArg, 0)
  .option('--host <addr>', 'address to listen on', '127.0.0.1')
  .option('--synthetic', 'serve the synthetic market (the default source)')
  .option('--replay <files...>', 'serve Bybit v5 recordings instead, paced by their exchange ts')
  .option('--params <file>', 'synthetic-market parameters from calibrate-market (default: the fitted defaults)')
  .option('--speed <x>', 'exchange time per wall time', positiveNumber(1e6), 1)
  .addOption(new Option('--depth <n>', 'deepest orderbook topic served').choices(['50', '200']).default('200'))
  .option('--seed <n>', 'synthetic-market seed', positiveInt(2 ** 31), 1)
  .option('--max-buffered <bytes>', 'send-buffer bound per client before frames are dropped (default 1 MiB)', positiveInt(2 ** 30))
  .option('--fault-drop-every <ms>', 'test fault: close every connection every MS ms', positiveInt(2 ** 31))
  .option('--fault-gap-every <n>', 'test fault: skip one u after every N frames of a depth topic', positiveInt(2 ** 31))
  .option('--fault-malformed-every <n>', 'test fault: send a malformed frame after every N market frames', positiveInt(2 ** 31))
  .option('--fault-corrupt-every <n>', 'test fault: garble a level of every Nth depth delta (valid JSON, good u)', positiveInt(2 ** 31))
  .option('--fault-stall-every <ms>', 'test fault: stall every MS ms (with --fault-stall-ms)', positiveInt(2 ** 31))
  .option('--fault-stall-ms <ms>', 'test fault: how long each stall sends nothing', positiveInt(2 ** 31))
  .action(async (opts) => {
    process.exitCode = await runExchange(opts);
  });


try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`btc-engine: ${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof StoreError || err instanceof ModelError) {
    process.stderr.write(`btc-engine: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
