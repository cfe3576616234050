// Argument checks shared by the N-API classes (addon.cc Book, feature_napi.cc
// FeatureBook): each failure throws a TypeError / RangeError naming the argument
// and returns false (NAPI_DISABLE_CPP_EXCEPTIONS: errors are pending JS exceptions).
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace btc {
namespace napi_args {

/** A Float64Array argument, or a TypeError naming it. */
inline bool GetF64Array(Napi::Env env, const Napi::Value& v, const char* name, Napi::Float64Array* out) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    Napi::TypeError::New(env, std::string(name) + " must be a Float64Array").ThrowAsJavaScriptException();
    return false;
  }
  *out = v.As<Napi::Float64Array>();
  return true;
}

/** An integer number argument in [lo, hi], or a TypeError / RangeError naming it. */
inline bool GetInt(Napi::Env env, const Napi::Value& v, const char* name, double lo, double hi, double* out) {
  if (!v.IsNumber()) {
    Napi::TypeError::New(env, std::string(name) + " must be a number").ThrowAsJavaScriptException();
    return false;
  }
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= lo && d <= hi) || std::floor(d) != d) {
    Napi::RangeError::New(env, std::string(name) + " must be an integer in [" +
                                   std::to_string(static_cast<int64_t>(lo)) + ", " +
                                   std::to_string(static_cast<int64_t>(hi)) + "]")
        .ThrowAsJavaScriptException();
    return false;
  }
  *out = d;
  return true;
}

/** Whether two byte ranges overlap (empty ranges never do). */
inline bool Overlap(const void* a, size_t aBytes, const void* b, size_t bBytes) {
  const uintptr_t a0 = reinterpret_cast<uintptr_t>(a);
  const uintptr_t b0 = reinterpret_cast<uintptr_t>(b);
  return aBytes != 0 && bBytes != 0 && a0 < b0 + bBytes && b0 < a0 + aBytes;
}

}  // namespace napi_args
}  // namespace btc
