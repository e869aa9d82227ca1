#include "engines/sink.h"

namespace ferry {

SchemaOp SchemaOp::DropTable(const std::string& name) {
  SchemaOp op;
  op.kind = Kind::kDropTable;
  op.table.name = name;
  return op;
}

SchemaOp SchemaOp::CreateTable(TableSchema table, bool keys_inline) {
  SchemaOp op;
  op.kind = Kind::kCreateTable;
  op.table = std::move(table);
  op.keys_inline = keys_inline;
  return op;
}

SchemaOp SchemaOp::EmptyTables(std::vector<std::string> children_first) {
  SchemaOp op;
  op.kind = Kind::kEmptyTables;
  op.tables = std::move(children_first);
  return op;
}

SchemaOp SchemaOp::AddPrimaryKey(const TableSchema& table) {
  SchemaOp op;
  op.kind = Kind::kAddPrimaryKey;
  op.table = table;
  return op;
}

SchemaOp SchemaOp::CreateIndex(const TableSchema& table, IndexSchema index) {
  SchemaOp op;
  op.kind = Kind::kCreateIndex;
  op.table = table;
  op.index = std::move(index);
  return op;
}

SchemaOp SchemaOp::AddForeignKey(const TableSchema& table, ForeignKeySchema fk) {
  SchemaOp op;
  op.kind = Kind::kAddForeignKey;
  op.table = table;
  op.foreign_key = std::move(fk);
  return op;
}

}  // namespace ferry
