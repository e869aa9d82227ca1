// Crash tests' common loop: run a ferry command, stop it at a random moment,
// run it again, up to three times, then once more to the end.
#pragma once

#include <string>
#include <vector>

namespace ferry::test {

struct InterruptedRuns {
  int stopped = 0;        // runs the signal hit
  int resumed = 0;        // runs that said they resumed an interrupted one
  std::string failure;    // a run that neither was stopped nor succeeded ("" = none)
};

// Runs `args` three times, sending `signal` after a random wait (longer in
// later rounds, as each resumed run has less left to do), then once to the
// end unless a round finished. The random seed goes to the test log so a
// failure can be replayed. SIGINT stops ferry with exit 8, SIGKILL with 137.
InterruptedRuns RunInterrupted(const std::vector<std::string>& args, int signal);

}  // namespace ferry::test
