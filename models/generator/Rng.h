#pragma once
// Deterministic randomness for the generator. Everything a screen looks like derives from one Rng
// seeded with the screen's seed, so the same seed gives byte-identical output on any machine. The
// range helpers are our own: std::uniform_int_distribution and friends differ between standard
// libraries, while std::mt19937 and std::seed_seq are specified exactly.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace hemu::generator {

class Rng {
public:
    explicit Rng(uint64_t seed) {
        std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
        engine_.seed(seq);
    }

    uint32_t bits() { return engine_(); }

    /// Uniform in [lo, hi], both inclusive (lo <= hi). The modulo bias of a 64-bit draw over a
    /// span below 2^31 is under 2^-32: invisible here.
    int uniform(int lo, int hi) {
        const uint64_t span = static_cast<uint64_t>(int64_t{hi} - int64_t{lo}) + 1;
        const uint64_t draw = (uint64_t{bits()} << 32) | bits();
        return static_cast<int>(int64_t{lo} + static_cast<int64_t>(draw % span));
    }

    /// Uniform in [0, 1).
    double unit() { return bits() / 4294967296.0; }
    double uniformReal(double lo, double hi) { return lo + (hi - lo) * unit(); }
    bool chance(double probability) { return unit() < probability; }

    template <class T, size_t N>
    const T& pick(const T (&items)[N]) {
        return items[static_cast<size_t>(uniform(0, static_cast<int>(N) - 1))];
    }
    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<size_t>(uniform(0, static_cast<int>(items.size()) - 1))];
    }
    template <class T>
    T pick(std::initializer_list<T> items) {
        return *(items.begin() + uniform(0, static_cast<int>(items.size()) - 1));
    }

    /// An index drawn with the given relative weights (not all zero).
    int weighted(std::initializer_list<double> weights) {
        double total = 0;
        for (double w : weights) total += w;
        double draw = unit() * total;
        int index = 0;
        for (double w : weights) {
            if (draw < w) return index;
            draw -= w;
            ++index;
        }
        return index - 1;
    }

private:
    std::mt19937 engine_;
};

}  // namespace hemu::generator
