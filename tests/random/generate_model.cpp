// Prints the random model of a seed, to study a failing seed by hand:
//   build/tests/random/generate_model 1234 > /tmp/m.sd
//   build/app/shootdown check /tmp/m.sd --store-buffer N   (see the header)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/random/model_generator.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s SEED\n", argv[0]);
        return 2;
    }
    const std::uint64_t seed = std::strtoull(argv[1], nullptr, 10);
    const shootdown::random_models::GeneratedModel m =
        shootdown::random_models::generate_model(seed);
    std::printf("%s", m.text.c_str());
    std::fprintf(stderr, "seed %llu: %d cpus, scalarset %d, %s, %s, store buffer %u%s%s\n",
                 static_cast<unsigned long long>(seed), m.cpus, m.ids,
                 m.symmetric ? "symmetric" : "asymmetric", m.tso ? "tso" : "sc", m.store_buffer,
                 m.counter_may_overflow ? ", counter may overflow" : "",
                 m.atomic_may_stall ? ", an atomic block may stall under TSO" : "");
    return 0;
}
