/**
 * The ONNX graph of an ensemble (src/model/ensemble.ts), one output per horizon:
 *
 *   features [N, F] double
 *     ├─► TreeEnsembleRegressor (ai.onnx.ml 3; n_targets = H) ─► [N, H] float ─► Cast ─► T [N, H] double
 *     └─► IsNaN ─► Where(missing, fill, features) [─► Max lo ─► Min hi] ─► MatMul W [F, H] ─► Add b [H] ─► L [N, H] double
 *   combine: trees T | ridge L | sum Add(T, L) | blend Add(Mul(T, a), Mul(L, 1 − a))
 *     ─► Split(axis 1) ─► pred_logret_<h>ms [N, 1] double, one per horizon
 *
 * The input is double, not float: the store and the feature kernels hold f64, and
 * a float input would round values across the split thresholds the trees were
 * trained with. Thresholds and leaf values go in as double tensors
 * (nodes_values_as_tensor, target_weights_as_tensor, base_values_as_tensor), which
 * onnxruntime reads for a double input. Every split is BRANCH_LEQ (x <= threshold
 * → true branch = the tree's left child), with its learned NaN direction in
 * nodes_missing_value_tracks_true (1: NaN takes the true branch). Each tree votes
 * for its horizon's target only (target_ids). A horizon without trees gets one
 * leaf of weight 0, so the op always has a tree per target.
 *
 * Opsets: default domain 13, ai.onnx.ml 3 (TreeEnsembleRegressor is deprecated
 * from ai.onnx.ml 5 on); IR version 8.
 */
import { predictionName } from './horizons.js';
import type { Ensemble } from './ensemble.js';
import type { RidgeModel } from './ridge.js';
import {
  attrInt, attrInts, attrString, attrStrings, attrTensor, DOUBLE, doubleTensor, encodeModel, FLOAT, node, valueInfo,
  type OnnxTypes,
} from './onnx-build.js';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
export const ONNX_ML_OPSET = 3;
/** Name of the graph's one input. */
export const INPUT_NAME = 'features';

/** The TreeEnsembleRegressor node of every horizon's trees. */
function treeNode(e: Ensemble): OnnxTypes.INodeProto {
  const treeIds: number[] = []; const nodeIds: number[] = []; const featureIds: number[] = []; const modes: string[] = [];
  const values: number[] = []; const trueIds: number[] = []; const falseIds: number[] = []; const missingTrue: number[] = [];
  const tTree: number[] = []; const tNode: number[] = []; const tTarget: number[] = []; const tWeight: number[] = [];
  let treeId = 0;
  e.horizons.forEach((h, target) => {
    const trees = h.trees.length > 0 ? h.trees : [null];
    for (const t of trees) {
      const count = t ? t.feature.length : 1;
      for (let i = 0; i < count; i++) {
        const leaf = !t || t.feature[i] < 0;
        treeIds.push(treeId); nodeIds.push(i);
        featureIds.push(leaf ? 0 : (t as NonNullable<typeof t>).feature[i]);
        modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
        values.push(leaf ? 0 : (t as NonNullable<typeof t>).threshold[i]);
        trueIds.push(leaf ? 0 : (t as NonNullable<typeof t>).left[i]);
        falseIds.push(leaf ? 0 : (t as NonNullable<typeof t>).right[i]);
        missingTrue.push(leaf ? 0 : (t as NonNullable<typeof t>).missingLeft[i]);
        if (leaf) { tTree.push(treeId); tNode.push(i); tTarget.push(target); tWeight.push(t ? t.value[i] : 0); }
      }
      treeId++;
    }
  });
  return node('TreeEnsembleRegressor', [INPUT_NAME], ['trees_float'], [
    attrString('aggregate_function', 'SUM'),
    attrTensor('base_values_as_tensor', doubleTensor('base_values', [e.horizons.length], e.horizons.map((h) => h.treeBase))),
    attrInt('n_targets', e.horizons.length),
    attrInts('nodes_falsenodeids', falseIds),
    attrInts('nodes_featureids', featureIds),
    attrInts('nodes_missing_value_tracks_true', missingTrue),
    attrStrings('nodes_modes', modes),
    attrInts('nodes_nodeids', nodeIds),
    attrInts('nodes_treeids', treeIds),
    attrInts('nodes_truenodeids', trueIds),
    attrTensor('nodes_values_as_tensor', doubleTensor('nodes_values', [values.length], values)),
    attrString('post_transform', 'NONE'),
    attrInts('target_ids', tTarget),
    attrInts('target_nodeids', tNode),
    attrInts('target_treeids', tTree),
    attrTensor('target_weights_as_tensor', doubleTensor('target_weights', [tWeight.length], tWeight)),
  ], 'ai.onnx.ml');
}

/** The clip bounds every horizon's ridge shares (one Max/Min pair serves them all), or undefined when none clips. */
function sharedClip(e: Ensemble): RidgeModel['clip'] {
  const first = e.horizons[0].ridge.clip;
  const same = (a: Float64Array | undefined, b: Float64Array | undefined): boolean =>
    a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, j) => Object.is(v, b[j])));
  if (e.horizons.some((h) => !same(h.ridge.clip?.lo, first?.lo) || !same(h.ridge.clip?.hi, first?.hi))) {
    throw new Error('the horizons\' ridge models clip their inputs to different bounds: one Max/Min pair cannot serve them');
  }
  return first;
}

/** Builds the model bytes of an ensemble; `docString` goes into the graph (keep it free of wall-clock times). */
export function exportOnnx(e: Ensemble, producerVersion: string, docString = ''): Uint8Array {
  const f = e.featureNames.length;
  const hs = e.horizons.length;
  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: OnnxTypes.ITensorProto[] = [];
  const useTrees = e.combine !== 'ridge';
  const useLinear = e.combine !== 'trees';
  if (useTrees) {
    nodes.push(treeNode(e));
    nodes.push(node('Cast', ['trees_float'], ['trees'], [attrInt('to', DOUBLE)]));
  }
  if (useLinear) {
    const w = new Float64Array(f * hs);
    e.horizons.forEach((h, k) => { for (let j = 0; j < f; j++) w[j * hs + k] = h.ridge.weight[j]; });
    // One fill vector for every horizon: the trainer standardises all horizons with the same training means.
    const fill = e.horizons[0].ridge.fill;
    if (e.horizons.some((h) => h.ridge.fill.some((v, j) => !Object.is(v, fill[j])))) {
      throw new Error('the horizons\' ridge models impute NaN with different values: one Where node cannot serve them');
    }
    inits.push(doubleTensor('ridge_fill', [f], fill), doubleTensor('ridge_weight', [f, hs], w),
      doubleTensor('ridge_bias', [hs], e.horizons.map((h) => h.ridge.intercept)));
    nodes.push(node('IsNaN', [INPUT_NAME], ['missing']));
    nodes.push(node('Where', ['missing', 'ridge_fill', INPUT_NAME], ['filled']));
    let linearIn = 'filled';
    const clip = sharedClip(e);
    if (clip !== undefined) {
      // Clip after the fill, as predictRidge does; Max/Min broadcast the [F] bounds over the rows.
      inits.push(doubleTensor('ridge_clip_lo', [f], clip.lo), doubleTensor('ridge_clip_hi', [f], clip.hi));
      nodes.push(node('Max', ['filled', 'ridge_clip_lo'], ['clipped_lo']));
      nodes.push(node('Min', ['clipped_lo', 'ridge_clip_hi'], ['clipped']));
      linearIn = 'clipped';
    }
    nodes.push(node('MatMul', [linearIn, 'ridge_weight'], ['linear_raw']));
    nodes.push(node('Add', ['linear_raw', 'ridge_bias'], ['linear']));
  }
  let y = e.combine === 'ridge' ? 'linear' : 'trees';
  if (e.combine === 'sum') {
    nodes.push(node('Add', ['trees', 'linear'], ['combined']));
    y = 'combined';
  } else if (e.combine === 'blend') {
    inits.push(doubleTensor('blend_trees', [hs], e.horizons.map((h) => h.treeWeight)),
      doubleTensor('blend_linear', [hs], e.horizons.map((h) => 1 - h.treeWeight)));
    nodes.push(node('Mul', ['trees', 'blend_trees'], ['trees_weighted']));
    nodes.push(node('Mul', ['linear', 'blend_linear'], ['linear_weighted']));
    nodes.push(node('Add', ['trees_weighted', 'linear_weighted'], ['combined']));
    y = 'combined';
  }
  const outputs = e.horizons.map((h) => predictionName(h.horizonMs));
  nodes.push(node('Split', [y], outputs, [attrInt('axis', 1)]));
  const graph: OnnxTypes.IGraphProto = {
    name: 'btc_engine_model', docString, node: nodes, initializer: inits,
    input: [valueInfo(INPUT_NAME, DOUBLE, ['N', f])],
    output: outputs.map((o) => valueInfo(o, DOUBLE, ['N', 1])),
    valueInfo: useTrees ? [valueInfo('trees_float', FLOAT, ['N', hs])] : [],
  };
  return encodeModel({
    irVersion: ONNX_IR_VERSION, producerName: 'btc-engine', producerVersion, graph,
    opsetImport: [{ domain: '', version: ONNX_OPSET }, ...(useTrees ? [{ domain: 'ai.onnx.ml', version: ONNX_ML_OPSET }] : [])],
  });
}
