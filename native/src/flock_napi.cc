// flock(2) for the store's open lock (src/store/open-lock.ts): every btc-engine
// process takes it around lmdb-js's open and close of a store, so that one
// process's close never runs while another attaches to LMDB's lock region (the
// bundled LMDB's last closer destroys the region's mutexes, and an opener that was
// waiting then uses them: EINVAL; docs/STORE.md "Opening while another process
// closes"). Node has no flock of its own.
//
//   flock(fd: number, exclusive: boolean): number   // 0, or the errno
//     exclusive true: LOCK_EX | LOCK_NB (EWOULDBLOCK while another holds it);
//     exclusive false: LOCK_UN.
// The kernel drops the lock when the process dies, so a killed process never
// leaves it held.
#include <napi.h>
#include <sys/file.h>

#include <cerrno>

#include "napi_args.h"

namespace {

Napi::Value Flock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double fd = 0;
  if (!btc::napi_args::GetInt(env, info[0], "fd", 0, 2147483647.0, &fd)) return env.Undefined();
  if (!info[1].IsBoolean()) {
    Napi::TypeError::New(env, "exclusive must be a boolean").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const int op = info[1].As<Napi::Boolean>().Value() ? (LOCK_EX | LOCK_NB) : LOCK_UN;
  int rc;
  do {
    rc = ::flock(static_cast<int>(fd), op);
  } while (rc != 0 && errno == EINTR);
  return Napi::Number::New(env, rc == 0 ? 0 : errno);
}

}  // namespace

void InitFlock(Napi::Env env, Napi::Object exports) {
  exports.Set("flock", Napi::Function::New(env, Flock, "flock"));
}
