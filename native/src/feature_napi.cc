// N-API class FeatureBook: the native feature kernel (feature_book.h) for
// src/features/native.ts.
//
//   const k = new FeatureBook(input: Float64Array, output: Float64Array,
//                             counters: Float64Array, params: Float64Array,
//                             outputCapacity: number)
//   k.applyBatch(count): number  // feature rows written, or a negative status code
//                                // (E_BAD_RECORD / E_OUT_FULL / E_CAPACITY = trade tape full)
//   k.reset(): void              // a fresh kernel (book, features, warm-up), counters zeroed
//   k.stats(): { skippedTrades, exactPressureRows, incrementalRows }
//   k.close(): void              // frees the kernel, drops the arrays; further calls throw
//
// params: FP_SLOTS f64 (src/layout/feature-params.ts), decoded once here, so the
// row stride is fixed at construction: output needs outputCapacity × (ROW_STRIDE
// or ROW_STRIDE_EXTENDED) f64. Ownership and the per-call re-reading of the data
// pointers follow addon.cc's Book (a detached array is a TypeError, never a write).
// std::bad_alloc from ring growth is caught here: the kernel is recreated (its
// state is then that of a new kernel) and a JS Error is thrown.
#include <napi.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "feature_book.h"
#include "feature_params.h"
#include "layout.h"
#include "napi_args.h"

namespace {

using btc::Event;
using btc::feat::FeatureBook;
using btc::feat::FeatureParams;
using btc::napi_args::GetF64Array;
using btc::napi_args::GetInt;
using btc::napi_args::Overlap;

constexpr double MAX_CAPACITY = 2147483647.0;

class FeatureBookWrap : public Napi::ObjectWrap<FeatureBookWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "FeatureBook",
                       {
                           InstanceMethod<&FeatureBookWrap::ApplyBatch>("applyBatch"),
                           InstanceMethod<&FeatureBookWrap::Reset>("reset"),
                           InstanceMethod<&FeatureBookWrap::Stats>("stats"),
                           InstanceMethod<&FeatureBookWrap::Close>("close"),
                       });
  }

  explicit FeatureBookWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FeatureBookWrap>(info) {
    Napi::Env env = info.Env();
    Napi::Float64Array input, output, counters, params;
    double outCap = 0;
    if (!GetF64Array(env, info[0], "input", &input) || !GetF64Array(env, info[1], "output", &output) ||
        !GetF64Array(env, info[2], "counters", &counters) || !GetF64Array(env, info[3], "params", &params) ||
        !GetInt(env, info[4], "outputCapacity", 0, MAX_CAPACITY, &outCap)) {
      return;
    }
    if (params.ElementLength() < btc::FP_SLOTS) {
      Napi::RangeError::New(env, "params must hold FP_SLOTS = " + std::to_string(btc::FP_SLOTS) + " f64, has " +
                                     std::to_string(params.ElementLength()))
          .ThrowAsJavaScriptException();
      return;
    }
    if (const char* why = btc::feat::decodeFeatureParams(params.Data(), &params_)) {
      Napi::RangeError::New(env, std::string("params: ") + why).ThrowAsJavaScriptException();
      return;
    }
    outputCapacity_ = static_cast<uint32_t>(outCap);
    const size_t inputLen = input.ElementLength();
    if (inputLen % btc::EVENT_F64 != 0 || inputLen / btc::EVENT_F64 > MAX_CAPACITY) {
      Napi::RangeError::New(env, "input length must be a multiple of 8 (64-byte records), at most 2147483647 records")
          .ThrowAsJavaScriptException();
      return;
    }
    recordCapacity_ = static_cast<uint32_t>(inputLen / btc::EVENT_F64);
    outputNeed_ = static_cast<size_t>(outputCapacity_) * params_.rowStride();
    if (output.ElementLength() < outputNeed_) {
      Napi::RangeError::New(env, "output must hold outputCapacity * rowStride = " + std::to_string(outputNeed_) +
                                     " f64, has " + std::to_string(output.ElementLength()))
          .ThrowAsJavaScriptException();
      return;
    }
    if (counters.ElementLength() < btc::COUNTER_SLOTS) {
      Napi::RangeError::New(env, "counters must hold " + std::to_string(btc::COUNTER_SLOTS) + " f64")
          .ThrowAsJavaScriptException();
      return;
    }
    const size_t inBytes = inputLen * 8, outBytes = outputNeed_ * 8, cBytes = btc::COUNTER_SLOTS * 8;
    if (Overlap(input.Data(), inBytes, output.Data(), outBytes) ||
        Overlap(input.Data(), inBytes, counters.Data(), cBytes) ||
        Overlap(output.Data(), outBytes, counters.Data(), cBytes)) {
      Napi::RangeError::New(env, "input, output and counters must not overlap").ThrowAsJavaScriptException();
      return;
    }
    if (!Renew(env)) return;
    input_ = Napi::Persistent(input);
    output_ = Napi::Persistent(output);
    counters_ = Napi::Persistent(counters);
  }

 private:
  /** A fresh kernel from the stored parameters; false (JS Error pending) when out of memory. */
  bool Renew(Napi::Env env) {
    try {
      kernel_.reset(new FeatureBook(params_));
    } catch (...) {
      kernel_.reset();
      Napi::Error::New(env, "out of memory allocating the native feature kernel").ThrowAsJavaScriptException();
      return false;
    }
    return true;
  }

  /** Re-reads the arrays' data pointers (addon.cc Book::Views). */
  bool Views(Napi::Env env, Event** in, double** out, double** c) {
    if (!kernel_) {
      Napi::Error::New(env, "FeatureBook is closed").ThrowAsJavaScriptException();
      return false;
    }
    struct Item { Napi::Reference<Napi::Float64Array>* ref; size_t need; const char* name; void** data; };
    void* ptrs[3] = {nullptr, nullptr, nullptr};
    const Item items[3] = {
        {&input_, size_t{recordCapacity_} * btc::EVENT_F64, "input", &ptrs[0]},
        {&output_, outputNeed_, "output", &ptrs[1]},
        {&counters_, btc::COUNTER_SLOTS, "counters", &ptrs[2]},
    };
    for (const Item& it : items) {
      napi_value v = nullptr;
      napi_typedarray_type type;
      size_t length = 0;
      void* data = nullptr;
      if (napi_get_reference_value(env, it.ref->operator napi_ref(), &v) != napi_ok || v == nullptr ||
          napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
          length < it.need || (it.need != 0 && data == nullptr)) {
        if (!env.IsExceptionPending()) {
          Napi::TypeError::New(env, std::string(it.name) + " was detached or resized").ThrowAsJavaScriptException();
        }
        return false;
      }
      *it.data = data;
    }
    *in = static_cast<Event*>(ptrs[0]);
    *out = static_cast<double*>(ptrs[1]);
    *c = static_cast<double*>(ptrs[2]);
    return true;
  }

  Napi::Value ApplyBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    double count = 0;
    if (!GetInt(env, info[0], "count", 0, recordCapacity_, &count)) return env.Undefined();
    Event* in;
    double* out;
    double* c;
    if (!Views(env, &in, &out, &c)) return env.Undefined();
    int32_t rc;
    try {
      rc = kernel_->applyBatch(in, static_cast<uint32_t>(count), out, outputCapacity_, c);
    } catch (...) {
      if (Renew(env)) {
        Napi::Error::New(env, "native feature kernel ran out of memory (it was reset: book, features and "
                              "warm-up start afresh; counters are kept)")
            .ThrowAsJavaScriptException();
      }
      return env.Undefined();
    }
    return Napi::Number::New(env, rc);
  }

  Napi::Value Reset(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Event* in;
    double* out;
    double* c;
    if (!Views(env, &in, &out, &c)) return env.Undefined();
    if (!Renew(env)) return env.Undefined();
    for (uint32_t k = 0; k < btc::COUNTER_SLOTS; k++) c[k] = 0;
    return env.Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!kernel_) {
      Napi::Error::New(env, "FeatureBook is closed").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("skippedTrades", Napi::Number::New(env, static_cast<double>(kernel_->skippedTrades())));
    o.Set("exactPressureRows", Napi::Number::New(env, static_cast<double>(kernel_->exactPressureRows())));
    o.Set("incrementalRows", Napi::Number::New(env, static_cast<double>(kernel_->incrementalRows())));
    return o;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    kernel_.reset();
    input_.Reset();
    output_.Reset();
    counters_.Reset();
    return info.Env().Undefined();
  }

  FeatureParams params_;
  std::unique_ptr<FeatureBook> kernel_;
  Napi::Reference<Napi::Float64Array> input_;
  Napi::Reference<Napi::Float64Array> output_;
  Napi::Reference<Napi::Float64Array> counters_;
  uint32_t recordCapacity_ = 0;
  uint32_t outputCapacity_ = 0;
  size_t outputNeed_ = 0;
};

}  // namespace

void InitFeatureBook(Napi::Env env, Napi::Object exports) {
  exports.Set("FeatureBook", FeatureBookWrap::Define(env));
}
