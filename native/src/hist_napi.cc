// N-API functions of the histogram kernel (hist_kernel.h) for
// src/model/histogram-native.ts, registered on the module exports by
// InitHistogram (called from addon.cc's module init). Stateless: the arrays are
// the caller's, read and written in place during the call, and kept by nobody.
//
//   histBuildBatch(bins: Uint8Array, nRows, nFeatures, rows: Uint32Array, rowCount,
//                  grad: Float64Array, feats: Int32Array, featCount,
//                  gathered: Float64Array, out: Float64Array, variant: 0 | 1): number
//       0, or HIST_E_FEATURE / HIST_E_ROW (a feature / row index out of range; the
//       wrapper names the element). variant 0 = plain loops, 1 = 4-slot unrolled.
//   histSubtractBatch(parent, child: Float64Array, featCount, out: Float64Array): number
//       0; out = parent − child over featCount · HIST_STRIDE slots.
//
// Errors: a wrong type throws TypeError, a count beyond its array or arrays that
// overlap throw RangeError, each naming the argument (the wrapper has made the
// same checks, these keep a bad direct call from touching foreign memory). No C++
// exception is thrown or crosses the boundary.
#include <napi.h>

#include <cstdint>
#include <string>

#include "hist_kernel.h"
#include "napi_args.h"

namespace {

using btc::hist::HIST_STRIDE;
using btc::napi_args::GetInt;
using btc::napi_args::Overlap;

constexpr double MAX_INDEX = 2147483647.0;

/** A typed array of `type` as data pointer and element count, or a TypeError naming it. */
template <typename T>
bool GetArray(Napi::Env env, const Napi::Value& v, napi_typedarray_type type, const char* name, const char* typeName,
              T** data, size_t* length) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    Napi::TypeError::New(env, std::string(name) + " must be " + typeName).ThrowAsJavaScriptException();
    return false;
  }
  napi_typedarray_type t;
  void* p = nullptr;
  if (napi_get_typedarray_info(env, v, &t, length, &p, nullptr, nullptr) != napi_ok) {
    if (!env.IsExceptionPending()) Napi::TypeError::New(env, std::string(name) + " was detached").ThrowAsJavaScriptException();
    return false;
  }
  *data = static_cast<T*>(p);
  return true;
}

bool Fail(Napi::Env env, const std::string& msg) {
  Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

bool AtLeast(Napi::Env env, const char* name, size_t length, double need, const char* what) {
  if (static_cast<double>(length) >= need) return true;
  return Fail(env, std::string(name) + ".length must be at least " + what + " (" + std::to_string(static_cast<uint64_t>(need)) +
                       "), was " + std::to_string(length));
}

Napi::Value BuildBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t* bins; uint32_t* rows; double* grad; int32_t* feats; double* gathered; double* out;
  size_t binsLen, rowsLen, gradLen, featsLen, gatheredLen, outLen;
  double nRows, nFeatures, rowCount, featCount, variant;
  if (!GetArray(env, info[0], napi_uint8_array, "bins", "a Uint8Array", &bins, &binsLen) ||
      !GetInt(env, info[1], "nRows", 0, MAX_INDEX, &nRows) || !GetInt(env, info[2], "nFeatures", 0, MAX_INDEX, &nFeatures) ||
      !GetArray(env, info[3], napi_uint32_array, "rows", "a Uint32Array", &rows, &rowsLen) ||
      !GetInt(env, info[4], "rowCount", 0, static_cast<double>(rowsLen), &rowCount) ||
      !GetArray(env, info[5], napi_float64_array, "grad", "a Float64Array", &grad, &gradLen) ||
      !GetArray(env, info[6], napi_int32_array, "feats", "an Int32Array", &feats, &featsLen) ||
      !GetInt(env, info[7], "featCount", 0, static_cast<double>(featsLen), &featCount) ||
      !GetArray(env, info[8], napi_float64_array, "gathered", "a Float64Array", &gathered, &gatheredLen) ||
      !GetArray(env, info[9], napi_float64_array, "out", "a Float64Array", &out, &outLen) ||
      !GetInt(env, info[10], "variant", 0, 1, &variant)) {
    return env.Undefined();
  }
  if (static_cast<double>(binsLen) != nRows * nFeatures) {
    Fail(env, "bins.length must equal nRows × nFeatures (" + std::to_string(static_cast<uint64_t>(nRows * nFeatures)) +
                  "), was " + std::to_string(binsLen));
    return env.Undefined();
  }
  const double outNeed = featCount * HIST_STRIDE;
  if (!AtLeast(env, "grad", gradLen, nRows, "nRows") || !AtLeast(env, "gathered", gatheredLen, rowCount, "rowCount") ||
      !AtLeast(env, "out", outLen, outNeed, "featCount × HIST_STRIDE")) {
    return env.Undefined();
  }
  const size_t outBytes = static_cast<size_t>(outNeed) * 8, gBytes = static_cast<size_t>(rowCount) * 8;
  if (Overlap(out, outBytes, gathered, gBytes) || Overlap(out, outBytes, bins, binsLen) ||
      Overlap(out, outBytes, rows, rowsLen * 4) || Overlap(out, outBytes, grad, gradLen * 8) ||
      Overlap(out, outBytes, feats, featsLen * 4) || Overlap(gathered, gBytes, rows, rowsLen * 4) ||
      Overlap(gathered, gBytes, feats, featsLen * 4) || Overlap(gathered, gBytes, bins, binsLen)) {
    Fail(env, "out and gathered must not overlap each other or the inputs");
    return env.Undefined();
  }
  const int32_t rc = btc::hist::BuildHistograms(
      bins, static_cast<uint32_t>(nRows), static_cast<uint32_t>(nFeatures), rows, static_cast<uint32_t>(rowCount), grad,
      feats, static_cast<uint32_t>(featCount), gathered, out, static_cast<btc::hist::Variant>(static_cast<int32_t>(variant)));
  return Napi::Number::New(env, rc);
}

Napi::Value SubtractBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double* parent; double* child; double* out;
  size_t parentLen, childLen, outLen;
  double featCount;
  if (!GetArray(env, info[0], napi_float64_array, "parent", "a Float64Array", &parent, &parentLen) ||
      !GetArray(env, info[1], napi_float64_array, "child", "a Float64Array", &child, &childLen) ||
      !GetInt(env, info[2], "featCount", 0, MAX_INDEX, &featCount) ||
      !GetArray(env, info[3], napi_float64_array, "out", "a Float64Array", &out, &outLen)) {
    return env.Undefined();
  }
  const double need = featCount * HIST_STRIDE;
  if (!AtLeast(env, "parent", parentLen, need, "featCount × HIST_STRIDE") ||
      !AtLeast(env, "child", childLen, need, "featCount × HIST_STRIDE") ||
      !AtLeast(env, "out", outLen, need, "featCount × HIST_STRIDE")) {
    return env.Undefined();
  }
  // out may alias parent or child exactly (element i only reads i); a shifted overlap would not be elementwise.
  const size_t bytes = static_cast<size_t>(need) * 8;
  if ((out != parent && Overlap(out, bytes, parent, bytes)) || (out != child && Overlap(out, bytes, child, bytes))) {
    Fail(env, "out must be parent, child or a separate array");
    return env.Undefined();
  }
  btc::hist::SubtractHistograms(parent, child, static_cast<uint32_t>(featCount), out);
  return Napi::Number::New(env, btc::hist::HIST_OK);
}

}  // namespace

void InitHistogram(Napi::Env env, Napi::Object exports) {
  exports.Set("histBuildBatch", Napi::Function::New<BuildBatch>(env, "histBuildBatch"));
  exports.Set("histSubtractBatch", Napi::Function::New<SubtractBatch>(env, "histSubtractBatch"));
}
