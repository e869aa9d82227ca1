// SinkCapabilities: what a sink (engines/sink.h) can hold and how it loads,
// as one plain value. SQL dialects state theirs (Dialect::Capabilities);
// other sinks fill their own. The planner and the executor decide from
// this value alone, never from an engine's name.
#pragma once

#include <cstdint>
#include <string>

namespace ferry {

// What a sink can hold and how it loads. The planner and the executor read
// this value instead of asking which engine or format the target is.
struct SinkCapabilities {
  // Schema objects the sink can hold at all. Without keys there is no
  // primary key, unique index or --on-conflict merge; without columns'
  // defaults and key counters nothing of them is created.
  bool keys = true;
  bool indexes = true;
  bool defaults = true;
  bool auto_increment = true;
  // When keys and foreign keys are created: with the table (kInline) or by
  // statements after the data (kAfterData, the fast order: bulk load into
  // bare tables). kNone: not at all.
  enum class When { kNone, kInline, kAfterData };
  When primary_keys = When::kAfterData;
  When foreign_keys = When::kAfterData;
  // Inline foreign keys are checked as rows arrive (DuckDB): tables then
  // load parents first, and an FK that closes a cycle cannot be created.
  bool checks_inline_foreign_keys = false;
  // Rows written into existing tables are checked against their foreign
  // keys (false: MySQL writers turn the checks off, SQLite has none; the
  // executor then counts orphans afterwards).
  bool writers_check_foreign_keys = true;
  // What DDL can carry: ON DELETE/UPDATE actions, text/bytes lengths.
  bool foreign_key_actions = true;
  // A foreign key can be added without checking the rows already there
  // (PostgreSQL NOT VALID): what a copy does when the source has orphans.
  bool unvalidated_foreign_keys = false;
  bool text_lengths = true;

  // Where an index's name must be unique; the planner renames what would
  // collide (plan/index_names.h). kPerTable: within its table (MySQL).
  // kPerSchema: among the schema's indexes (DuckDB). kWithTables: among the
  // schema's tables and indexes together (PostgreSQL relations, SQLite).
  enum class IndexNames { kPerTable, kPerSchema, kWithTables };
  IndexNames index_names = IndexNames::kWithTables;
  // The longest identifier in bytes (PostgreSQL cuts longer ones to 63
  // without a word); 0 = no limit.
  int max_identifier_bytes = 0;
  // A prefix the engine keeps for its own objects ("sqlite_").
  std::string reserved_name_prefix;
  // Index kinds beyond an ordered index (plan/index_rules.h): full text
  // (PostgreSQL: GIN over to_tsvector; MySQL: FULLTEXT) and spatial (MySQL
  // SPATIAL, over its own geometry types). Prefix indexes are the
  // dialect's (Dialect::IndexPrefixSql).
  bool full_text_indexes = false;
  bool spatial_indexes = false;
  // The largest key an index entry holds, in bytes (PostgreSQL's btree
  // 2704, DuckDB's ART 122880); 0 = no limit ferry must mind. With
  // `hash_indexes` (an index over md5() of a value), an index a value is
  // too large for is made again over the hash of its text and bytes.
  int64_t max_index_key_bytes = 0;
  bool hash_indexes = false;

  // Loading into tables the application made (--data-only) and merging by
  // a natural key (--on-conflict); reading the target back (--verify).
  bool loads_into_existing = true;
  bool merges = true;
  bool readable = true;
  // Several writers at once (false: SQLite's single file lock), and several
  // writers on key ranges of one table (false: a file is written front to
  // back).
  bool concurrent_writers = true;
  bool key_range_writers = true;

  // How an interrupted run's progress is kept. kInDataTransaction: a table
  // of ferry's in the target, advanced in the transaction of the rows it
  // covers. kAfterDurableData: a checkpoint file, replaced once the rows it
  // covers are durable (files: fsync, then record the durable size).
  enum class Resume { kInDataTransaction, kAfterDurableData };
  Resume resume = Resume::kInDataTransaction;
  // Rows between commits when the user sets none: each commit of a file
  // sink is an fsync plus a checkpoint file, so it commits less often.
  int64_t default_commit_rows = 100'000;

  // CountRows tells what the sink holds, so a copy checks its tables'
  // counts at the end (false: a socket keeps nothing to count).
  bool counts_rows = true;
  // The sink's writers pace their own sends to --rate (WriteSpec::pace),
  // evenly within a batch, instead of the task waiting per batch: a socket
  // must not send a whole batch as one burst.
  bool paces_sends = false;

  // A finished run's checkpoint stays (phase post, every task done), so the
  // same run again sends nothing twice; --restart starts afresh. For a sink
  // that cannot take rows back or recognise them (a socket).
  bool keeps_finished_checkpoint = false;

  // What the sink's tables are called in messages: "table" or "file".
  std::string noun = "table";
};

}  // namespace ferry
