/**
 * Default synthetic-market parameters, FITTED (not hand-set) by
 *   btc-engine calibrate-market FILE... --out src/feed/synthetic/default-params.ts
 * from the recordings named in `fittedFrom`. Regenerate with that command; do not edit.
 */
import type { SyntheticParams } from './params.js';

export const DEFAULT_PARAMS: SyntheticParams = {
  "version": 1,
  "symbol": "BTCUSDT",
  "tick": "0.1",
  "lot": "0.001",
  "startPxTicks": 651142,
  "windowTicks": 200,
  "qtyBucketEdgesLots": [0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000],
  "levels": [
    {
      "addRatePerS": [6.01689, 9.81439, 12.1121, 10.4583, 5.0788, 7.095, 6.98358, 6.1784, 5.58071, 6.82662],
      "cancelRatePerS": [0, 2.50634, 4.37088, 2.39858, 1.25634, 1.89789, 3.0036, 3.12256, 3.22011, 5.08274],
      "addSizeLots": {
        "lnMean": 3.51154,
        "lnSd": 2.4661
      },
      "cancelFullProb": 0.0113787,
      "cancelShareLogit": {
        "mean": -4.01077,
        "sd": 2.93021
      },
      "occupancy": 1,
      "qtyLots": {
        "lnMean": 8.23074,
        "lnSd": 1.26945
      }
    },
    {
      "addRatePerS": [0.443568, 0.338912, 0.672838, 0.870698, 0.648962, 0.824011, 0.671152, 0.879509, 0.897787, 0.641663],
      "cancelRatePerS": [0, 0.102872, 0.209234, 0.727036, 0.833918, 0.644332, 0.845908, 1.60004, 3.30466, 16.6463],
      "addSizeLots": {
        "lnMean": 3.07424,
        "lnSd": 2.53155
      },
      "cancelFullProb": 0.121319,
      "cancelShareLogit": {
        "mean": -1.34999,
        "sd": 3.37636
      },
      "occupancy": 0.803479,
      "qtyLots": {
        "lnMean": 4.52071,
        "lnSd": 2.69267
      }
    },
    {
      "addRatePerS": [0.145107, 0.261171, 0.177494, 0.353827, 0.278407, 0.318867, 0.397508, 0.535356, 1.27797, 0.559343],
      "cancelRatePerS": [0, 0.273994, 0.153297, 0.43987, 0.615154, 0.808433, 1.42079, 2.17471, 5.49238, 2.42826],
      "addSizeLots": {
        "lnMean": 3.75419,
        "lnSd": 2.40039
      },
      "cancelFullProb": 0.221465,
      "cancelShareLogit": {
        "mean": -0.346153,
        "sd": 3.32678
      },
      "occupancy": 0.609968,
      "qtyLots": {
        "lnMean": 3.86541,
        "lnSd": 2.42048
      }
    },
    {
      "addRatePerS": [0.198844, 0.119041, 0.22427, 0.321534, 0.389336, 0.475188, 0.391128, 0.437735, 0.65865, 0.71414],
      "cancelRatePerS": [0, 0.133685, 0.222118, 0.780307, 0.783814, 0.954157, 1.70655, 1.89117, 4.09063, 12.2926],
      "addSizeLots": {
        "lnMean": 3.93495,
        "lnSd": 2.23641
      },
      "cancelFullProb": 0.242017,
      "cancelShareLogit": {
        "mean": -0.358112,
        "sd": 3.24466
      },
      "occupancy": 0.589295,
      "qtyLots": {
        "lnMean": 3.51833,
        "lnSd": 2.48201
      }
    },
    {
      "addRatePerS": [0.141059, 0.225734, 0.143667, 0.181662, 0.325374, 0.421341, 0.303244, 0.45983, 0.484882, 0.884558],
      "cancelRatePerS": [0, 0.184651, 0.216079, 0.28377, 0.851116, 0.97027, 1.44959, 2.5582, 1.78428, 5.18356],
      "addSizeLots": {
        "lnMean": 4.11202,
        "lnSd": 2.45045
      },
      "cancelFullProb": 0.230216,
      "cancelShareLogit": {
        "mean": -0.606066,
        "sd": 3.37153
      },
      "occupancy": 0.54811,
      "qtyLots": {
        "lnMean": 3.95751,
        "lnSd": 2.70153
      }
    },
    {
      "addRatePerS": [0.131508, 0.174048, 0.209945, 0.372738, 0.37113, 0.232694, 0.405517, 0.232876, 0.4585, 1.5047],
      "cancelRatePerS": [0, 0.113197, 0.140188, 0.819507, 1.11736, 0.911478, 1.47293, 1.94191, 2.13642, 9.41242],
      "addSizeLots": {
        "lnMean": 4.24942,
        "lnSd": 2.16966
      },
      "cancelFullProb": 0.237288,
      "cancelShareLogit": {
        "mean": -0.195655,
        "sd": 3.40993
      },
      "occupancy": 0.56305,
      "qtyLots": {
        "lnMean": 3.67675,
        "lnSd": 2.6472
      }
    },
    {
      "addRatePerS": [0.209387, 0.250581, 0.193955, 0.244539, 0.227227, 0.403325, 0.692394, 0.519134, 1.18626, 1.39387],
      "cancelRatePerS": [0, 0.113952, 0.128911, 0.269378, 0.609354, 1.20852, 2.01469, 2.55993, 3.91526, 7.16905],
      "addSizeLots": {
        "lnMean": 3.98748,
        "lnSd": 2.25182
      },
      "cancelFullProb": 0.193548,
      "cancelShareLogit": {
        "mean": -0.449485,
        "sd": 3.49289
      },
      "occupancy": 0.648493,
      "qtyLots": {
        "lnMean": 3.31788,
        "lnSd": 2.29726
      }
    },
    {
      "addRatePerS": [0.205478, 0.338741, 0.219433, 0.4555, 0.244143, 0.335776, 0.331242, 0.576365, 0.984225, 2.08714],
      "cancelRatePerS": [0, 0.135289, 0.195044, 0.620035, 0.522532, 0.894755, 0.759389, 2.54607, 6.76518, 6.79554],
      "addSizeLots": {
        "lnMean": 4.2876,
        "lnSd": 2.28704
      },
      "cancelFullProb": 0.226054,
      "cancelShareLogit": {
        "mean": 0.267098,
        "sd": 3.39359
      },
      "occupancy": 0.672353,
      "qtyLots": {
        "lnMean": 3.61644,
        "lnSd": 2.31581
      }
    },
    {
      "addRatePerS": [0.179358, 0.43737, 0.255828, 0.438581, 0.498188, 0.418709, 0.697064, 0.984288, 1.57177, 0.771776],
      "cancelRatePerS": [0, 0.208665, 0.181363, 0.400572, 0.57543, 1.0823, 1.37316, 3.27985, 5.0577, 3.68093],
      "addSizeLots": {
        "lnMean": 3.85064,
        "lnSd": 2.2996
      },
      "cancelFullProb": 0.164251,
      "cancelShareLogit": {
        "mean": -0.43878,
        "sd": 3.24246
      },
      "occupancy": 0.634045,
      "qtyLots": {
        "lnMean": 3.63343,
        "lnSd": 2.29287
      }
    },
    {
      "addRatePerS": [0.533162, 0.48745, 0.537046, 0.416539, 0.524603, 0.772622, 0.826941, 0.617379, 0.99663, 0.376966],
      "cancelRatePerS": [0, 0.2129, 0.180282, 0.293482, 0.668481, 1.38529, 1.4709, 2.00486, 2.13087, 0.501488],
      "addSizeLots": {
        "lnMean": 3.41003,
        "lnSd": 2.19869
      },
      "cancelFullProb": 0.152308,
      "cancelShareLogit": {
        "mean": -0.350587,
        "sd": 3.18431
      },
      "occupancy": 0.816637,
      "qtyLots": {
        "lnMean": 3.9025,
        "lnSd": 2.4281
      }
    },
    {
      "addRatePerS": [0.387063, 0.376355, 0.422989, 0.407205, 0.353553, 0.39461, 0.367562, 0.32569, 0.286231, 0.212042],
      "cancelRatePerS": [0, 0.0683826, 0.21137, 0.291793, 0.223131, 0.362574, 0.419143, 0.485123, 0.830216, 1.09254],
      "addSizeLots": {
        "lnMean": 4.97952,
        "lnSd": 2.39631
      },
      "cancelFullProb": 0.109619,
      "cancelShareLogit": {
        "mean": -0.369265,
        "sd": 3.2063
      },
      "occupancy": 0.901407,
      "qtyLots": {
        "lnMean": 5.57827,
        "lnSd": 2.25102
      }
    }
  ],
  "insideSpread": {
    "ratePerTickPerS": 136.941,
    "sizeLots": {
      "lnMean": 6.37515,
      "lnSd": 2.14649
    }
  },
  "market": {
    "baseRatePerS": 0.568512,
    "kernels": [
      {
        "branching": 0.232151,
        "decayPerS": 52.9041
      },
      {
        "branching": 0.691459,
        "decayPerS": 0.329521
      }
    ],
    "buyProb": 0.5,
    "sidePersistence": 0.210316,
    "sizeLots": {
      "lnMean": 2.78781,
      "lnSd": 1.84474,
      "tailFromLots": 682,
      "tailProb": 0.100276,
      "tailAlpha": 1.1024,
      "maxLots": 25661
    },
    "prints": {
      "scale": 0.114941,
      "exponent": 0.558355,
      "weightLnSd": 1.875
    }
  },
  "burnInS": 300,
  "fittedFrom": {
    "command": "btc-engine calibrate-market ../shared/data/bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl ../shared/data/bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl",
    "files": [
      {
        "path": "../shared/data/bybit/bybit_linear_BTCUSDT_ob200_trades_2026-08-09.jsonl",
        "bytes": 220049,
        "sha256": "a78802cddc75d8bbad59e6d800d61b998dd6ae35c33b1c33a2f01559e025d778",
        "spanS": 43.5,
        "depthMessages": 414,
        "levelChanges": 7180,
        "trades": 56
      },
      {
        "path": "../shared/data/bybit/derived_bybit-shaped_ob200_BTCUSDT_2023-04-04.jsonl",
        "bytes": 8659475,
        "sha256": "472818bd8f7da9ba793af8c34da04dd15de5e00fa692b97961775fea99a41f03",
        "spanS": 514.097,
        "depthMessages": 15436,
        "levelChanges": 193942,
        "trades": 12929
      }
    ],
    "notes": [
      "15850 depth messages, 201122 level changes, 3989 market orders (12985 prints)",
      "10 near levels + 1 shared deep row; queue buckets 0,1,3,10,30,100,300,1000,3000,10000 lots; rates shrunk toward the row mean with 1 s pseudo-exposure",
      "market-order buy share in the recordings 0.4069, set to 0.5 so the synthetic price has no drift; side persistence fitted with the recorded share",
      "hawkes: 3989 orders, two exponential terms, log-likelihood 4820.8608 (one term: 4636.4612)",
      "inside-spread rate: direct estimate 3.95648/s per tick and side; simulated-moments fit to the recorded one-tick time share 0.9984 gives 136.941 (synthetic share 0.9987, 9 runs of 300 s, seed 7)"
    ]
  }
};
