// N-API module btc_engine (build/native/btc_engine.node): the native order-book
// kernel (book.h) behind a small JS class, plus the frame scanner's exports
// (InitScanner, scanner_napi.cc), the feature kernel's class FeatureBook
// (InitFeatureBook, feature_napi.cc), the EMD + Hilbert kernel's class Hht
// (InitHht, hht_napi.cc), the trainer's histogram functions (InitHistogram,
// hist_napi.cc) and flock for the store's open lock (InitFlock, flock_napi.cc).
//
//   const book = new Book(input: Float64Array, output: Float64Array,
//                         counters: Float64Array, depth: number, outputCapacity: number)
//   book.applyBatch(count: number): number   // output records written, or a negative
//                                            // status code (E_BAD_RECORD / E_OUT_FULL)
//   book.reset(): void                       // forget the book, zero the counters
//   book.close(): void                       // free the pools, drop the arrays; further
//                                            // calls throw
//
// Ownership: the typed arrays belong to the JS caller; the Book keeps a strong
// Napi::Reference to each so they outlive it. Their data pointers are re-read
// (napi_get_typedarray_info, no allocation) on every applyBatch so a detached or
// transferred ArrayBuffer is reported as a TypeError instead of being written to.
// input: Float64Array of recordCapacity * EVENT_F64 slots (64-byte records);
// output: >= outputCapacity * outStrideF64(depth) slots; counters: >= COUNTER_SLOTS.
//
// Errors: argument errors throw TypeError / RangeError naming the argument.
// Built with NAPI_DISABLE_CPP_EXCEPTIONS: node-addon-api reports errors as pending
// JS exceptions. C++ exceptions are only enabled so the std::bad_alloc a node pool
// can raise is caught here (the book is then reset and a JS Error thrown); no C++
// exception ever crosses the N-API boundary.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "book.h"
#include "layout.h"
#include "napi_args.h"

// Defined by the frame scanner (native/src/scanner_napi.cc).
void InitScanner(Napi::Env env, Napi::Object exports);
// Defined by the feature kernel's class (native/src/feature_napi.cc).
void InitFeatureBook(Napi::Env env, Napi::Object exports);
// Defined by the EMD + Hilbert kernel's class Hht (native/src/hht_napi.cc).
void InitHht(Napi::Env env, Napi::Object exports);
// Defined by the trainer's histogram kernel (native/src/hist_napi.cc).
void InitHistogram(Napi::Env env, Napi::Object exports);
// Defined in native/src/flock_napi.cc (the store's open lock).
void InitFlock(Napi::Env env, Napi::Object exports);

namespace {

using btc::Book;
using btc::Event;
using btc::napi_args::GetF64Array;
using btc::napi_args::GetInt;
using btc::napi_args::Overlap;

/** Largest input / output capacity accepted: counts are u32 and statuses i32. */
constexpr double MAX_CAPACITY = 2147483647.0;
/** Largest top-N depth accepted (an output record is then ~8 MB). */
constexpr double MAX_DEPTH = 1 << 20;

class BookWrap : public Napi::ObjectWrap<BookWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Book",
                       {
                           InstanceMethod<&BookWrap::ApplyBatch>("applyBatch"),
                           InstanceMethod<&BookWrap::Reset>("reset"),
                           InstanceMethod<&BookWrap::Close>("close"),
                       });
  }

  explicit BookWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BookWrap>(info) {
    Napi::Env env = info.Env();
    Napi::Float64Array input, output, counters;
    double depth = 0, outCap = 0;
    if (!GetF64Array(env, info[0], "input", &input) || !GetF64Array(env, info[1], "output", &output) ||
        !GetF64Array(env, info[2], "counters", &counters) ||
        !GetInt(env, info[3], "depth", 1, MAX_DEPTH, &depth) ||
        !GetInt(env, info[4], "outputCapacity", 0, MAX_CAPACITY, &outCap)) {
      return;
    }
    depth_ = static_cast<uint32_t>(depth);
    outputCapacity_ = static_cast<uint32_t>(outCap);
    const size_t inputLen = input.ElementLength();
    if (inputLen % btc::EVENT_F64 != 0 || inputLen / btc::EVENT_F64 > MAX_CAPACITY) {
      Napi::RangeError::New(env, "input length must be a multiple of " + std::to_string(btc::EVENT_F64) +
                                     " (64-byte records), at most " + std::to_string(int64_t{2147483647}) +
                                     " records")
          .ThrowAsJavaScriptException();
      return;
    }
    recordCapacity_ = static_cast<uint32_t>(inputLen / btc::EVENT_F64);
    outputNeed_ = static_cast<size_t>(outputCapacity_) * btc::outStrideF64(depth_);
    if (output.ElementLength() < outputNeed_) {
      Napi::RangeError::New(env, "output must hold outputCapacity * (8 + 4 * depth) = " +
                                     std::to_string(outputNeed_) + " f64, has " +
                                     std::to_string(output.ElementLength()))
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
    try {
      book_.reset(new Book());
    } catch (...) {
      Napi::Error::New(env, "out of memory allocating the native book").ThrowAsJavaScriptException();
      return;
    }
    input_ = Napi::Persistent(input);
    output_ = Napi::Persistent(output);
    counters_ = Napi::Persistent(counters);
  }

 private:
  /**
   * Re-reads the data pointers of the three arrays (no allocation) and checks
   * they were not detached; throws a TypeError naming the array otherwise.
   */
  bool Views(Napi::Env env, Event** in, double** out, double** c) {
    if (!book_) {
      Napi::Error::New(env, "Book is closed").ThrowAsJavaScriptException();
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
      rc = book_->applyBatch(in, static_cast<uint32_t>(count), out, outputCapacity_, depth_, c);
    } catch (...) {
      book_->reset();  // a pool may hold a half-built path: start from a clean, invalid book
      Napi::Error::New(env, "native book kernel ran out of memory (the book was reset; "
                            "it is valid again after the next snapshot)")
          .ThrowAsJavaScriptException();
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
    book_->reset();
    for (uint32_t k = 0; k < btc::COUNTER_SLOTS; k++) c[k] = 0;
    return env.Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    book_.reset();
    input_.Reset();
    output_.Reset();
    counters_.Reset();
    return info.Env().Undefined();
  }

  std::unique_ptr<Book> book_;
  Napi::Reference<Napi::Float64Array> input_;
  Napi::Reference<Napi::Float64Array> output_;
  Napi::Reference<Napi::Float64Array> counters_;
  uint32_t recordCapacity_ = 0;
  uint32_t outputCapacity_ = 0;
  uint32_t depth_ = 1;
  size_t outputNeed_ = 0;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Book", BookWrap::Define(env));
  if (env.IsExceptionPending()) return exports;
  InitScanner(env, exports);
  if (env.IsExceptionPending()) return exports;
  InitFeatureBook(env, exports);
  if (env.IsExceptionPending()) return exports;
  InitHht(env, exports);
  if (env.IsExceptionPending()) return exports;
  InitHistogram(env, exports);
  if (env.IsExceptionPending()) return exports;
  InitFlock(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(btc_engine, Init)
