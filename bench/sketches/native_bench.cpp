// Per-item update cost of the DataSketches C++ sketches, for the side-by-side comparison with
// Sketchbook (bench/sketches/run.sh builds and runs both on the same inputs).
//
// Inputs are the fixture streams of fixtures/datasketches/streams.py (one 64-bit LCG), generated
// before timing. Prints one line per benchmark and repetition: "<name> <ns>", nanoseconds per item
// for `*_update` and per operation for merge, serialize and deserialize (`*_op`).
//
// usage: native_bench N REPS
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "frequent_items_sketch.hpp"
#include "hll.hpp"
#include "kll_sketch.hpp"

namespace {

struct Lcg {
  uint64_t state;
  uint64_t next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
};

std::vector<double> doubles(uint64_t seed, size_t n) {
  Lcg g{seed};
  std::vector<double> out(n);
  for (auto& v : out) v = double(int64_t((g.next() >> 11) % 2000001) - 1000000) / 64.0;
  return out;
}

std::vector<std::string> strings(uint64_t seed, size_t n, uint64_t universe) {
  Lcg g{seed};
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) {
    uint64_t a = (g.next() >> 11) % universe;
    uint64_t b = (g.next() >> 11) % (a + 1);
    out.push_back("item-" + std::to_string(b));
  }
  return out;
}

template <typename F>
void run(const char* name, size_t n, int reps, F body) {
  for (int r = 0; r < reps; r++) {
    auto start = std::chrono::steady_clock::now();
    body();
    auto stop = std::chrono::steady_clock::now();
    double ns = std::chrono::duration<double, std::nano>(stop - start).count() / double(n);
    std::printf("%s %.3f\n", name, ns);
    std::fflush(stdout);
  }
}

volatile double sink;

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5000000;
  int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  auto xs = doubles(1, n);
  auto names = strings(2, n, 1000);
  auto regions = strings(3, n, 20);

  run("kll_double_k200_update", n, reps, [&] {
    datasketches::kll_sketch<double> s(200);
    for (double x : xs) s.update(x);
    sink = s.get_max_value();
  });
  run("kll_float_k200_update", n, reps, [&] {
    datasketches::kll_sketch<float> s(200);
    for (double x : xs) s.update(float(x));
    sink = s.get_max_value();
  });
  run("hll_lg12_hll4_double_update", n, reps, [&] {
    datasketches::hll_sketch s(12, datasketches::HLL_4);
    for (double x : xs) s.update(x);
    sink = s.get_estimate();
  });
  run("hll_lg12_hll8_double_update", n, reps, [&] {
    datasketches::hll_sketch s(12, datasketches::HLL_8);
    for (double x : xs) s.update(x);
    sink = s.get_estimate();
  });
  run("hll_lg12_hll4_string_update", n, reps, [&] {
    datasketches::hll_sketch s(12, datasketches::HLL_4);
    for (const auto& x : names) s.update(x);
    sink = s.get_estimate();
  });
  run("fi_lg7_string_update", n, reps, [&] {
    datasketches::frequent_items_sketch<std::string> s(7);
    for (const auto& x : regions) s.update(x);
    sink = double(s.get_maximum_error());
  });
  run("fi_lg10_string_update", n, reps, [&] {
    datasketches::frequent_items_sketch<std::string> s(10);
    for (const auto& x : names) s.update(x);
    sink = double(s.get_maximum_error());
  });

  // Per-operation costs on sketches of N/2 items each (merge: copy of A, then merge B).
  datasketches::kll_sketch<double> kll_a(200), kll_b(200);
  datasketches::hll_sketch hll_a(12, datasketches::HLL_4), hll_b(12, datasketches::HLL_4);
  datasketches::frequent_items_sketch<std::string> fi_a(10), fi_b(10);
  for (size_t i = 0; i < n; i++) {
    if (i % 2 == 0) { kll_a.update(xs[i]); hll_a.update(xs[i]); fi_a.update(names[i]); }
    else { kll_b.update(xs[i]); hll_b.update(xs[i]); fi_b.update(names[i]); }
  }
  const size_t ops = 2000;
  auto kll_image = kll_a.serialize();
  auto hll_image = hll_a.serialize_compact();
  auto fi_image = fi_a.serialize();
  run("kll_double_k200_merge_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) { auto c = kll_a; c.merge(kll_b); sink = double(c.get_n()); }
  });
  run("kll_double_k200_serialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) { auto b = kll_a.serialize(); sink = double(b.size()); }
  });
  run("kll_double_k200_deserialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) {
      auto s = datasketches::kll_sketch<double>::deserialize(kll_image.data(), kll_image.size());
      sink = double(s.get_n());
    }
  });
  run("hll_lg12_hll4_union_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) {
      datasketches::hll_union u(12); u.update(hll_a); u.update(hll_b);
      sink = u.get_result(datasketches::HLL_4).get_estimate();
    }
  });
  run("hll_lg12_hll4_serialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) { auto b = hll_a.serialize_compact(); sink = double(b.size()); }
  });
  run("hll_lg12_hll4_deserialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) {
      auto s = datasketches::hll_sketch::deserialize(hll_image.data(), hll_image.size());
      sink = s.get_estimate();
    }
  });
  run("fi_lg10_merge_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) { auto c = fi_a; c.merge(fi_b); sink = double(c.get_total_weight()); }
  });
  run("fi_lg10_serialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) { auto b = fi_a.serialize(); sink = double(b.size()); }
  });
  run("fi_lg10_deserialize_op", ops, reps, [&] {
    for (size_t i = 0; i < ops; i++) {
      auto s = datasketches::frequent_items_sketch<std::string>::deserialize(fi_image.data(), fi_image.size());
      sink = double(s.get_total_weight());
    }
  });
  return 0;
}
