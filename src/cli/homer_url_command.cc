// `ferry homer url LINK [--coordinator URL]`: a Homer 7 share or drill-down
// link in Homer 11's form (src/homer/share_url.h). Prints the link on
// stdout, and on stderr the v7 search fields Homer 11 links cannot carry.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "homer/share_url.h"

namespace ferry::cli {

namespace {

struct UrlFlags {
  std::string link;
  std::string coordinator;
};

int RunUrl(const UrlFlags& f) {
  auto link = homer::TranslateShareUrl(f.link, f.coordinator);
  if (!link.ok()) {
    PrintError(link.status().message());
    return ExitCodeFor(link.status());
  }
  std::printf("%s\n", link->url.c_str());
  for (const auto& field : link->not_carried)
    std::fprintf(stderr, "ferry: note: the v7 search field %s has no Homer 11 link form; search for it in Homer 11\n",
                 field.c_str());
  return kExitOk;
}

}  // namespace

Runner AddHomerUrlCommand(CLI::App* homer) {
  auto flags = std::make_shared<UrlFlags>();
  CLI::App* cmd = homer->add_subcommand(
      "url", "Translate a Homer 7 share/search link (/search/result?{json}=) into Homer 11's "
             "/?call_id=..&from=..&to=..#dashboard");
  cmd->add_option("LINK", flags->link, "The Homer 7 link (quote it: it holds JSON)")->required();
  cmd->add_option("--coordinator", flags->coordinator,
                  "Homer 11's base URL (default: https:// on the link's host, without its port)");
  return [flags] { return RunUrl(*flags); };
}

}  // namespace ferry::cli
