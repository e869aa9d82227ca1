#include "verify/verifier.h"

#include <strings.h>

#include <algorithm>
#include <set>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "plan/copy_planner.h"
#include "core/glob.h"
#include "core/temporal.h"
#include "exec/convert.h"
#include "exec/read_stage.h"
#include "report/log.h"
#include "report/progress.h"

namespace ferry::verify {

namespace {

// Cast rules and timestamp resolution: how the plan said values change on
// the way, so both sides are compared as what they mean.
void ApplyPlanRules(const VerifyOptions& options, const std::string& table, const ColumnSchema& sc,
                    const ColumnSchema& tc, ColumnPairPlan* plan) {
  const CastRule* rule = FindCastRule(options.casts, table, sc);
  bool epoch = rule && rule->using_fn != CastFunction::kNone;
  if (epoch) {
    int64_t unit = rule->using_fn == CastFunction::kEpochSeconds ? kMicrosPerSecond : 1000;
    int digits = plan->source.digits;
    if (sc.type.IsInteger() && tc.type.IsTemporal()) {
      plan->source = {Render::kInt, unit, digits};
      plan->target = {Render::kInt, 1, digits};
      plan->note.clear();
    } else if (sc.type.IsTemporal() && tc.type.IsInteger()) {
      plan->source = {Render::kInt, 1, digits};
      plan->target = {Render::kInt, unit, digits};
      plan->note.clear();
    }
  }
  auto is_ts = [](const LogicalType& t) { return t.id == TypeId::kTimestamp || t.id == TypeId::kTimestampTz; };
  if (options.timestamp_resolution_micros > 1 && (epoch || is_ts(sc.type) || is_ts(tc.type))) {
    for (ColumnRender* r : {&plan->source, &plan->target})
      if (r->render == Render::kInt || r->render == Render::kIntBinary || r->render == Render::kTextAsTimestamp)
        r->divisor = options.timestamp_resolution_micros;
  }
}


// One side of a table comparison: what to read and how to render it.
struct Side {
  Database* db = nullptr;
  bool is_target = false;
  std::string table;
  std::vector<ColumnSchema> columns;  // matched columns, in source order
  std::vector<ColumnRender> renders;  // one per column
  std::string key_column;             // this side's name of the integer key, or ""
};

// An inclusive key range (inclusive, so INT64_MAX needs no special end).
struct KeyRange {
  int64_t lo = 0, hi = 0;
};

// Engines report their own failures as source errors; on the target side
// they are target errors (exit code 5, not 4).
Status AsTarget(const Status& st) {
  if (st.code() == StatusCode::kSource) return Status::Target(st.message());
  return st;
}

Status OnSide(const Side& side, const Status& st) { return side.is_target ? AsTarget(st) : st; }

ReadSpec MakeSpec(const Side& side, const KeyRange* range, const BatchLimits& limits) {
  ReadSpec spec;
  spec.table = side.table;
  spec.columns = side.columns;
  spec.limits = limits;
  if (range) {
    spec.range_column = side.key_column;
    spec.range_lo = range->lo;
    if (range->hi < std::numeric_limits<int64_t>::max()) spec.range_hi = range->hi + 1;
  }
  return spec;
}

struct ScanResult {
  Checksum sum;
  int64_t issues = 0;  // values the reader could not represent (read as NULL)
  Status status;
};

// Reads through the copy's ReadStage (its own thread) and hashes here, so a
// side whose reader is the slow part (SQLite decoding rows) is not slowed
// further by hashing; batches are recycled, never reallocated per batch.
ScanResult Scan(const Side& side, const KeyRange* range, const BatchLimits& limits) {
  ScanResult out;
  ReadSpec spec = MakeSpec(side, range, limits);
  auto reader = side.db->OpenReader(spec);
  if (!reader.ok()) {
    out.status = OnSide(side, reader.status());
    return out;
  }
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back(Field{c.name, c.type});
  JobStats stats;
  ReadStage read(std::move(*reader), std::move(fields), side.table, /*depth=*/2, &stats, nullptr);
  std::string buf;  // one row's encoding; reused so values never allocate
  while (auto batch = read.Next()) {
    out.issues += static_cast<int64_t>(batch->issues().size());
    const size_t rows = batch->num_rows();
    for (size_t row = 0; row < rows; ++row) {
      out.sum.Add(HashRow(*batch, row, side.renders, &buf));
    }
    read.Recycle(std::move(batch));
  }
  Status st = read.Finish();
  out.status = st.ok() ? st : OnSide(side, st);
  return out;
}

// Runs fn(source) on a second thread while fn(target) runs here.
template <typename Fn>
auto OnBothSides(const Side& source, const Side& target, Fn fn) {
  using R = decltype(fn(source));
  std::optional<R> from_source;
  std::thread thread([&] { from_source.emplace(fn(source)); });
  R from_target = fn(target);
  thread.join();
  return std::make_pair(std::move(*from_source), std::move(from_target));
}

// A row held for diffing.
struct HeldRow {
  int64_t int_key = 0;
  int64_t count = 0;                                // multiset: how many times
  std::vector<std::optional<std::string>> canon;    // per column; nullopt = NULL
  std::vector<std::optional<std::string>> text;     // per column, for people
};
using RowMap = std::unordered_map<std::string, HeldRow>;

struct KeySpec {
  std::vector<size_t> columns;  // empty: the whole row is the key (multiset)
  int int_column = -1;          // index of the integer key, or -1
};

Status Collect(const Side& side, const KeyRange* range, const KeySpec& key, const BatchLimits& limits,
               RowMap* rows) {
  auto reader = side.db->OpenReader(MakeSpec(side, range, limits));
  if (!reader.ok()) return OnSide(side, reader.status());
  RecordBatch batch;
  std::string buf;
  for (;;) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok()) return OnSide(side, more.status());
    if (!*more) break;
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      buf.clear();
      if (key.columns.empty()) EncodeRow(batch, row, side.renders, &buf);
      else EncodeColumns(batch, row, key.columns, side.renders, &buf);
      HeldRow& held = (*rows)[buf];
      if (held.count++ > 0) continue;
      if (key.int_column >= 0) held.int_key = batch.column(key.int_column).Int(row);
      held.canon.resize(side.columns.size());
      held.text.resize(side.columns.size());
      for (size_t c = 0; c < side.columns.size(); ++c) {
        const Column& col = batch.column(c);
        if (col.IsNull(row)) continue;
        std::string v;
        AppendCanonical(col, row, side.renders[c], &v);
        held.canon[c] = std::move(v);
        held.text[c] = ValueToText(col, row);
      }
    }
  }
  return Status::OK();
}

std::string Spell(const std::optional<std::string>& v) { return v ? "'" + *v + "'" : "NULL"; }

// Per-table state while locating differences.
struct Locator {
  const Side& source;
  const Side& target;
  const VerifyOptions& options;
  TableVerdict* verdict;
  KeySpec key;

  std::string KeyText(const HeldRow& row) const {
    std::string out;
    if (key.columns.empty()) {
      out = "(";
      for (size_t c = 0; c < row.text.size(); ++c) out += (c ? ", " : "") + Spell(row.text[c]);
      return out + ")";
    }
    for (size_t i = 0; i < key.columns.size(); ++i) {
      size_t c = key.columns[i];
      out += (i ? ", " : "") + source.columns[c].name + "=" + (row.text[c] ? *row.text[c] : "NULL");
    }
    return out;
  }

  // Diffs two collected sets and records what differs, in key order.
  void Diff(const RowMap& src, const RowMap& dst) {
    struct Found {
      int64_t int_key;
      std::string sort_key;
      RowDiff diff;
    };
    std::vector<Found> found;
    auto add = [&](const HeldRow& row, RowDiff::Kind kind, std::vector<ValueDiff> values, int64_t times) {
      for (int64_t i = 0; i < times; ++i) {
        RowDiff d{kind, KeyText(row), values};
        std::string sort_key = d.key;
        found.push_back({row.int_key, std::move(sort_key), std::move(d)});
      }
    };
    for (const auto& [k, s] : src) {
      auto it = dst.find(k);
      if (it == dst.end()) {
        add(s, RowDiff::Kind::kMissingInTarget, {}, key.columns.empty() ? s.count : 1);
        continue;
      }
      const HeldRow& t = it->second;
      if (key.columns.empty()) {
        if (s.count > t.count) add(s, RowDiff::Kind::kMissingInTarget, {}, s.count - t.count);
        if (t.count > s.count) add(t, RowDiff::Kind::kMissingInSource, {}, t.count - s.count);
        continue;
      }
      std::vector<ValueDiff> values;
      for (size_t c = 0; c < s.canon.size(); ++c)
        if (s.canon[c] != t.canon[c]) {
          // A column the plan renamed is named on both sides.
          const std::string& from = source.columns[c].name;
          const std::string& to = target.columns[c].name;
          values.push_back({from == to ? from : from + " -> " + to, s.text[c], t.text[c]});
        }
      if (!values.empty()) add(s, RowDiff::Kind::kDifferent, std::move(values), 1);
    }
    for (const auto& [k, t] : dst)
      if (!src.count(k)) add(t, RowDiff::Kind::kMissingInSource, {}, key.columns.empty() ? t.count : 1);
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      return a.int_key != b.int_key ? a.int_key < b.int_key : a.sort_key < b.sort_key;
    });
    verdict->rows_differing += static_cast<int64_t>(found.size());
    for (auto& f : found)
      if (static_cast<int64_t>(verdict->rows.size()) < options.show) verdict->rows.push_back(std::move(f.diff));
  }

  Status DiffRange(const KeyRange* range) {
    auto [src, dst] = OnBothSides(source, target, [&](const Side& side) {
      RowMap rows;
      Status st = Collect(side, range, key, options.limits, &rows);
      return std::make_pair(std::move(st), std::move(rows));
    });
    FERRY_RETURN_NOT_OK(src.first);
    FERRY_RETURN_NOT_OK(dst.first);
    Diff(src.second, dst.second);
    return Status::OK();
  }

  // Halves a differing range until it is small, then diffs it row by row.
  Status Bisect(KeyRange range, const Checksum& s, const Checksum& t) {
    if (s == t) return Status::OK();
    if (static_cast<int64_t>(std::max(s.count, t.count)) <= options.leaf_rows || range.lo == range.hi)
      return DiffRange(&range);
    int64_t mid = range.lo + static_cast<int64_t>((static_cast<uint64_t>(range.hi) - static_cast<uint64_t>(range.lo)) / 2);
    KeyRange left{range.lo, mid}, right{mid + 1, range.hi};
    auto [ls, lt] = OnBothSides(source, target, [&](const Side& side) { return Scan(side, &left, options.limits); });
    FERRY_RETURN_NOT_OK(ls.status);
    FERRY_RETURN_NOT_OK(lt.status);
    FERRY_RETURN_NOT_OK(Bisect(left, ls.sum, lt.sum));
    // The right half's digest is the whole minus the left: no second read.
    return Bisect(right, s.Minus(ls.sum), t.Minus(lt.sum));
  }
};

const TableSchema* FindTable(const Catalog& catalog, const std::string& name) {
  if (const TableSchema* t = catalog.FindTable(name)) return t;
  for (const auto& t : catalog.tables)
    if (strcasecmp(t.name.c_str(), name.c_str()) == 0) return &t;
  return nullptr;
}

const ColumnSchema* FindColumn(const TableSchema& table, const std::string& name) {
  if (const ColumnSchema* c = table.FindColumn(name)) return c;
  for (const auto& c : table.columns)
    if (strcasecmp(c.name.c_str(), name.c_str()) == 0) return &c;
  return nullptr;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

// The target table of a pair, found by name: exact, else case-insensitive.
TablePair PairByName(const TableSchema& st, const Catalog& target_catalog) {
  TablePair pair;
  pair.source = st;
  pair.target_name = st.name;
  const TableSchema* tt = FindTable(target_catalog, pair.target_name);
  if (!tt) return pair;
  pair.target = *tt;
  for (const auto& sc : st.columns) {
    const ColumnSchema* tc = FindColumn(*tt, sc.name);
    if (!tc) {
      pair.problems.push_back("column " + sc.name + " is missing in the target");
      continue;
    }
    pair.columns.emplace_back(sc.name, tc->name);
  }
  return pair;
}

Status VerifyTable(Database* source_db, Database* target_db, const TablePair& pair, const VerifyOptions& options,
                   TableVerdict* v) {
  const TableSchema& st = pair.source;
  v->table = st.name;
  v->problems = pair.problems;
  v->notes = pair.notes;
  if (!pair.target) {
    v->state = TableVerdict::State::kMissing;
    auto n = source_db->CountRows(st.name);
    if (!n.ok()) return n.status();
    v->rows_source = *n;
    v->rows_target = -1;
    v->problems.push_back("table " + pair.target_name + " is missing in the target");
    return Status::OK();
  }
  const TableSchema* tt = &*pair.target;
  v->target_table = tt->name;

  Side source{source_db, false, st.name, {}, {}, ""};
  Side target{target_db, true, tt->name, {}, {}, ""};
  std::set<std::string> compared_target;
  for (const auto& [source_column, target_column] : pair.columns) {
    const ColumnSchema* sc = st.FindColumn(source_column);
    const ColumnSchema* tc = tt->FindColumn(target_column);
    if (!sc || !tc) return Status::Internal("verify pairs unknown column " + source_column + " / " + target_column);
    compared_target.insert(tc->name);
    ColumnPairPlan plan = PlanColumnPair(sc->type, tc->type, options.canon);
    ApplyPlanRules(options, st.name, *sc, *tc, &plan);
    if (!plan.note.empty()) v->notes.push_back("column " + sc->name + ": " + plan.note);
    source.columns.push_back(*sc);
    target.columns.push_back(*tc);
    source.renders.push_back(plan.source);
    target.renders.push_back(plan.target);
  }
  for (const auto& tc : tt->columns)
    if (!compared_target.count(tc.name))
      v->notes.push_back("target column " + tc.name + " is not in the source (ignored)");

  // The single-column integer key that bisection ranges over.
  KeySpec key;
  if (st.primary_key.size() == 1) {
    for (size_t c = 0; c < source.columns.size(); ++c) {
      if (source.columns[c].name != st.primary_key[0]) continue;
      const LogicalType& a = source.columns[c].type;
      const LogicalType& b = target.columns[c].type;
      if (a.IsInteger() && b.IsInteger()) {
        key.int_column = static_cast<int>(c);
        key.columns = {c};
        source.key_column = source.columns[c].name;
        target.key_column = target.columns[c].name;
      }
    }
  }
  if (key.int_column < 0 && !st.primary_key.empty()) {
    for (const auto& name : st.primary_key) {
      auto it = std::find_if(source.columns.begin(), source.columns.end(),
                             [&](const ColumnSchema& c) { return c.name == name; });
      if (it == source.columns.end()) {
        key.columns.clear();  // part of the key is missing in the target: diff whole rows
        break;
      }
      key.columns.push_back(static_cast<size_t>(it - source.columns.begin()));
    }
  }

  auto [ss, ts] = OnBothSides(source, target, [&](const Side& side) { return Scan(side, nullptr, options.limits); });
  FERRY_RETURN_NOT_OK(ss.status);
  FERRY_RETURN_NOT_OK(ts.status);
  v->source_sum = ss.sum;
  v->target_sum = ts.sum;
  v->rows_source = static_cast<int64_t>(ss.sum.count);
  v->rows_target = static_cast<int64_t>(ts.sum.count);
  if (ss.issues) v->notes.push_back(std::to_string(ss.issues) + " source value(s) could not be read faithfully and compared as NULL");
  if (ts.issues) v->notes.push_back(std::to_string(ts.issues) + " target value(s) could not be read faithfully and compared as NULL");
  v->state = ss.sum == ts.sum && v->problems.empty() ? TableVerdict::State::kEqual : TableVerdict::State::kDifferent;
  if (ss.sum == ts.sum) return Status::OK();

  Locator locator{source, target, options, v, key};
  if (key.int_column >= 0) {
    auto sb = source_db->KeyBounds(source.table, source.key_column);
    if (!sb.ok()) return sb.status();
    auto tb = target_db->KeyBounds(target.table, target.key_column);
    if (!tb.ok()) return OnSide(target, tb.status());
    KeyRange range;
    if (*sb && *tb) range = {std::min((*sb)->first, (*tb)->first), std::max((*sb)->second, (*tb)->second)};
    else if (*sb) range = {(*sb)->first, (*sb)->second};
    else if (*tb) range = {(*tb)->first, (*tb)->second};
    v->method = "bisection on " + source.key_column;
    FERRY_RETURN_NOT_OK(locator.Bisect(range, ss.sum, ts.sum));
    if (v->rows_differing == 0) {
      // Only rows no key range reaches (a NULL key in a target without the
      // key constraint) differ; say so rather than report nothing.
      v->rows_differing = -1;
      v->method = "not located: the differing rows are outside every key range of " + source.key_column +
                  " (NULL keys in the target?)";
    }
    return Status::OK();
  }
  if (static_cast<int64_t>(std::max(ss.sum.count, ts.sum.count)) > options.hash_join_max_rows) {
    v->method = "not located: bisection needs a single-column integer primary key, and the table has more than " +
                Progress::Count(options.hash_join_max_rows) + " rows to diff in memory";
    v->rows_differing = -1;
    return Status::OK();
  }
  v->method = key.columns.empty() ? "whole rows compared in memory (no primary key)"
                                  : "rows compared in memory by primary key";
  return locator.DiffRange(nullptr);
}

}  // namespace

std::string_view RowDiffKindName(RowDiff::Kind kind) {
  switch (kind) {
    case RowDiff::Kind::kMissingInTarget: return "missing in target";
    case RowDiff::Kind::kMissingInSource: return "missing in source";
    case RowDiff::Kind::kDifferent: return "different";
  }
  return "different";
}

std::string_view TableStateName(TableVerdict::State state) {
  switch (state) {
    case TableVerdict::State::kEqual: return "equal";
    case TableVerdict::State::kDifferent: return "DIFFERENT";
    case TableVerdict::State::kMissing: return "missing";
  }
  return "DIFFERENT";
}

bool VerifyReport::AllEqual() const {
  for (const auto& t : tables)
    if (t.state != TableVerdict::State::kEqual) return false;
  return true;
}

namespace {

// A table several sql: entries feed is compared with all their rows at once
// (the transform source's AllEntriesOf view): its columns are the union of
// the entries', by name, in first-seen order.
TableJob AllEntriesJob(const Plan& plan, const std::string& target_table) {
  TableJob all;
  all.target_table = target_table;
  all.source_schema.name = AllEntriesOf(target_table);
  for (const auto& job : plan.jobs) {
    if (job.target_table != target_table) continue;
    if (all.source_schema.primary_key.empty()) all.source_schema.primary_key = job.query_key;
    for (const auto& m : job.columns) {
      if (all.source_schema.FindColumn(m.source_column)) continue;
      all.source_schema.columns.push_back(*job.source_schema.FindColumn(m.source_column));
      all.columns.push_back(m);
    }
  }
  return all;
}

}  // namespace

std::vector<TablePair> PairsFromPlan(const Plan& plan, const Catalog& target) {
  std::vector<TablePair> pairs;
  std::set<std::string> fan_in_done;
  for (const auto& planned : plan.jobs) {
    if (planned.shares_target && !fan_in_done.insert(planned.target_table).second) continue;
    const TableJob job = planned.shares_target ? AllEntriesJob(plan, planned.target_table) : planned;
    TablePair pair;
    pair.source = job.source_schema;
    pair.target_name = job.target_table;
    for (const auto& c : job.source_schema.columns)
      if (std::none_of(job.columns.begin(), job.columns.end(),
                       [&](const ColumnMapping& m) { return m.source_column == c.name; }))
        pair.notes.push_back("column " + c.name + " is dropped by the plan (not compared)");
    if (const TableSchema* tt = FindTable(target, job.target_table)) {
      pair.target = *tt;
      for (const auto& m : job.columns) {
        if (const ColumnSchema* tc = FindColumn(*tt, m.target_column)) pair.columns.emplace_back(m.source_column, tc->name);
        else pair.problems.push_back("column " + m.target_column + " is missing in the target");
      }
    }
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

Result<std::vector<TablePair>> PairByName(const Catalog& source, const Catalog& target, const VerifyOptions& options) {
  for (const auto& g : options.tables) {
    bool hit = false;
    for (const auto& t : source.tables) hit |= GlobMatches(g, t.name);
    if (!hit) return Status::NotFound("--tables '" + g + "' matches no table in the source");
  }
  std::vector<TablePair> pairs;
  for (const auto& t : source.tables) {
    if (t.name == kCheckpointTable) continue;  // ferry's own bookkeeping, not data
    if (!options.tables.empty() && !MatchesAnyGlob(options.tables, t.name)) continue;
    if (MatchesAnyGlob(options.excludes, t.name)) continue;
    pairs.push_back(PairByName(t, target));
  }
  if (pairs.empty()) return Status::NotFound("no tables to verify: the source has none that match");
  return pairs;
}

Result<Catalog> ReadTargetCatalog(Database* target) {
  auto tc = target->Introspect();
  if (!tc.ok()) return AsTarget(tc.status()).WithContext("reading the target schema");
  return tc;
}

Status Verify(Database* source, Database* target, const VerifyOptions& options, VerifyReport* report) {
  auto sc = source->Introspect();
  if (!sc.ok()) return sc.status().WithContext("reading the source schema");
  FERRY_ASSIGN_OR_RETURN(Catalog tc, ReadTargetCatalog(target));
  FERRY_ASSIGN_OR_RETURN(std::vector<TablePair> pairs, PairByName(*sc, tc, options));
  return Verify(source, target, pairs, options, report);
}

Status Verify(Database* source, Database* target, const std::vector<TablePair>& pairs, const VerifyOptions& options,
              VerifyReport* report) {
  auto start = std::chrono::steady_clock::now();
  report->source = source->DisplayName();
  report->target = target->DisplayName();
  for (const TablePair& pair : pairs) {
    auto t0 = std::chrono::steady_clock::now();
    report->tables.emplace_back();
    TableVerdict& v = report->tables.back();
    Status st = VerifyTable(source, target, pair, options, &v);
    v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!st.ok()) return st.WithContext("verify " + pair.source.name);
    std::string line = std::string(TableStateName(v.state)) + ": " + Progress::Count(v.rows_source) + " rows in source, " +
                       (v.rows_target < 0 ? std::string("no table") : Progress::Count(v.rows_target) + " in target") +
                       " (" + Seconds(v.seconds) + ")";
    if (v.state == TableVerdict::State::kEqual) log::Info(pair.source.name, line);
    else log::Warn(pair.source.name, line);
  }
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::OK();
}

std::string FormatVerifySummary(const VerifyReport& report) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"table", "rows src", "rows dst", "status", "time"});
  for (const auto& t : report.tables)
    rows.push_back({t.table, Progress::Count(t.rows_source), t.rows_target < 0 ? "-" : Progress::Count(t.rows_target),
                    std::string(TableStateName(t.state)), Seconds(t.seconds)});
  size_t w[5] = {0, 0, 0, 0, 0};
  for (const auto& r : rows)
    for (int i = 0; i < 5; ++i) w[i] = std::max(w[i], r[i].size());
  auto line = [&](const std::array<std::string, 5>& r) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, " %-*s  %*s  %*s  %-*s  %*s\n", int(w[0]), r[0].c_str(), int(w[1]), r[1].c_str(),
                  int(w[2]), r[2].c_str(), int(w[3]), r[3].c_str(), int(w[4]), r[4].c_str());
    return std::string(buf);
  };
  std::string out = line(rows[0]);
  out += line({std::string(w[0], '-'), std::string(w[1], '-'), std::string(w[2], '-'), std::string(w[3], '-'),
               std::string(w[4], '-')});
  for (size_t i = 1; i < rows.size(); ++i) out += line(rows[i]);
  size_t equal = 0;
  for (const auto& t : report.tables) equal += t.state == TableVerdict::State::kEqual;
  out += " " + std::to_string(equal) + " of " + std::to_string(report.tables.size()) + " table(s) equal\n";
  for (const auto& t : report.tables) {
    if (t.state == TableVerdict::State::kEqual && t.notes.empty()) continue;
    out += "\n" + t.table + (t.target_table.empty() || t.target_table == t.table ? "" : " -> " + t.target_table) + ":\n";
    for (const auto& p : t.problems) out += "  " + p + "\n";
    if (t.state != TableVerdict::State::kMissing && !(t.source_sum == t.target_sum)) {
      out += "  checksums differ: source " + t.source_sum.Hex() + ", target " + t.target_sum.Hex() + "\n";
      if (t.rows_differing >= 0)
        out += "  " + Progress::Count(t.rows_differing) + " row(s) differ (" + t.method + ")\n";
      else
        out += "  " + t.method + "\n";
    }
    for (const auto& r : t.rows) {
      out += "    " + r.key + ": " + std::string(RowDiffKindName(r.kind));
      for (size_t i = 0; i < r.values.size(); ++i)
        out += (i ? "; " : ": ") + r.values[i].column + " " + Spell(r.values[i].source) + " vs " + Spell(r.values[i].target);
      out += "\n";
    }
    if (t.rows_differing > static_cast<int64_t>(t.rows.size()))
      out += "    ... " + Progress::Count(t.rows_differing - static_cast<int64_t>(t.rows.size())) +
             " more (raise --show to list them)\n";
    for (const auto& n : t.notes) out += "  note: " + n + "\n";
  }
  for (const auto& n : report.notes) out += "note: " + n + "\n";
  return out;
}

std::string VerifyReportJson(const VerifyReport& report, int exit_code) {
  using nlohmann::json;
  json j;
  j["command"] = "verify";
  j["source"] = report.source;
  j["target"] = report.target;
  j["exit_code"] = exit_code;
  j["equal"] = report.status.ok() && report.AllEqual();
  j["seconds"] = report.seconds;
  if (!report.status.ok()) j["error"] = report.status.ToString();
  j["tables"] = json::array();
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  for (const auto& t : report.tables) {
    json jt;
    jt["table"] = t.table;
    jt["target_table"] = t.target_table.empty() ? json(nullptr) : json(t.target_table);
    jt["status"] = t.state == TableVerdict::State::kEqual ? "equal"
                   : t.state == TableVerdict::State::kMissing ? "missing"
                                                              : "different";
    jt["rows_source"] = t.rows_source;
    jt["rows_target"] = t.rows_target < 0 ? json(nullptr) : json(t.rows_target);
    jt["checksum_source"] = t.source_sum.Hex();
    jt["checksum_target"] = t.target_sum.Hex();
    jt["seconds"] = t.seconds;
    jt["problems"] = t.problems;
    jt["notes"] = t.notes;
    jt["method"] = t.method;
    jt["rows_differing"] = t.rows_differing;
    json rows = json::array();
    for (const auto& r : t.rows) {
      json jr;
      jr["kind"] = std::string(RowDiffKindName(r.kind));
      jr["key"] = r.key;
      json cols = json::array();
      for (const auto& c : r.values) cols.push_back({{"column", c.column}, {"source", opt(c.source)}, {"target", opt(c.target)}});
      if (r.kind == RowDiff::Kind::kDifferent) jr["columns"] = cols;
      rows.push_back(jr);
    }
    jt["differences"] = rows;
    j["tables"].push_back(jt);
  }
  j["notes"] = report.notes;
  return j.dump(2) + "\n";
}

}  // namespace ferry::verify
