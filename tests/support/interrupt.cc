#include "support/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "support/test_env.h"

namespace ferry::test {

InterruptedRuns RunInterrupted(const std::vector<std::string>& args, int signal) {
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  std::printf("[ INFO     ] random seed %u\n", seed);
  InterruptedRuns out;
  const int stopped_code = signal == SIGINT ? 8 : 128 + signal;
  bool finished = false;
  auto tally = [&](const RunResult& r, const std::string& which) {
    if (r.err.find("resuming an interrupted run") != std::string::npos) ++out.resumed;
    if (r.exit_code == 0) finished = true;
    else if (r.exit_code == stopped_code) ++out.stopped;
    else if (out.failure.empty()) out.failure = which + " (seed " + std::to_string(seed) + "): exit " +
                                                std::to_string(r.exit_code) + "\n" + r.out + r.err;
  };
  for (int round = 0; round < 3 && !finished && out.failure.empty(); ++round) {
    std::uniform_int_distribution<int> ms(150 + 150 * round, 700 + 250 * round);
    const int wait = ms(rng);
    tally(RunFerryWhile(args,
                        [&](int pid) {
                          std::this_thread::sleep_for(std::chrono::milliseconds(wait));
                          kill(pid, signal);
                        }),
          "round " + std::to_string(round) + " (stopped after " + std::to_string(wait) + " ms)");
  }
  if (!finished && out.failure.empty()) {
    RunResult last = RunFerry(args);
    // A SIGKILL can land after a run completed (its checkpoints removed)
    // but before it exited: the target then holds the finished copy, and a
    // new run rightly refuses the tables it finds. The caller's row checks
    // still decide whether that copy is complete.
    if (last.exit_code == 2 && out.stopped > 0 &&
        last.err.find("the target already has table(s)") != std::string::npos) {
      std::printf("[ INFO     ] the last kill landed after the run completed\n");
      finished = true;
    } else {
      tally(last, "the last run");
    }
    if (!finished && out.failure.empty()) out.failure = "the last run did not finish";
  }
  return out;
}

}  // namespace ferry::test
