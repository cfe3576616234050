{
  # Native addon btc_engine: order-book kernel (native/src/book.cc, tick_trie.cc),
  # its N-API class (addon.cc), the frame scanner (scanner*.cc), the feature
  # kernel fused into the book (feature_*.cc, class FeatureBook) and the EMD +
  # Hilbert kernel (hht_*.cc, class Hht) and the trainer's histogram kernel
  # (hist_*.cc).
  # Built by scripts/build-native.mjs through node-pre-gyp, which passes
  # module_name / module_path from package.json "binary"; the defaults below let
  # a plain `node-gyp rebuild` land the addon in the same place:
  # build/native/btc_engine.node (src/native/load.ts loads it from there).
  "variables": {
    "module_name%": "btc_engine",
    "module_path%": "<(module_root_dir)/build/native"
  },
  "targets": [
    {
      "target_name": "btc_engine",
      "sources": [
        "native/src/addon.cc",
        "native/src/book.cc",
        "native/src/tick_trie.cc",
        "native/src/scanner.cc",
        "native/src/scan_decode.cc",
        "native/src/scan_json.cc",
        "native/src/scan_decimal.cc",
        "native/src/scanner_napi.cc",
        "native/src/feature_napi.cc",
        "native/src/feature_book.cc",
        "native/src/feature_params.cc",
        "native/src/feature_static.cc",
        "native/src/feature_scan.cc",
        "native/src/feature_head.cc",
        "native/src/feature_flow.cc",
        "native/src/feature_dynamics.cc",
        "native/src/feature_trades.cc",
        "native/src/hht_napi.cc",
        "native/src/hht_emd.cc",
        "native/src/hht_extrema.cc",
        "native/src/hht_extrema_avx2.cc",
        "native/src/hht_mirror.cc",
        "native/src/hht_spline.cc",
        "native/src/hht_solve.cc",
        "native/src/hht_eval.cc",
        "native/src/hht_eval_short.cc",
        "native/src/hht_stop.cc",
        "native/src/hht_fft.cc",
        "native/src/hht_hilbert.cc",
        "native/src/hist_kernel.cc",
        "native/src/hist_napi.cc",
        "native/src/flock_napi.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native/src"
      ],
      "defines": [
        "NAPI_DISABLE_CPP_EXCEPTIONS",
        "NAPI_VERSION=8"
      ],
      # C++ exceptions stay compiled in only so addon.cc can catch std::bad_alloc
      # from node-pool growth at the N-API boundary; node-addon-api itself never
      # throws (NAPI_DISABLE_CPP_EXCEPTIONS). No -ffast-math, and no FMA
      # contraction (-ffp-contract=off): the kernels must round where the TS
      # reference rounds, operation for operation.
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O3", "-fvisibility=hidden", "-ffp-contract=off"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-fvisibility=hidden", "-ffp-contract=off"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-ffp-contract=off"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": {
          "ExceptionHandling": 1,
          "AdditionalOptions": ["/std:c++17", "/fp:precise"]
        }
      }
    },
    {
      # Copies the addon to module_path (build/native/btc_engine.node).
      "target_name": "action_after_build",
      "type": "none",
      "dependencies": ["btc_engine"],
      "copies": [
        {
          "files": ["<(PRODUCT_DIR)/btc_engine.node"],
          "destination": "<(module_path)"
        }
      ]
    }
  ]
}
