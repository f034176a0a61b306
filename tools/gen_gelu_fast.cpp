// Fits the coefficients of the fast float GELU (golu::GELU<fast>'s float forward
// kernel, activations/gelu.hpp) in long double, and prints them as
// include/golu/detail/gelu_fast_constants.hpp:
//   golu_gen_gelu_fast header > include/golu/detail/gelu_fast_constants.hpp
// (ctest gelu_constants_regenerate checks the committed file against it).
//   a = min(|x|, C), s = a / (1 + p a), v = P(s) - a (a L2),  L2 = float(log2(e)/2)
//   -a Q(a) = s * 2^floor(v) * E(f),  f = v - floor(v) in [0, 1),  E(f) ~ -2^(f - OFF)
// so P(s) = log2((1 + p a) Q(a)) + OFF + a^2 L2 with a = s / (1 - p s).  OFF = 1.5 keeps
// v in [0, 1) near a = 0 (no scaling there: subnormal results rounded once) and |v|
// small where kappa <= 1 (v's rounding is an absolute error of the exponent).
// P is fitted by weighted minimax (Lawson's IRLS on a dense grid) with weight
// 1 / max(1, kappa(-a)): an error dP is a relative error ln2 dP of Q,
// and the contract's bound scales with kappa. Coefficients are rounded to float
// one at a time (lowest degree first), the remaining ones refitted each time.
// Usage: fit scan            -- weighted minimax error vs p, degree
//        fit P N M           -- coefficients for p = P, deg(P2) = N, deg(E) = M (as C++)
//        fit grad P N M      -- the derivative's (a prototype, not used by the library)
//        fit header          -- the library's header: fit 0.25 8 6
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
typedef long double ld;

static ld Qf(ld a) {
  return 0.5L * erfcl(a / sqrtl(2.0L));
}
static ld phi(ld a) {
  return expl(-a * a / 2) / sqrtl(2 * M_PIl);
}
static ld kappa_neg(ld a) {  // kappa of x Phi(x) at x = -a: |1 - a phi(a) / Q(a)|
  return fabsl(1 - a * phi(a) / Qf(a));
}
static const ld OFF = 1.5L;
static const float L2f = (float)(1.4426950408889634073599L / 2);

// Solve weighted least squares min sum (w_k (y_k - sum_j c_j b_j(x_k)))^2 by Householder QR.
static std::vector<ld> lsq(const std::vector<std::vector<ld>>& B, const std::vector<ld>& y, const std::vector<ld>& w) {
  size_t m = y.size(), n = B[0].size();
  std::vector<std::vector<ld>> A(m, std::vector<ld>(n));
  std::vector<ld> b(m);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) A[i][j] = w[i] * B[i][j];
    b[i] = w[i] * y[i];
  }
  for (size_t k = 0; k < n; ++k) {
    ld norm = 0;
    for (size_t i = k; i < m; ++i) norm += A[i][k] * A[i][k];
    norm = sqrtl(norm);
    ld alpha = A[k][k] > 0 ? -norm : norm;
    std::vector<ld> v(m, 0);
    for (size_t i = k; i < m; ++i) v[i] = A[i][k];
    v[k] -= alpha;
    ld vv = 0;
    for (size_t i = k; i < m; ++i) vv += v[i] * v[i];
    if (vv == 0) continue;
    for (size_t j = k; j < n; ++j) {
      ld d = 0;
      for (size_t i = k; i < m; ++i) d += v[i] * A[i][j];
      d = 2 * d / vv;
      for (size_t i = k; i < m; ++i) A[i][j] -= d * v[i];
    }
    ld d = 0;
    for (size_t i = k; i < m; ++i) d += v[i] * b[i];
    d = 2 * d / vv;
    for (size_t i = k; i < m; ++i) b[i] -= d * v[i];
  }
  std::vector<ld> c(n);
  for (size_t k = n; k-- > 0;) {
    ld s = b[k];
    for (size_t j = k + 1; j < n; ++j) s -= A[k][j] * c[j];
    c[k] = s / A[k][k];
  }
  return c;
}

// Weighted minimax (Lawson) of y by sum_{j in free} c_j x^j on grid xs (basis scaled by xmax).
// Returns coefficients in x (not scaled) for the free indices; max weighted error in *err.
static std::vector<ld> minimax(const std::vector<ld>& xs, const std::vector<ld>& y, const std::vector<ld>& w,
                               const std::vector<int>& freeidx, ld xmax, ld* err, int iters = 400) {
  size_t m = xs.size(), n = freeidx.size();
  std::vector<std::vector<ld>> B(m, std::vector<ld>(n));
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) B[i][j] = powl(xs[i] / xmax, freeidx[j]);
  std::vector<ld> lam(m, 1.0L / m), ww(m), c, best;
  ld besterr = INFINITY;
  for (int it = 0; it < iters; ++it) {
    for (size_t i = 0; i < m; ++i) ww[i] = w[i] * sqrtl(lam[i]);
    c = lsq(B, y, ww);
    ld mx = 0, sum = 0;
    std::vector<ld> e(m);
    for (size_t i = 0; i < m; ++i) {
      ld p = 0;
      for (size_t j = 0; j < n; ++j) p += c[j] * B[i][j];
      e[i] = fabsl(w[i] * (y[i] - p));
      mx = std::max(mx, e[i]);
    }
    if (mx < besterr) {
      besterr = mx;
      best = c;
    }
    for (size_t i = 0; i < m; ++i) {
      lam[i] *= e[i];
      sum += lam[i];
    }
    for (size_t i = 0; i < m; ++i) lam[i] /= sum;
  }
  for (size_t j = 0; j < n; ++j) best[j] /= powl(xmax, freeidx[j]);
  *err = besterr;
  return best;
}

// Float rounding, one coefficient at a time from the lowest degree: for c_k try the
// nearest float and its neighbours (+-2 ULP), refit c_(k+1).. for each, keep the best.
static ld refit_error(const std::vector<ld>& xs, const std::vector<ld>& y, const std::vector<ld>& w,
                      const std::vector<float>& fixedc, int deg, ld xmax, std::vector<ld>* rest, int iters) {
  const int k = (int)fixedc.size();
  std::vector<ld> r(y);
  for (size_t i = 0; i < xs.size(); ++i)
    for (int j = 0; j < k; ++j) r[i] -= (ld)fixedc[j] * powl(xs[i], j);
  if (k > deg) {
    ld mx = 0;
    for (size_t i = 0; i < xs.size(); ++i) mx = std::max(mx, fabsl(w[i] * r[i]));
    return mx;
  }
  std::vector<int> freeidx;
  for (int j = k; j <= deg; ++j) freeidx.push_back(j);
  ld e;
  *rest = minimax(xs, r, w, freeidx, xmax, &e, iters);
  return e;
}
#include <functional>
static std::vector<float> round_greedy(
    const std::vector<ld>& xs, const std::vector<ld>& y, const std::vector<ld>& w, int deg, ld xmax, ld* finalerr,
    std::function<bool(float)> c0_ok = [](float) { return true; }) {
  std::vector<float> fixedc;
  std::vector<ld> rest;
  refit_error(xs, y, w, fixedc, deg, xmax, &rest, 800);
  for (int k = 0; k <= deg; ++k) {
    float c = (float)rest[0], best = c;
    ld besterr = INFINITY;
    std::vector<ld> bestrest;
    const int range = k == 0 ? 8 : 2;
    for (int d = -range; d <= range; ++d) {
      float cand = c;
      for (int i = 0; i < std::abs(d); ++i) cand = nextafterf(cand, d > 0 ? INFINITY : -INFINITY);
      if (k == 0 && !c0_ok(cand)) continue;
      std::vector<float> trial(fixedc);
      trial.push_back(cand);
      std::vector<ld> r2;
      ld e = refit_error(xs, y, w, trial, deg, xmax, &r2, 250);
      if (e < besterr) {
        besterr = e;
        best = cand;
        bestrest = r2;
      }
    }
    fixedc.push_back(best);
    rest = bestrest;
  }
  *finalerr = refit_error(xs, y, w, fixedc, deg, xmax, &rest, 1);
  return fixedc;
}

// Clamp: the largest float C such that below -C GELU rounds to -0 (|x Q(x)| < 2^-150).
static float clamp_value() {
  float c = 13.0f;
  while (c * Qf(c) >= ldexpl(1, -150)) c = nextafterf(c, 100.0f);
  return c;
}

struct Grid {
  std::vector<ld> s, y, w;
  ld smax;
};
static Grid make_grid(ld p, float C, int m) {
  Grid g;
  g.smax = C / (1 + p * C);
  for (int i = 0; i < m; ++i) {
    ld th = M_PIl * i / (m - 1);
    ld s = i < m / 2 ? g.smax * (1 - cosl(th)) / 2 : g.smax * (ld)(i - m / 2) / (m - m / 2 - 1);
    ld a = s / (1 - p * s);
    ld y = log2l((1 + p * a) * Qf(a)) + OFF + a * a * (ld)L2f;
    // an error dP is a relative error ln2 dP of Q; express in units of 2^-24
    ld wt = ldexpl(1, 24) * logl(2) / std::max((ld)1, kappa_neg(a));
    g.s.push_back(s);
    g.y.push_back(y);
    g.w.push_back(wt);
  }
  return g;
}

int main(int argc, char** argv) {
  const float C = 14.5f;  // clamp_value() = 14.356: margin so that x < -C gives -0 despite rounding
  if (argc > 1 && std::string(argv[1]) == "clamp") {
    std::printf("%a %.9g\n", clamp_value(), clamp_value());
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "scan") {
    std::printf("clamp C = %a (%.9g)\n", C, C);
    const int n0 = argc > 2 ? std::atoi(argv[2]) : 6, n1 = argc > 3 ? std::atoi(argv[3]) : 8;
    for (int n = n0; n <= n1; ++n)
      for (ld p = 0.1L; p <= 0.701L; p += 0.025L) {
        Grid g = make_grid(p, C, 800);
        std::vector<int> idx;
        for (int j = 0; j <= n; ++j) idx.push_back(j);
        ld e;
        minimax(g.s, g.y, g.w, idx, g.smax, &e, 1500);
        std::printf("n=%d p=%.2Lf  weighted err = %.4Lf x 2^-24 (relative of Q / max(1,kappa))\n", n, p, e);
      }
    return 0;
  }
  if (argc > 1 && std::string(argv[1]) == "grad") {
    // GELU'(x) = Phi(x) + x phi(x) = D(a) for x < 0, 1 - D(a) above, D = Q - a phi = phi (R - a),
    // R = Q / phi.  Kernel: s = a / (1 + p a), R = Rd(s), D = 2^(-a^2 L2) (Rd(s) - a) / sqrt(2 pi).
    // (R(a) = (1 - p s) * [R (1 + p a)], both factors smooth in s.)
    // Rd(s) ~ R(a): relative error delta costs Q delta absolute; the bound is
    // 4 ULP max(1, kappa') ~ 4 2^-24 max(|f'|, |x f''|), f'' = phi (2 - x^2).
    const float CG = 14.75f, p = std::strtof(argv[2], nullptr);
    const int n = std::atoi(argv[3]), M = std::atoi(argv[4]);
    const ld smax = CG / (1 + p * CG);
    std::vector<ld> xs, ys, ws;
    for (int i = 0; i < 1500; ++i) {
      ld th = M_PIl * i / 1499;
      ld sv = i < 750 ? smax * (1 - cosl(th)) / 2 : smax * (ld)(i - 750) / 749;
      ld a = sv / (1 - p * sv);
      ld R = Qf(a) / phi(a), D = Qf(a) - a * phi(a);
      ld allowed = std::max(fabsl(D), a * phi(a) * fabsl(2 - a * a));
      xs.push_back(sv);
      ys.push_back(R);
      ws.push_back(ldexpl(1, 24) * Qf(a) / R / allowed);
    }
    ld e, ee;
    std::vector<float> c = round_greedy(xs, ys, ws, n, smax, &e);
    std::vector<ld> fs, fy, fw;
    for (int i = 0; i < 2000; ++i) {
      ld f = (1 - cosl(M_PIl * i / 1999)) / 2;
      fs.push_back(f);
      fy.push_back(exp2l(f) / sqrtl(2 * M_PIl));
      fw.push_back(ldexpl(1, 24) / fy.back());
    }
    std::vector<float> ce = round_greedy(fs, fy, fw, M, 1, &ee);
    std::printf("// generated by: ./fit grad %s %d %d\n", argv[2], n, M);
    std::printf("// Rd weighted error (abs error of f' / (2^-24 max(|f'|, |x f''|)), after float rounding): %.4Lf\n",
                e);
    std::printf("// E(f) = 2^f / sqrt(2 pi) relative error (after float rounding): %.4Lf x 2^-24\n", ee);
    std::printf("constexpr float kGClamp = %af;  // %.9g\n", CG, CG);
    std::printf("constexpr float kGP = %af;\n", p);
    std::printf("constexpr float kRd[] = {");
    for (int j = 0; j <= n; ++j) std::printf("%s%af", j ? ", " : "", c[j]);
    std::printf("};\nconstexpr float kGExp[] = {");
    for (int j = 0; j <= M; ++j) std::printf("%s%af", j ? ", " : "", ce[j]);
    std::printf("};\n");
    return 0;
  }
  const bool header = argc == 2 && std::string(argv[1]) == "header";
  if (argc < 4 && !header) {
    std::fprintf(stderr, "usage: fit scan | fit P N M | fit header\n");
    return 1;
  }
  const char* p_text = header ? "0.25" : argv[1];
  const float p = std::strtof(p_text, nullptr);
  const int n = header ? 8 : std::atoi(argv[2]), M = header ? 6 : std::atoi(argv[3]);
  // E(f) = -2^f on [0, 1), relative minimax
  std::vector<ld> fs, fy, fw;
  for (int i = 0; i < 2000; ++i) {
    ld f = (1 - cosl(M_PIl * i / 1999)) / 2;
    fs.push_back(f);
    fy.push_back(-exp2l(f - OFF));
    fw.push_back(ldexpl(1, 24) / exp2l(f - OFF));
  }
  ld ee;
  std::vector<float> ce = round_greedy(fs, fy, fw, M, 1, &ee);
  // At a = 0 the kernel has v = kPoly[0] (about 1/2) and -a Q = a E(kPoly[0]); the true
  // ratio is 1/2 - a/sqrt(2 pi) < 1/2, so |E(kPoly[0])| in float must be < 1/2 for the
  // ties at subnormal x (x = +-2^-149, 3 2^-149, ...) to round the right way: P's
  // constant is chosen (within +-8 ULP, the rest refitted) under that constraint, which
  // also cancels E's error at that f.
  auto c0_ok = [&](float c0) {
    float e = ce[M];
    for (int j = M - 1; j >= 0; --j) e = fmaf(e, c0, ce[j]);
    return fabsf(e) < 0.5f;
  };
  Grid g = make_grid(p, C, 1500);
  ld e;
  std::vector<float> c = round_greedy(g.s, g.y, g.w, n, g.smax, &e, c0_ok);
  if (header) {
    std::printf("// The fast float GELU's constants (golu::GELU<fast>, activations/gelu.hpp), printed by\n");
    std::printf(
        "// tools/gen_gelu_fast.cpp: golu_gen_gelu_fast header > include/golu/detail/gelu_fast_constants.hpp\n");
    std::printf("// (p = %s, deg P = %d, deg E = %d). Do not edit.\n", p_text, n, M);
    std::printf("//   a = min(|x|, clamp), s = a / (1 + p a), v = P(s) - a (a L2), f = v - floor(v),\n");
    std::printf("//   -a Q(a) = s E(f) 2^floor(v), Q(a) = Phi(-a), E(f) ~ -2^(f - 1.5).\n");
    std::printf("// P: weighted error %.4Lf x 2^-24 (relative error of Q / max(1, kappa), after float\n", e);
    std::printf("// rounding); E: relative error %.4Lf x 2^-24.\n", ee);
    std::printf("// clang-format off\n#pragma once\n\n#include <golu/target.hpp>\n\n");
    std::printf(
        "namespace golu {\ninline namespace GOLU_TARGET_NAMESPACE {\nnamespace detail {\nnamespace constants {\n\n");
    std::printf("constexpr float gelu_fast_clamp = %af;  // %.9g\n", C, C);
    std::printf("constexpr float gelu_fast_p = %af;\n", p);
    std::printf("constexpr float gelu_fast_half_log2e = %af;  // log2(e)/2\n", L2f);
    std::printf("constexpr float gelu_fast_poly[] = {");
    for (int j = 0; j <= n; ++j) std::printf("%s%af", j ? ", " : "", c[j]);
    std::printf("};\nconstexpr float gelu_fast_exp2[] = {");
    for (int j = 0; j <= M; ++j) std::printf("%s%af", j ? ", " : "", ce[j]);
    std::printf(
        "};\n\n}  // namespace constants\n}  // namespace detail\n}  // namespace GOLU_TARGET_NAMESPACE\n}  // "
        "namespace golu\n");
    return c0_ok(c[0]) ? 0 : 1;
  }
  std::printf("// generated by: ./fit %s %d %d  (|E(kPoly[0])| < 1/2 in float: %s)\n", argv[1], n, M,
              c0_ok(c[0]) ? "yes" : "NO");
  std::printf("// P weighted error (relative error of Q / max(1, kappa), after float rounding): %.4Lf x 2^-24\n", e);
  std::printf("// E(f) = -2^(f - 1.5) relative error (after float rounding): %.4Lf x 2^-24\n", ee);
  std::printf("constexpr float kClamp = %af;  // %.9g\n", C, C);
  std::printf("constexpr float kP = %af;\n", p);
  std::printf("constexpr float kL2 = %af;  // log2(e)/2\n", L2f);
  std::printf("constexpr int kDegP = %d, kDegE = %d;\n", n, M);
  std::printf("constexpr float kPoly[] = {");
  for (int j = 0; j <= n; ++j) std::printf("%s%af", j ? ", " : "", c[j]);
  std::printf("};\nconstexpr float kExp[] = {");
  for (int j = 0; j <= M; ++j) std::printf("%s%af", j ? ", " : "", ce[j]);
  std::printf("};\n");
  // unrounded minimax errors, for reference
  std::vector<int> idx;
  for (int j = 0; j <= n; ++j) idx.push_back(j);
  minimax(g.s, g.y, g.w, idx, g.smax, &e, 1500);
  idx.clear();
  for (int j = 0; j <= M; ++j) idx.push_back(j);
  minimax(fs, fy, fw, idx, 1, &ee, 1500);
  std::printf("// before float rounding: P %.4Lf, E %.4Lf (x 2^-24)\n", e, ee);
  return 0;
}
