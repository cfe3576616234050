// N-API class Hht: the native EMD + Hilbert kernel (hht_emd.h, hht_hilbert.h)
// for src/hht/native.ts, registered on the module exports by InitHht (called
// from addon.cc's module init).
//
//   const k = new Hht(capacity: number, simd?: 'auto' | 'baseline')
//       capacity: integer in [3, 2^24], the longest window; simd 'baseline' keeps
//       the per-sample kernels on their generic build (tests compare the two;
//       both give the same bits), 'auto' (default) uses AVX2 when the CPU has it.
//   k.simd: 'avx2' | 'baseline'               // the build in use
//   k.decompose(x: Float64Array, params: Float64Array, out: Float64Array): number
//       EMD of x (3 ≤ x.length ≤ capacity). Returns the IMF count, or a negative
//       status (EMD_E_* of hht_emd.h). A count above params[P_IMF_SLOTS] means `out`
//       was too small for all IMFs: grow it and call again.
//   k.hilbert(imf: Float64Array, out: Float64Array): number
//       Hilbert spectrum of imf (1 ≤ length ≤ capacity; the wrapper asks ≥ 3, as for
//       every backend) into out; returns 0, EMD_E_LENGTH or EMD_E_NONFINITE (a NaN or
//       ±Infinity sample: the wrapper then names it).
//   k.hilbertAt(imf: Float64Array, at: number, out: Float64Array): number
//       The same spectrum's amplitude, phase and frequency at sample `at` (integer in
//       [0, imf.length)) into out[0..2], bit for bit what hilbert() gives there, without
//       the arrays (the angle is taken only up to sample at + 1); same statuses.
//   k.close(): void                           // frees the buffers; further calls throw
//
// params (HHT_PARAM_SLOTS f64, mirrored by src/hht/native-layout.ts):
//   0 stdThreshold  1 svarThreshold  2 energyRatioThreshold  3 totalPowerThreshold
//   4 rangeThreshold  5 fixe  6 fixeH  7 maxIteration  8 maxImf  9 nbsym (integer ≥ 1)
//   10 imfSlots S (integer ≥ 0)  11 imfCap: more IMFs than this is EMD_E_RUNAWAY (integer; ≤ 0: no cap)
// decompose out (n = x.length, ≥ S + (S + 1)·n f64):
//   [0, S) sifts per IMF | [S, S + n) residue | IMF k at [S + (k+1)·n, S + (k+2)·n)
// hilbert out (≥ 3n f64): amplitude | unwrapped phase (rad) | frequency (cycles/sample)
// hilbertAt out (≥ 3 f64): amplitude, unwrapped phase (rad), frequency (cycles/sample)
//
// Ownership: x, params and out are the caller's and are only used during the call
// (an x that overlaps out is copied first). All kernel memory is allocated in the
// constructor; calls allocate nothing. Errors: wrong argument types or sizes throw
// TypeError / RangeError naming the argument; data-dependent failures are status
// codes the wrapper maps to typed errors. No C++ exception crosses the boundary.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "hht_emd.h"
#include "hht_hilbert.h"
#include "napi_args.h"

namespace {

using btc::hht::EmdOptions;
using btc::hht::EmdOutput;
using btc::hht::EmdWorkspace;
using btc::hht::FftPlan;
using btc::hht::HilbertOutput;
using btc::napi_args::GetInt;
using btc::napi_args::Overlap;

constexpr uint32_t P_STD = 0, P_SVAR = 1, P_ENERGY = 2, P_TOTAL_POWER = 3, P_RANGE = 4;
constexpr uint32_t P_FIXE = 5, P_FIXE_H = 6, P_MAX_ITERATION = 7, P_MAX_IMF = 8, P_NBSYM = 9, P_IMF_SLOTS = 10;
constexpr uint32_t P_IMF_CAP = 11;
constexpr uint32_t HHT_PARAM_SLOTS = 12;
static_assert(HHT_PARAM_SLOTS == P_IMF_CAP + 1, "params layout is mirrored in src/hht/native-layout.ts");

/** Longest window accepted (the Bluestein FFT then needs 2^26-point tables). */
constexpr double MAX_CAPACITY = 1 << 24;

/** A Float64Array's data and length (one napi_get_typedarray_info), or a TypeError naming it. */
bool F64(Napi::Env env, napi_value v, const char* name, double** data, size_t* length) {
  napi_typedarray_type type;
  void* p = nullptr;
  bool isTyped = false;
  if (napi_is_typedarray(env, v, &isTyped) != napi_ok || !isTyped ||
      napi_get_typedarray_info(env, v, &type, length, &p, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    if (!env.IsExceptionPending()) {
      Napi::TypeError::New(env, std::string(name) + " must be a Float64Array").ThrowAsJavaScriptException();
    }
    return false;
  }
  *data = static_cast<double*>(p);
  return true;
}

bool RangeFail(Napi::Env env, const std::string& msg) {
  Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

class HhtWrap : public Napi::ObjectWrap<HhtWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Hht",
                       {
                           InstanceMethod<&HhtWrap::Decompose>("decompose"),
                           InstanceMethod<&HhtWrap::Hilbert>("hilbert"),
                           InstanceMethod<&HhtWrap::HilbertAt>("hilbertAt"),
                           InstanceMethod<&HhtWrap::Close>("close"),
                           InstanceAccessor<&HhtWrap::Simd>("simd"),
                           StaticValue("PARAM_SLOTS", Napi::Number::New(env, HHT_PARAM_SLOTS)),
                       });
  }

  explicit HhtWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<HhtWrap>(info) {
    Napi::Env env = info.Env();
    double cap = 0;
    if (!GetInt(env, info[0], "capacity", 3, MAX_CAPACITY, &cap)) return;
    capacity_ = static_cast<int32_t>(cap);
    btc::hht::Isa isa = btc::hht::bestIsa();
    if (info.Length() > 1 && !info[1].IsUndefined()) {
      const std::string simd = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
      if (simd == "baseline") {
        isa = btc::hht::Isa::Generic;
      } else if (simd != "auto") {
        Napi::TypeError::New(env, "simd must be 'auto' or 'baseline'").ThrowAsJavaScriptException();
        return;
      }
    }
    try {
      emd_.reset(new EmdWorkspace(capacity_, isa));
      fft_.reset(new FftPlan(capacity_, isa));
      copy_.resize(static_cast<size_t>(capacity_));
      re_.resize(static_cast<size_t>(capacity_));
      im_.resize(static_cast<size_t>(capacity_));
    } catch (...) {
      emd_.reset();
      fft_.reset();
      Napi::Error::New(env, "out of memory allocating the native HHT kernel for capacity " +
                                std::to_string(capacity_))
          .ThrowAsJavaScriptException();
    }
  }

 private:
  bool Open(Napi::Env env) {
    if (emd_) return true;
    Napi::Error::New(env, "native HHT kernel is closed").ThrowAsJavaScriptException();
    return false;
  }

  /** Decodes params into opts and the slot count; a RangeError names the bad slot. */
  static bool DecodeParams(Napi::Env env, const double* p, EmdOptions* opts, int32_t* slots) {
    opts->stdThreshold = p[P_STD];
    opts->svarThreshold = p[P_SVAR];
    opts->energyRatioThreshold = p[P_ENERGY];
    opts->totalPowerThreshold = p[P_TOTAL_POWER];
    opts->rangeThreshold = p[P_RANGE];
    opts->fixe = p[P_FIXE];
    opts->fixeH = p[P_FIXE_H];
    opts->maxIteration = p[P_MAX_ITERATION];
    opts->maxImf = p[P_MAX_IMF];
    const double nbsym = p[P_NBSYM], s = p[P_IMF_SLOTS], cap = p[P_IMF_CAP];
    if (!(nbsym >= 1 && nbsym <= 2147483647.0) || std::floor(nbsym) != nbsym) {
      return RangeFail(env, "params[9] (nbsym) must be an integer in [1, 2147483647]");
    }
    if (!(s >= 0 && s <= 2147483647.0) || std::floor(s) != s) {
      return RangeFail(env, "params[10] (imfSlots) must be an integer in [0, 2147483647]");
    }
    if (!(cap >= -2147483648.0 && cap <= 2147483647.0) || std::floor(cap) != cap) {
      return RangeFail(env, "params[11] (imfCap) must be an integer in [-2147483648, 2147483647]");
    }
    opts->nbsym = static_cast<int32_t>(nbsym);
    opts->imfCap = static_cast<int32_t>(cap);
    *slots = static_cast<int32_t>(s);
    return true;
  }

  Napi::Value Decompose(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    double *x = nullptr, *params = nullptr, *out = nullptr;
    size_t n = 0, nParams = 0, nOut = 0;
    if (!F64(env, info[0], "x", &x, &n) || !F64(env, info[1], "params", &params, &nParams) ||
        !F64(env, info[2], "out", &out, &nOut)) {
      return env.Undefined();
    }
    if (n < 3 || n > static_cast<size_t>(capacity_)) return Napi::Number::New(env, btc::hht::EMD_E_LENGTH);
    if (nParams < HHT_PARAM_SLOTS) {
      RangeFail(env, "params must hold " + std::to_string(HHT_PARAM_SLOTS) + " f64, has " + std::to_string(nParams));
      return env.Undefined();
    }
    EmdOptions opts;
    int32_t slots = 0;
    if (!DecodeParams(env, params, &opts, &slots)) return env.Undefined();
    const size_t need = static_cast<size_t>(slots) + (static_cast<size_t>(slots) + 1) * n;
    if (nOut < need) {
      RangeFail(env, "out must hold imfSlots + (imfSlots + 1) * x.length = " + std::to_string(need) +
                         " f64, has " + std::to_string(nOut));
      return env.Undefined();
    }
    if (Overlap(x, n * 8, out, need * 8)) {
      std::memcpy(copy_.data(), x, n * 8);
      x = copy_.data();
    }
    const EmdOutput o{out + slots + n, out, slots, out + slots};
    return Napi::Number::New(env, emd_->emd(x, static_cast<int32_t>(n), opts, o));
  }

  Napi::Value Hilbert(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    double *x = nullptr, *out = nullptr;
    size_t n = 0, nOut = 0;
    if (!F64(env, info[0], "imf", &x, &n) || !F64(env, info[1], "out", &out, &nOut)) return env.Undefined();
    if (n < 1 || n > static_cast<size_t>(capacity_)) return Napi::Number::New(env, btc::hht::EMD_E_LENGTH);
    if (nOut < 3 * n) {
      RangeFail(env, "out must hold 3 * imf.length = " + std::to_string(3 * n) + " f64, has " + std::to_string(nOut));
      return env.Undefined();
    }
    if (!AllFinite(x, n)) return Napi::Number::New(env, btc::hht::EMD_E_NONFINITE);
    if (Overlap(x, n * 8, out, 3 * n * 8)) {
      std::memcpy(copy_.data(), x, n * 8);
      x = copy_.data();
    }
    const HilbertOutput o{out, out + n, out + 2 * n, re_.data(), im_.data()};
    btc::hht::hilbertSpectrum(x, static_cast<int32_t>(n), fft_.get(), o);
    return Napi::Number::New(env, 0);
  }

  Napi::Value HilbertAt(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    double *x = nullptr, *out = nullptr;
    size_t n = 0, nOut = 0;
    if (!F64(env, info[0], "imf", &x, &n)) return env.Undefined();
    double at = 0;
    if (!GetInt(env, info[1], "at", 0, n > 0 ? static_cast<double>(n - 1) : 0, &at)) return env.Undefined();
    if (!F64(env, info[2], "out", &out, &nOut)) return env.Undefined();
    if (n < 1 || n > static_cast<size_t>(capacity_)) return Napi::Number::New(env, btc::hht::EMD_E_LENGTH);
    if (nOut < 3) {
      RangeFail(env, "out must hold 3 f64, has " + std::to_string(nOut));
      return env.Undefined();
    }
    if (!AllFinite(x, n)) return Napi::Number::New(env, btc::hht::EMD_E_NONFINITE);
    // x is only read by the forward FFT's copy into re_, before out is written: overlap is harmless.
    btc::hht::HilbertPoint q;
    btc::hht::hilbertPoint(x, static_cast<int32_t>(n), static_cast<int32_t>(at), fft_.get(), re_.data(), im_.data(), &q);
    out[0] = q.amplitude;
    out[1] = q.phaseRad;
    out[2] = q.frequencyCyclesPerSample;
    return Napi::Number::New(env, 0);
  }

  static bool AllFinite(const double* x, size_t n) {
    bool ok = true;
    for (size_t i = 0; i < n; i++) ok &= std::isfinite(x[i]);
    return ok;
  }

  Napi::Value Simd(const Napi::CallbackInfo& info) {
    const bool avx2 = emd_ && emd_->isa() == btc::hht::Isa::Avx2;
    return Napi::String::New(info.Env(), avx2 ? "avx2" : "baseline");
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    emd_.reset();
    fft_.reset();
    std::vector<double>().swap(copy_);
    std::vector<double>().swap(re_);
    std::vector<double>().swap(im_);
    return info.Env().Undefined();
  }

  int32_t capacity_ = 0;
  std::unique_ptr<EmdWorkspace> emd_;
  std::unique_ptr<FftPlan> fft_;
  std::vector<double> copy_;  // x when it overlaps an output
  std::vector<double> re_, im_;
};

}  // namespace

/** Registers class Hht on the addon's exports. */
void InitHht(Napi::Env env, Napi::Object exports) { exports.Set("Hht", HhtWrap::Define(env)); }
