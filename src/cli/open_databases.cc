#include "cli/open_databases.h"

namespace ferry::cli {

Result<OpenedDatabases> OpenSourceAndTarget(const std::string& source_uri,
                                            const std::string& target_uri, bool dry_run) {
  auto src = ParseUri(source_uri, "source");
  if (!src.ok()) return src.status();
  auto dst = ParseUri(target_uri, "target");
  if (!dst.ok()) return dst.status();
  if (src->scheme == dst->scheme && src->host == dst->host && src->port == dst->port &&
      src->path == dst->path)
    return Status::InvalidInput("source and target are the same database (" + src->Redacted() + ")");
  OpenedDatabases out;
  auto s = OpenDatabase(*src, AccessMode::kReadOnly);
  if (!s.ok()) return s.status();
  out.source = std::move(*s);
  out.target_name = dst->Redacted();
  out.target_uri = *dst;
  // An archive records where its rows came from, and speaks the source
  // engine's dialect so native types stay as a same-engine copy keeps them.
  if (dst->scheme == "archive") {
    // The source's dialect, not its scheme: an archive read back speaks
    // the engine it came from.
    dst->params["source_engine"] = std::string(out.source->dialect().name());
    dst->params["source_uri"] = src->Redacted();
    if (auto schema = src->params.find("schema"); schema != src->params.end())
      dst->params["source_schema"] = schema->second;
  }
  auto t = OpenSink(*dst, dry_run);
  if (!t.ok()) return t.status();
  out.target = std::move(*t);
  return out;
}

}  // namespace ferry::cli
